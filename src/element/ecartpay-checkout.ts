import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OrderItemInput } from '../shared/ecartpay.ts';
import { buttonStyles } from './button-styles.ts';
import type { CheckoutFlow } from './checkout-flow.ts';
import {
  checkoutEvent,
  type CancelSource,
  type CheckoutMode,
  type CheckoutOutcome,
} from './events.ts';
import {
  loadFlow,
  loadedFlow,
  whenIdle,
  type CheckoutFlowClass,
} from './flow-loader.ts';
import { LOAD_FAILED_MESSAGES, PAY_LABELS, languageOf } from './language.ts';
import type {
  CreateOrderFunction,
  GetOrderFunction,
} from './order-service.ts';
import { hasPendingCheckout } from './protocol.ts';

/**
 * A button that takes an Ecart Pay payment. On activation it asks the
 * merchant's backend for an order, shows Ecart Pay's payment page in a
 * modal window, notices when the customer reaches the merchant's return
 * page, confirms the order's real status with the backend and reports
 * the outcome as events. Query parameters on the return page are hints
 * only: success is fired only for an order the backend reports `paid`.
 *
 * The button is all a page loads at first: the payment flow's code
 * follows when the browser is idle, or when the customer points at or
 * focuses the button, so that it is there by the click.
 *
 * Outcomes, exactly one per checkout: `ecartpay-success` (paid),
 * `ecartpay-pending` (`created`: cash or transfer not yet received, or a
 * status that could not be confirmed), `ecartpay-cancel` or
 * `ecartpay-error` (`refunded` and `partially_refunded` are errors:
 * money went back). When the customer closes the window, the backend is
 * asked once more: if it already reports the order paid, the outcome is
 * success, not cancel.
 *
 * The return page is noticed on each load of the frame (its address can
 * be read once it is on the host page's origin) or when that page posts
 * `{type: 'ecartpay-return'}` to its parent. A pay page that refuses to
 * be framed cannot be detected by the browser (see `framing.ts`): the
 * customer always has a "continue in a new window" button below the
 * frame, and a backend that knows answers the order with
 * `framing: 'refused'`, which goes straight to a popup (or to a full-page
 * redirect when the popup is blocked).
 *
 * @summary An Ecart Pay checkout button with an accessible payment window.
 *
 * @fires {CustomEvent<OrderCreatedDetail>} ecartpay-order-created - The
 *   backend created the order. `detail: {order}`.
 * @fires {CustomEvent<OpenDetail>} ecartpay-open - The payment page is
 *   shown. `detail: {order, mode}`.
 * @fires {CustomEvent<SuccessDetail>} ecartpay-success - The backend
 *   confirms the order `paid`. `detail: {order}`.
 * @fires {CustomEvent<PendingDetail>} ecartpay-pending - The customer
 *   finished but the money has not arrived (cash, transfer: `status`
 *   `created`), or the status could not be confirmed (`code:
 *   'status-failed'`). `detail: {order, code?}`. Never a success.
 * @fires {CustomEvent<CancelDetail>} ecartpay-cancel - The checkout
 *   ended without payment. `detail: {order, source}`; `order` is `null`
 *   when it ended before the order existed; `source` is `close-button`,
 *   `escape`, `backdrop`, `method` (`close()`), `popup-closed` or
 *   `disconnect`.
 * @fires {CustomEvent<ErrorDetail>} ecartpay-error - `detail: {code,
 *   message, order?}`: `message` is for the customer, in the element's
 *   language; `code` is one of `invalid-config`, `invalid-items`,
 *   `invalid-currency`, `order-failed`, `order-timeout`, `network`,
 *   `invalid-order`, `forbidden-pay-link`, `framing-refused`,
 *   `popup-blocked`, `order-refunded`, `load-failed`.
 * @fires {CustomEvent<CloseDetail>} ecartpay-close - The payment window
 *   is gone, whatever the reason. `detail: {}`. Fired on the element
 *   even when it was removed from the document, where its old ancestors
 *   no longer hear it.
 * @fires {CustomEvent<RequestCloseDetail>} ecartpay-request-close -
 *   The customer asked to close the window: `detail.source` is
 *   `close-button`, `escape` or `backdrop`; `preventDefault()` keeps it
 *   open. Not cancelable for an Esc the browser will not let a page
 *   refuse (Chromium allows it only after a click in the page).
 *
 * @slot - Replaces the button's content (the `label`).
 *
 * @csspart button - The checkout button.
 * @csspart dialog - The payment window, a native `<dialog>`.
 * @csspart panel - The window's content box.
 * @csspart header - The window's title bar.
 * @csspart title - The window's title.
 * @csspart close-button - The button that closes the window.
 * @csspart body - Where the page, status and messages go.
 * @csspart status - The loading status text.
 * @csspart spinner - The loading indicator.
 * @csspart message - An error message for the customer.
 * @csspart frame - The `<iframe>` of the payment page.
 * @csspart new-window - The line below the frame offering a new window.
 * @csspart new-window-button - Its button.
 *
 * @cssprop [--ecartpay-accent-color=#1f4fd1] - Button background.
 * @cssprop [--ecartpay-on-accent-color=#ffffff] - Button text.
 * @cssprop [--ecartpay-border-radius=8px] - Button and window corners.
 * @cssprop [--ecartpay-font-family=inherit] - Font of button and window.
 * @cssprop [--ecartpay-button-padding=0.625rem 1.25rem] - Button padding.
 * @cssprop [--ecartpay-focus-ring-color=#0b2f8a] - Focus outline.
 * @cssprop [--ecartpay-dialog-width=min(480px, 100vw - 2rem)] - Window
 *   width on wide screens (full screen below 600px).
 * @cssprop [--ecartpay-dialog-height=min(720px, 100dvh - 2rem)] - Window
 *   height on wide screens.
 * @cssprop [--ecartpay-dialog-background=#ffffff] - Window background.
 * @cssprop [--ecartpay-dialog-color=#1a1a1a] - Window text.
 * @cssprop [--ecartpay-backdrop-color=rgb(0 0 0 / 0.5)] - Behind the
 *   window.
 * @cssprop [--ecartpay-divider-color=#e3e3e3] - Under the title bar.
 * @cssprop [--ecartpay-frame-background=#ffffff] - Behind the page.
 */
