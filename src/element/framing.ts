/**
 * Whether the pay page may be framed. Ecart Pay does not document its
 * answer, and the sandbox can refuse (`X-Frame-Options: DENY`
 * plus CSP `frame-ancestors 'none'`).
 *
 * What the host page can see of a refused frame, measured in Chromium
 * 156 (headless, Debian 12), pay page on a second origin, with and
 * without the element's `sandbox` attribute, against a framed page of
 * the same server that works:
 * - `load` fires once on the `<iframe>` for both, about 100 to 200 ms
 *   after insertion; no `error` event for either.
 * - `contentWindow.location.href`, `.document`, `.name`, `.origin` and
 *   `frames[0]` throw the same SecurityError, message included ("Blocked
 *   a frame with origin ... from accessing a cross-origin frame").
 * - `contentWindow.length` is 0, `.closed` false, `.top` the page, and
 *   named access `window[iframe.name]` works, for both.
 * - Resource Timing has one `iframe` entry for each, with
 *   `responseStatus` 0 and zero sizes and `nextHopProtocol` '' (no
 *   Timing-Allow-Origin), durations alike.
 * - Re-navigating the frame to the same URL plus a fragment fires a new
 *   `load` for both (a cross-document navigation either way), and
 *   `history.length` does not move for either.
 * Chromium shows a refused frame as a cross-origin error page on
 * purpose, so that a page cannot learn another site's headers (a
 * cross-site leak). No robust signal exists in the browser.
 *
 * So the element decides from two things that cannot be wrong: a hint
 * from the merchant's backend, which can read the pay page's headers
 * (`framing: 'refused'` in the order it answers: the popup, or the
 * redirect when the popup is blocked, is used straight away), and the
 * customer, who always has a "continue in a new window" button below
 * the frame and sees at once whether the page is there.
 */
import type { CheckoutOrder } from './order-schema.ts';

/** Whether the backend says the pay page refuses to be framed. */
export function framingRefusedByBackend(order: CheckoutOrder): boolean {
  return order.framing === 'refused';
}
