/**
 * Names the element shares with pages and with its own payment flow,
 * kept apart from the flow's modules so that the button's code, loaded
 * with every page, does not pull the flow in.
 */

/** Ecart Pay's production and sandbox hosts. */
export const DEFAULT_PAY_ORIGINS: readonly string[] = [
  'https://ecartpay.com',
  'https://sandbox.ecartpay.com',
];

/**
 * The message a return page on the host page's own origin may post to
 * its parent to say it has arrived: `{ type: 'ecartpay-return' }`. The
 * element then reads the frame's address itself; the message carries no
 * data it would trust.
 */
export const RETURN_MESSAGE_TYPE = 'ecartpay-return';

/** Where a checkout that left the tab (redirect mode) is kept. */
export const PENDING_CHECKOUT_KEY = 'ecartpay-checkout:pending';

/**
 * Whether a checkout left this tab for Ecart Pay and may be finished
 * here: a quick look, so that only then is the flow loaded at once.
 */
export function hasPendingCheckout(): boolean {
  try {
    return sessionStorage.getItem(PENDING_CHECKOUT_KEY) !== null;
  } catch {
    return false;
  }
}