export class EcartPayCheckout extends LitElement {
  static override styles = buttonStyles;

  /**
   * `focus()` on the element focuses its button.
   * @internal
   */
  static override shadowRootOptions: ShadowRootInit = {
    ...LitElement.shadowRootOptions,
    delegatesFocus: true,
  };

  /**
   * The merchant's checkout endpoint. The element POSTs
   * `{...order, items, currency}` there as JSON with an `Idempotency-Key`
   * header, and reads the status from `{endpoint}/{id}` unless
   * `status-endpoint` or `getOrder` say otherwise. Cookies go along to
   * the page's own origin only; an endpoint on another origin must allow
   * the `Idempotency-Key` header by CORS.
   */
  @property() endpoint?: string;

  /**
   * Where to read an order's status: a URL with an `{id}` placeholder,
   * or a base to which `/{id}` is appended. Defaults to `endpoint`.
   */
  @property({ attribute: 'status-endpoint' }) statusEndpoint?: string;

  /**
   * The cart: `[{name, quantity, price}]`, prices per unit in major
   * units. The attribute takes the same list as JSON.
   */
  @property({ converter: { fromAttribute: parseJsonAttribute } })
  items?: OrderItemInput[];

  /** The order's currency, one Ecart Pay lists (e.g. `MXN`). */
  @property() currency?: string;

  /**
   * Merchant-defined fields sent with the order (e.g. a cart id, the
   * customer's email). Property only.
   */
  @property({ attribute: false }) order?: Record<string, unknown>;

  /**
   * Creates the order instead of POSTing to `endpoint`, for pages with
   * their own API client. Receives `{body, idempotencyKey, signal}` and
   * returns (a promise of) the order. Not retried. Property only.
   */
  @property({ attribute: false }) createOrder?: CreateOrderFunction;

  /**
   * Reads an order's status instead of `status-endpoint`. Receives the
   * order id and `{signal}`; returns (a promise of) the order. Retried
   * like the endpoint. Property only.
   */
  @property({ attribute: false }) getOrder?: GetOrderFunction;

  /**
   * The origins a `pay_link` may point at, space separated. `https:`
   * only, except a loopback origin (`http://127.0.0.1:4010`,
   * `http://localhost:4010`, `http://[::1]:4010`) listed on purpose for a
   * local sandbox.
   */
  @property({ attribute: 'pay-origins' }) payOrigins =
    'https://ecartpay.com https://sandbox.ecartpay.com';

  /**
   * The language of the button and window: `es` or `en`. Defaults to the
   * closest `lang` attribute, then the document's, then English.
   */
  @property() override lang!: string;

  /** The button's text; the default slot replaces it. */
  @property() label?: string;

  /**
   * Disables the button. `open()` still starts a checkout: the page's
   * own code decides.
   */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Milliseconds to wait for each request to the backend. */
  @property({ type: Number }) timeout: number = 15000;

  /**
   * Forces how the payment page is shown: `modal` (framed in a modal
   * window; a page that refuses frames is then an error), `popup` (a
   * window of its own; a blocked popup is then an error) or `redirect`
   * (the whole tab goes to Ecart Pay and an element on the return page
   * finishes the checkout). Unset: modal, then popup, then redirect, as
   * each proves impossible.
   */
  @property() mode?: CheckoutMode;

  /**
   * Loads the payment window's code now rather than when the browser is
   * idle or the customer points at the button: for a page where the
   * customer came to pay. Resolves once it is here; rejects when it
   * cannot be loaded (a click then reports `load-failed`).
   */
  static async preload(): Promise<void> {
    await loadFlow();
  }

  @state() private slotted = false;

  /** The payment flow, from the first time it is needed. */
  private flow: CheckoutFlow | null = null;

  /** `open()`'s answer while the flow's code is still on its way. */
  private opening: Promise<CheckoutOutcome> | null = null;

  /** How a checkout ended before the flow's code arrived. */
  private endedWhileLoading: CancelSource | null = null;

