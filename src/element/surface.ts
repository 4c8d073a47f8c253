/**
 * A surface is where the payment page is shown: a modal window with a
 * frame, a popup window, or the whole tab (redirect). The checkout flow
 * talks to every surface through this one interface, so a mode is one
 * module, and falling back from one mode to another swaps the surface.
 */
import type {
  CancelSource,
  CheckoutMode,
  RequestCloseSource,
} from './events.ts';

/** What a surface reports back to the checkout flow. */
export interface SurfaceListener {
  /** The pay page sent the customer to the merchant's return page. */
  returned(url: URL): void;
  /**
   * The customer asked to close; the flow may refuse, unless the browser
   * will close anyway (`cancelable` false).
   */
  requestClose(source: RequestCloseSource, cancelable?: boolean): void;
  /** The surface went away on its own (a popup closed by the customer). */
  dismissed(source: CancelSource): void;
  /** The pay page refused to be shown here (framing denied, popup blocked). */
  refused(): void;
}

export interface Surface {
  readonly mode: CheckoutMode;
  /**
   * Shows a waiting state at once. Called inside the customer's click,
   * while the browser still allows a popup to open.
   */
  start(listener: SurfaceListener): void;
  /** Shows the payment page. */
  show(payLink: URL): void;
  /** Shows a message for the customer in place of the page. */
  fail(message: string): void;
  /** Shows it again after the element moved in the document. */
  reattach?(): void;
  /** Whether anything of it is still on screen. */
  readonly isOpen: boolean;
  /**
   * Removes every trace: window, frame, listeners, timers. Safe to call
   * twice. Returns whether anything was on screen.
   */
  dispose(): boolean;
}
