/**
 * The page Ecart Pay sends the customer back to (`redirect_url`).
 *
 * - In the element's frame or window, it only tells the element on the
 *   shop's page that it has arrived; that element reads the address and
 *   confirms the status with the merchant's backend.
 * - As the whole tab, after a checkout that took the tab to Ecart Pay
 *   (redirect mode), the element hosted here resumes that checkout and
 *   fires its outcome.
 * - Reached any other way, it asks the backend for the order's status
 *   itself. The `status` parameter is only ever a hint.
 */
import '../../src/element/index.ts';

import { byId } from './dom.ts';
import { preferredLanguage, t, type MessageKey } from './i18n.ts';

type Outcome = 'success' | 'pending' | 'error';

const language = preferredLanguage();
let shown: 'element' | 'backend' | null = null;

document.documentElement.lang = language;
document.title = t(language, 'page.title');
byId('return-title').textContent = t(language, 'return.title');
byId('back').textContent = t(language, 'return.back');

if (window.parent !== window) {
  window.parent.postMessage({ type: 'ecartpay-return' }, location.origin);
} else {
  followResumedCheckout();
  void showStatusFromBackend();
}

function followResumedCheckout(): void {
  const checkout = byId('checkout');
  checkout.addEventListener('ecartpay-success', ({ detail }) =>
    show('element', 'success', detail.order.number),
  );
  checkout.addEventListener('ecartpay-pending', ({ detail }) =>
    show('element', 'pending', detail.order.number),
  );
  checkout.addEventListener('ecartpay-error', ({ detail }) =>
    show('element', 'error', detail.order?.number),
  );
}

async function showStatusFromBackend(): Promise<void> {
  const orderId = new URLSearchParams(location.search).get('order_id');
  const order = orderId ? await fetchOrder(orderId) : null;
  const outcome: Outcome =
    order?.status === 'paid'
      ? 'success'
      : order?.status === 'created'
        ? 'pending'
        : 'error';
  show('backend', outcome, order?.number);
}

/** The element's word, when it resumed a checkout, is the last one. */
function show(
  source: 'element' | 'backend',
  outcome: Outcome,
  number = '',
): void {
  if (shown === 'element') return;
  shown = source;

  const keys: Record<Outcome, MessageKey> = {
    success: 'outcome.success',
    pending: 'outcome.pending',
    error: 'return.unknown',
  };
  const message = byId('outcome');
  message.dataset.outcome = outcome;
  message.dataset.source = source;
  message.textContent = t(language, keys[outcome], { number });
  byId('return-title').textContent = t(language, 'return.done');
  byId('back').hidden = false;

  if (outcome !== 'error') sessionStorage.removeItem('tostadero-cart');
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
