/**
 * The events `<ecartpay-checkout>` fires. All of them bubble and are
 * composed, so a listener on `document` hears every checkout on the page.
 */
import type { CheckoutOrder } from './order-schema.ts';

/** How the payment page is shown. */
export type CheckoutMode = 'modal' | 'popup' | 'redirect';

/**
 * What `ecartpay-error` reports. The `message` beside it is written for
 * the customer, in the element's language.
 *
 * - `invalid-config`: no `endpoint` nor `createOrder`; no way to confirm
 *   a status; a malformed `endpoint`, `status-endpoint`, `pay-origins`,
 *   `mode`, `timeout` or `order`.
 * - `invalid-items`: `items` is not a non-empty list of
 *   `{name, quantity, price}` (or its attribute is not JSON).
 * - `invalid-currency`: `currency` is not one Ecart Pay lists.
 * - `order-failed`: the endpoint answered an error (4xx, 500, or 502/503/
 *   504 after every retry), or `createOrder` threw.
 * - `order-timeout`: every attempt to create the order timed out.
 * - `network`: the endpoint could not be reached, retries included.
 * - `invalid-order`: the answer is not JSON or lacks `id` / `pay_link`.
 * - `forbidden-pay-link`: `pay_link` is not on an allowed origin.
 * - `framing-refused`: the pay page refused to be framed and `mode` is
 *   forced to `modal`.
 * - `popup-blocked`: the browser blocked the window and `mode` is forced
 *   to `popup`.
 * - `order-refunded`: the order came back `refunded` or
 *   `partially_refunded`: money went back, so it is never a success.
 * - `load-failed`: the code of the payment window, fetched when the
 *   customer first shows interest, did not arrive (offline, or the
 *   script's host is down). Nothing was sent to the backend; the
 *   message asks the customer to reload the page.
 * - `status-failed`: never on `ecartpay-error`; it is the `code` of an
 *   `ecartpay-pending` whose status could not be confirmed.
 */
export type CheckoutErrorCode =
  | 'invalid-config'
  | 'invalid-items'
  | 'invalid-currency'
  | 'order-failed'
  | 'order-timeout'
  | 'network'
  | 'invalid-order'
  | 'forbidden-pay-link'
  | 'status-failed'
  | 'framing-refused'
  | 'popup-blocked'
  | 'order-refunded'
  | 'load-failed';

/** What asked the payment window to close. */
export type RequestCloseSource = 'close-button' | 'escape' | 'backdrop';

/**
 * Why a checkout ended without an outcome: the customer's gesture, a
 * `close()` call (`method`), the customer closing the popup
 * (`popup-closed`), the element leaving the document (`disconnect`), or
 * the customer coming back from a redirect checkout to a page other than
 * the return page, unpaid (`navigation`).
 */
export type CancelSource =
  | RequestCloseSource
  | 'method'
  | 'popup-closed'
  | 'disconnect'
  | 'navigation';

export interface OrderCreatedDetail {
  order: CheckoutOrder;
}

export interface OpenDetail {
  order: CheckoutOrder;
  mode: CheckoutMode;
}

export interface SuccessDetail {
  /** The order as the merchant's backend reports it: `status: 'paid'`. */
  order: CheckoutOrder;
}

export interface PendingDetail {
  /**
   * The order as last known. `status: 'created'` when the customer chose
   * cash or a bank transfer: the money has not arrived yet.
   */
  order: CheckoutOrder;
  /** `status-failed` when the status could not be confirmed at all. */
  code?: 'status-failed';
}

export interface CancelDetail {
  /** `null` when the customer left before the order existed. */
  order: CheckoutOrder | null;
  source: CancelSource;
}

export interface ErrorDetail {
  code: CheckoutErrorCode;
  /** For the customer, in the element's language. */
  message: string;
  order?: CheckoutOrder;
}

export interface RequestCloseDetail {
  source: RequestCloseSource;
}

export type CloseDetail = Record<string, never>;

/** What `open()` resolves to: the checkout's one outcome. */
export type CheckoutOutcome =
  | { type: 'success'; order: CheckoutOrder }
  | { type: 'pending'; order: CheckoutOrder; code?: 'status-failed' }
  | { type: 'cancel'; order: CheckoutOrder | null; source: CancelSource }
  | {
      type: 'error';
      code: CheckoutErrorCode;
      message: string;
      order?: CheckoutOrder;
    };

export interface CheckoutEventMap {
  'ecartpay-order-created': CustomEvent<OrderCreatedDetail>;
  'ecartpay-open': CustomEvent<OpenDetail>;
  'ecartpay-success': CustomEvent<SuccessDetail>;
  'ecartpay-pending': CustomEvent<PendingDetail>;
  'ecartpay-cancel': CustomEvent<CancelDetail>;
  'ecartpay-error': CustomEvent<ErrorDetail>;
  'ecartpay-close': CustomEvent<CloseDetail>;
  'ecartpay-request-close': CustomEvent<RequestCloseDetail>;
}

type DetailOf<K extends keyof CheckoutEventMap> =
  CheckoutEventMap[K] extends CustomEvent<infer D> ? D : never;

/** A bubbling, composed event; cancelable only when asked. */
export function checkoutEvent<K extends keyof CheckoutEventMap>(
  type: K,
  detail: DetailOf<K>,
  cancelable = false,
): CheckoutEventMap[K] {
  return new CustomEvent(type, {
    detail,
    bubbles: true,
    composed: true,
    cancelable,
  }) as CheckoutEventMap[K];
}

declare global {
  interface HTMLElementEventMap extends CheckoutEventMap {}
}
