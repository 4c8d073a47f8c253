/**
 * The page Ecart Pay sends the customer back to (`redirect_url`).
 *
 * Inside the checkout's frame it only tells the element on the shop's page
 * that the frame has arrived; the element reads the address and confirms
 * the status with the merchant's backend. Reached as a whole tab (a
 * checkout that had to leave the shop's page), it asks the backend for
 * the order's status itself: the `status` parameter is only a hint.
 */
import { byId } from './dom.ts';
import { preferredLanguage, t, type MessageKey } from './i18n.ts';

const language = preferredLanguage();

document.documentElement.lang = language;
document.title = t(language, 'page.title');
byId('return-title').textContent = t(language, 'return.title');
byId('back').textContent = t(language, 'return.back');

if (window.parent !== window) {
  window.parent.postMessage({ type: 'ecartpay-return' }, location.origin);
} else {
  void showConfirmedStatus();
}

async function showConfirmedStatus(): Promise<void> {
  const orderId = new URLSearchParams(location.search).get('order_id');
  const order = orderId ? await fetchOrder(orderId) : null;

  byId('return-title').textContent = t(language, 'return.done');
  byId('back').hidden = false;

  const outcome = byId('outcome');
  const number = order?.number ?? '';
  const [kind, key]: [string, MessageKey] =
    order?.status === 'paid'
      ? ['success', 'outcome.success']
      : order?.status === 'created'
        ? ['pending', 'outcome.pending']
        : ['error', 'return.unknown'];
  outcome.dataset.outcome = kind;
  outcome.textContent = t(language, key, { number });
  if (kind !== 'error') sessionStorage.removeItem('tostadero-cart');
}

interface OrderStatus {
  number?: string;
  status?: string;
}

/** The order as the merchant's backend confirms it with Ecart Pay. */
async function fetchOrder(id: string): Promise<OrderStatus | null> {
  try {
    const response = await fetch(`/api/checkout/${encodeURIComponent(id)}`);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}
