import { byId, fromTemplate, part } from './dom.ts';
import { t, type Language } from './i18n.ts';

/** Every event `<ecartpay-checkout>` fires, in the order they may come. */
const CHECKOUT_EVENTS = [
  'ecartpay-order-created',
  'ecartpay-open',
  'ecartpay-request-close',
  'ecartpay-close',
  'ecartpay-success',
  'ecartpay-pending',
  'ecartpay-cancel',
  'ecartpay-error',
] as const;

type CheckoutEventType = (typeof CHECKOUT_EVENTS)[number];

interface OrderLike {
  id?: string;
  number?: string;
  status?: string;
}

interface AnyCheckoutDetail {
  order?: OrderLike | null;
  mode?: string;
  source?: string;
  code?: string;
  message?: string;
}

export interface CheckoutWatch {
  language(): Language;
  /**
   * The customer paid, or chose to pay later (cash) or may have paid (a
   * status not confirmed yet): either way the cart became an order and
   * must not be paid again.
   */
  onOrderPlaced(): void;
}

/**
 * Logs each `ecartpay-*` event of `checkout` on the page, and tells the
 * customer how their checkout ended.
 */
export function watchCheckout(checkout: HTMLElement, watch: CheckoutWatch) {
  const log = byId('event-log');
  const empty = byId('log-empty');

  for (const type of CHECKOUT_EVENTS) {
    checkout.addEventListener(type, (event) => {
      const detail = ((event as CustomEvent).detail ??
        {}) as AnyCheckoutDetail;
      log.prepend(logEntry(type, detail));
      empty.hidden = true;
      showOutcome(type, detail, watch);
    });
  }

  byId('log-clear').addEventListener('click', () => {
    log.replaceChildren();
    empty.hidden = false;
  });
}

function logEntry(type: CheckoutEventType, detail: AnyCheckoutDetail) {
  const entry = fromTemplate('log-template');
  const now = new Date();
  entry.dataset.type = type;
  part(entry, '.log-time').textContent = now.toLocaleTimeString();
  part(entry, '.log-time').setAttribute('datetime', now.toISOString());
  part(entry, '.log-type').textContent = type;
  part(entry, '.log-detail').textContent = summarize(detail);
  return entry;
}

/** The parts of a detail worth a glance; never more than the page has. */
function summarize(detail: AnyCheckoutDetail): string {
  const order = detail.order;
  return [
    order?.number ?? order?.id,
    order?.status && `status=${order.status}`,
    detail.mode && `mode=${detail.mode}`,
    detail.source && `source=${detail.source}`,
    detail.code && `code=${detail.code}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

function showOutcome(
  type: CheckoutEventType,
  detail: AnyCheckoutDetail,
  watch: CheckoutWatch,
): void {
  const outcome = byId('outcome');
  const language = watch.language();
  const number = detail.order?.number ?? detail.order?.id ?? '';

  if (type === 'ecartpay-open') {
    outcome.textContent = '';
    delete outcome.dataset.outcome;
    return;
  }

  const text: Partial<Record<CheckoutEventType, string>> = {
    'ecartpay-success': t(language, 'outcome.success', { number }),
    'ecartpay-pending': t(language, 'outcome.pending', { number }),
    'ecartpay-cancel': t(language, 'outcome.cancel'),
    'ecartpay-error': t(language, 'outcome.error', {
      message: detail.message ?? detail.code ?? '',
    }),
  };
  const message = text[type];
  if (message === undefined) return;

  outcome.textContent = message;
  outcome.dataset.outcome = type.replace('ecartpay-', '');
  if (type === 'ecartpay-success' || type === 'ecartpay-pending') {
    watch.onOrderPlaced();
  }
}