  /**
   * Starts a checkout, as a click on the button does, and resolves with
   * its outcome (never rejects). While one is in flight, returns that
   * one's promise: never a second order.
   */
  open(): Promise<CheckoutOutcome> {
    if (this.opening) return this.opening;
    const flow = this.readyFlow();
    if (flow) return flow.open();

    this.opening = this.openWhenLoaded();
    return this.opening;
  }

  /**
   * Ends the checkout in flight, as the customer closing the window does
   * but without `ecartpay-request-close`: the outcome is a cancel with
   * source `method`. Also closes a window showing an error.
   */
  close(): void {
    if (this.flow) this.flow.close();
    else if (this.opening) this.endedWhileLoading ??= 'method';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (hasPendingCheckout()) void this.resumeAfterRedirect();
    else whenIdle(this.prepareFlow);
  }

  /**
   * Leaving the document abandons the checkout: requests are aborted,
   * the window closes (`ecartpay-close`) and the outcome is a cancel with
   * source `disconnect`. Both events fire on the element itself; its old
   * ancestors no longer hear them. An element moved (removed and put
   * back before the next microtask) keeps its checkout.
   */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    queueMicrotask(() => {
      if (this.isConnected) return;
      if (this.flow) this.flow.abandon();
      else if (this.opening) this.endedWhileLoading ??= 'disconnect';
    });
  }

  override render() {
    const flow = this.flow;
    const confirming = flow?.confirming ? flow.messages.confirming : '';
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        @click=${this.handleClick}
        @pointerenter=${this.prepareFlow}
        @focus=${this.prepareFlow}
      >
        <slot @slotchange=${this.handleSlotChange}></slot>
        ${this.slotted ? nothing : (this.label ?? PAY_LABELS[languageOf(this)])}
      </button>
      <span class="visually-hidden" role="status">${confirming}</span>
      ${flow ? flow.render() : nothing}
    `;
  }

  private handleClick = () => {
    void this.open();
  };

  /**
   * The label shows unless the page slotted real content. Not the slot's
   * own fallback: the line breaks of a tag written over two lines are
   * slotted text too, and would hide it.
   */
  private handleSlotChange = (event: Event) => {
    const slot = event.target as HTMLSlotElement;
    this.slotted = slot
      .assignedNodes({ flatten: true })
      .some((node) => node.nodeType === Node.ELEMENT_NODE ||
        node.textContent!.trim() !== '');
  };

  /**
   * Loads the flow ahead of the click and sets it up for this element,
   * its window rendered closed, so that the click only opens it. Quiet
   * when the load fails: the click meets the same failure and reports
   * it.
   */
  private prepareFlow = () => {
    if (this.flow) return;
    loadFlow().then(
      (Flow) => {
        if (this.isConnected) this.adoptFlow(Flow);
      },
      () => {},
    );
  };

  /** The flow when its code is here, so that a click opens at once. */
  private readyFlow(): CheckoutFlow | null {
    if (this.flow) return this.flow;
    const Flow = loadedFlow();
    return Flow ? this.adoptFlow(Flow) : null;
  }

  private adoptFlow(Flow: CheckoutFlowClass): CheckoutFlow {
    if (!this.flow) {
      this.flow = new Flow(this);
      this.requestUpdate();
    }
    return this.flow;
  }

  /**
   * A click before the flow's code arrived. A popup opened now, after a
   * wait, still counts as the click's: browsers allow it for a few
   * seconds after the customer's activation.
   */
  private async openWhenLoaded(): Promise<CheckoutOutcome> {
    try {
      const Flow = await loadFlow().catch(() => null);
      const ended = this.endedWhileLoading;
      if (ended) return this.endUnstarted(ended);
      if (!Flow) return this.failToLoad();
      return await this.adoptFlow(Flow).open();
    } finally {
      this.opening = null;
      this.endedWhileLoading = null;
    }
  }

  /** A checkout ended before anything was shown or sent. */
  private endUnstarted(source: CancelSource): CheckoutOutcome {
    this.dispatchEvent(
      checkoutEvent('ecartpay-cancel', { order: null, source }),
    );
    return { type: 'cancel', order: null, source };
  }

  private failToLoad(): CheckoutOutcome {
    const code = 'load-failed';
    const message = LOAD_FAILED_MESSAGES[languageOf(this)];
    this.dispatchEvent(checkoutEvent('ecartpay-error', { code, message }));
    return { type: 'error', code, message };
  }

  /**
   * The tab came back from Ecart Pay after a redirect checkout: the flow
   * decides whether this element finishes it. When its code cannot be
   * loaded, the merchant's backend still learns the status from Ecart
   * Pay; the page can offer a reload.
   */
  private async resumeAfterRedirect(): Promise<void> {
    const Flow = await loadFlow().catch(() => null);
    if (Flow) await this.adoptFlow(Flow).resumeAfterRedirect();
  }
}

/**
 * The `items` attribute's JSON. Text that is not JSON is kept as it is,
 * so that the checkout reports `invalid-items` rather than losing it.
 */
function parseJsonAttribute(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ecartpay-checkout': EcartPayCheckout;
  }
}
