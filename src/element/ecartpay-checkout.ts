import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { OrderItemInput } from '../shared/ecartpay.ts';
import { devWarn } from './dev.ts';
import {
  checkoutEvent,
  type CancelSource,
  type CheckoutErrorCode,
  type CheckoutMode,
  type CheckoutOutcome,
  type RequestCloseSource,
} from './events.ts';
import { RequestError, pause, withRetries, type RetryPolicy } from './http.ts';
import { framingRefusedByBackend } from './framing.ts';
import { languageOf, messagesFor, type Messages } from './i18n.ts';
import { ModalSurface } from './modal-surface.ts';
import {
  getOrderStatus,
  postOrder,
  randomKey,
  statusUrl,
  type CreateOrderBody,
  type CreateOrderFunction,
  type GetOrderFunction,
} from './order-service.ts';
import {
  isCurrency,
  parseItems,
  parseOrder,
  parseOrderStatus,
  type CheckoutOrder,
} from './order-schema.ts';
import { allowedPayLink, parsePayOrigins } from './pay-link.ts';
import {
  isReturnPage,
  savePendingCheckout,
  takePendingCheckout,
} from './pending-checkout.ts';
import { PopupSurface } from './popup-surface.ts';
import { RedirectSurface } from './redirect-surface.ts';
import { checkoutStyles } from './styles.ts';
import type { Surface, SurfaceListener } from './surface.ts';

/** Pauses before retrying to create the order (so three tries in all). */
const ORDER_RETRY_DELAYS_MS = [400, 1200];

/** Pauses between readings of the status after the customer returns. */
const STATUS_RETRY_DELAYS_MS = [500, 1500, 3000];

/** A checkout in flight: from `open()` to its one outcome. */
interface Checkout {
  readonly promise: Promise<CheckoutOutcome>;
  readonly settle: (outcome: CheckoutOutcome) => void;
  readonly abort: AbortController;
  readonly idempotencyKey: string;
  surface: Surface;
  phase: 'creating' | 'paying' | 'confirming' | 'done';
  order: CheckoutOrder | null;
  payLink: URL | null;
}

const MODES: readonly string[] = ['modal', 'popup', 'redirect'];

/** A check of the element's configuration that found nothing wrong. */
interface ValidConfig {
  body: CreateOrderBody;
  payOrigins: string[];
}

/**
 * A button that takes an Ecart Pay payment. On activation it asks the
 * merchant's backend for an order, shows Ecart Pay's payment page in a
 * modal window, notices when the customer reaches the merchant's return
 * page, confirms the order's real status with the backend and reports
 * the outcome as events. Query parameters on the return page are hints
 * only: success is fired only for an order the backend reports `paid`.
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
 *   `popup-blocked`, `order-refunded`.
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
  static override styles = checkoutStyles;

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

  @state() private confirming = false;
  @state() private slotted = false;

  private checkout: Checkout | null = null;
  private readonly modal = new ModalSurface(this);

  /**
   * The texts in the element's current language.
   * @internal
   */
  get messages(): Messages {
    return messagesFor(languageOf(this));
  }

  /**
   * Starts a checkout, as a click on the button does, and resolves with
   * its outcome (never rejects). While one is in flight, returns that
   * one's promise: never a second order.
   */
  open(): Promise<CheckoutOutcome> {
    if (this.checkout) return this.checkout.promise;

    // A window still showing a past checkout's error gives way.
    this.disposeSurface(this.modal);

    const checkout = this.beginCheckout();
    void this.runCheckout(checkout);
    return checkout.promise;
  }

  /**
   * Ends the checkout in flight, as the customer closing the window does
   * but without `ecartpay-request-close`: the outcome is a cancel with
   * source `method`. Also closes a window showing an error.
   */
  close(): void {
    if (this.checkout) void this.endByCustomer(this.checkout, 'method');
    else this.disposeSurface(this.modal);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.checkout?.surface.reattach?.();
    queueMicrotask(() => void this.resumeAfterRedirect());
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
      if (!this.isConnected) this.abandon();
    });
  }

  private abandon(): void {
    const checkout = this.checkout;
    if (checkout) {
      this.checkout = null;
      checkout.abort.abort();
      this.disposeSurface(checkout.surface);
      this.finish(checkout, {
        type: 'cancel',
        order: checkout.order,
        source: 'disconnect',
      });
    }
    this.disposeSurface(this.modal);
    this.confirming = false;
  }

  override render() {
    const m = this.messages;
    return html`
      <button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        @click=${this.handleClick}
      >
        <slot @slotchange=${this.handleSlotChange}></slot>
        ${this.slotted ? nothing : (this.label ?? m.pay)}
      </button>
      <span class="visually-hidden" role="status"
        >${this.confirming ? m.confirming : ''}</span
      >
      ${this.modal.render()}
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

  private newCheckout(
    phase: Checkout['phase'],
    order: CheckoutOrder | null,
  ): Checkout {
    let settle!: (outcome: CheckoutOutcome) => void;
    const promise = new Promise<CheckoutOutcome>((resolve) => {
      settle = resolve;
    });
    const checkout: Checkout = {
      promise,
      settle,
      abort: new AbortController(),
      idempotencyKey: randomKey(),
      surface: this.modal,
      phase,
      order,
      payLink: null,
    };
    this.checkout = checkout;
    return checkout;
  }

  private beginCheckout(): Checkout {
    const checkout = this.newCheckout('creating', null);
    this.modal.offerNewWindow = this.mode !== 'modal';
    checkout.surface = this.surfaceFor(this.mode, checkout);
    checkout.surface.start(this.surfaceListener(checkout));
    return checkout;
  }

  private surfaceFor(mode: string | undefined, checkout: Checkout): Surface {
    if (mode === 'popup') return new PopupSurface(this);
    if (mode === 'redirect') return this.redirectSurface(checkout);
    return this.modal;
  }

  private redirectSurface(checkout: Checkout): RedirectSurface {
    return new RedirectSurface(
      this.modal,
      () => savePendingCheckout(checkout.order!, this.statusSource()),
      this.messages.leaving,
    );
  }

  /**
   * The page the customer came back to after a redirect checkout: an
   * element with the same status source confirms the order and fires
   * the outcome. Back on another page (the customer left Ecart Pay by
   * the Back button), only a paid order is a success; anything else is
   * a cancel with source `navigation`.
   */
  private async resumeAfterRedirect(): Promise<void> {
    await this.updateComplete;
    if (!this.isConnected || this.checkout) return;
    const source = this.statusSource();
    if (source === null && !this.getOrder) return;
    const pending = takePendingCheckout(source);
    if (!pending) return;

    const checkout = this.newCheckout('paying', pending.order);
    const page = new URL(window.location.href);
    if (isReturnPage(page, pending.order)) {
      void this.confirmReturn(checkout, page);
    } else {
      void this.endByCustomer(checkout, 'navigation');
    }
  }

  /**
   * Where this element reads statuses: the resolved status URL template,
   * or `null` when it uses `getOrder`.
   */
  private statusSource(): string | null {
    if (this.getOrder) return null;
    const template = this.statusEndpoint || this.endpoint;
    if (!template) return null;
    try {
      return new URL(template, document.baseURI).href;
    } catch {
      return null;
    }
  }

  private async runCheckout(checkout: Checkout): Promise<void> {
    const surface = checkout.surface;
    if (surface.mode === 'popup' && !surface.isOpen) {
      return this.fail(checkout, 'popup-blocked');
    }

    const config = this.validateConfig();
    if (typeof config === 'string') return this.fail(checkout, config);

    let answer: unknown;
    try {
      answer = await this.requestOrder(checkout, config.body);
    } catch (error) {
      if (checkout.abort.signal.aborted) return;
      return this.fail(checkout, orderErrorCode(error));
    }
    if (checkout.abort.signal.aborted) return;

    const order = parseOrder(answer);
    if (!order) return this.fail(checkout, 'invalid-order');
    checkout.order = order;

    const payLink = allowedPayLink(order.pay_link, config.payOrigins);
    if (!payLink) {
      devWarn(
        'pay-link',
        `pay_link origin is not in pay-origins (${config.payOrigins})`,
      );
      return this.fail(checkout, 'forbidden-pay-link');
    }

    this.emit('ecartpay-order-created', { order });
    if (this.checkout !== checkout) return;

    checkout.phase = 'paying';
    checkout.payLink = payLink;
    const framed = checkout.surface.mode === 'modal';
    if (framed && framingRefusedByBackend(order)) this.fallBack(checkout);
    else this.showPayPage(checkout, checkout.surface);
  }

  private showPayPage(checkout: Checkout, surface: Surface): void {
    checkout.surface = surface;
    surface.show(checkout.payLink!);
    if (this.checkout !== checkout) return;
    this.emit('ecartpay-open', {
      order: checkout.order!,
      mode: surface.mode,
    });
  }

  /**
   * The pay page cannot be shown where it is: the frame was refused (by
   * the backend's hint or the customer's word) or the popup blocked.
   * The next mode takes over with the same order: modal, popup,
   * redirect. A forced `mode` has no next one: that is an error.
   */
  private fallBack(checkout: Checkout): void {
    if (this.checkout !== checkout || checkout.phase !== 'paying') return;
    const from = checkout.surface.mode;
    if (from === 'redirect') return;
    if (this.mode === from) {
      const code = from === 'modal' ? 'framing-refused' : 'popup-blocked';
      return this.fail(checkout, code);
    }

    const listener = this.surfaceListener(checkout);
    if (from === 'modal') {
      const popup = new PopupSurface(this);
      popup.start(listener);
      if (popup.isOpen) {
        this.modal.dispose();
        return this.showPayPage(checkout, popup);
      }
    }

    // The modal window stays up, as the redirect's waiting screen.
    if (from === 'popup') checkout.surface.dispose();
    const redirect = this.redirectSurface(checkout);
    redirect.start(listener);
    this.showPayPage(checkout, redirect);
  }

  /** The order body and pay origins, or the code of what is wrong. */
  private validateConfig(): ValidConfig | CheckoutErrorCode {
    const payOrigins = parsePayOrigins(this.payOrigins);
    const problem = this.configProblem(payOrigins);
    if (problem) {
      devWarn(`config:${problem}`, problem);
      return 'invalid-config';
    }

    const body: CreateOrderBody = { ...this.order };
    if (this.items !== undefined) {
      const items = parseItems(this.items);
      if (!items) return 'invalid-items';
      body.items = items;
    }
    if (this.currency !== undefined) {
      if (!isCurrency(this.currency)) return 'invalid-currency';
      body.currency = this.currency;
    }
    return { body, payOrigins: payOrigins! };
  }

  /** What a developer must fix, or `null`. Never includes a secret. */
  private configProblem(payOrigins: string[] | null): string | null {
    if (!this.createOrder && !this.endpoint) {
      return 'set the endpoint attribute or the createOrder property';
    }
    if (this.endpoint && !isHttpUrl(this.endpoint)) {
      return 'endpoint is not an http(s) URL';
    }
    if (this.statusEndpoint && !isHttpUrl(this.statusEndpoint)) {
      return 'status-endpoint is not an http(s) URL';
    }
    if (!this.getOrder && !this.statusEndpoint && !this.endpoint) {
      return 'set endpoint, status-endpoint or getOrder to confirm orders';
    }
    if (!payOrigins) {
      return 'pay-origins lists an origin that is not https (or loopback)';
    }
    if (this.mode !== undefined && !MODES.includes(this.mode)) {
      return `mode "${this.mode}" is not one of ${MODES.join(', ')}`;
    }
    if (!(this.timeout > 0)) return 'timeout must be a positive number';
    if (this.order !== undefined && !isPlainObject(this.order)) {
      return 'order must be a plain object';
    }
    return null;
  }

  private requestOrder(
    checkout: Checkout,
    body: CreateOrderBody,
  ): Promise<unknown> {
    const signal = checkout.abort.signal;
    const createOrder = this.createOrder;
    if (createOrder) {
      const key = checkout.idempotencyKey;
      return withRetries(
        async (attemptSignal) => {
          try {
            return await createOrder({
              body,
              idempotencyKey: key,
              signal: attemptSignal,
            });
          } catch {
            throw new RequestError('http');
          }
        },
        this.policy(signal, []),
      );
    }
    return postOrder(
      this.endpoint!,
      body,
      checkout.idempotencyKey,
      this.policy(signal, ORDER_RETRY_DELAYS_MS),
    );
  }

  private policy(signal: AbortSignal, delays: number[]): RetryPolicy {
    return { timeoutMs: this.timeout, retryDelaysMs: delays, signal };
  }

  private surfaceListener(checkout: Checkout): SurfaceListener {
    return {
      returned: (url) => void this.confirmReturn(checkout, url),
      requestClose: (source, cancelable = true) =>
        this.handleRequestClose(checkout, source, cancelable),
      dismissed: (source) => void this.endByCustomer(checkout, source),
      refused: () => this.fallBack(checkout),
    };
  }

  private handleRequestClose(
    checkout: Checkout,
    source: RequestCloseSource,
    cancelable: boolean,
  ): void {
    const request = checkoutEvent(
      'ecartpay-request-close',
      { source },
      cancelable,
    );
    this.dispatchEvent(request);
    if (request.defaultPrevented) return;

    if (this.checkout === checkout) void this.endByCustomer(checkout, source);
    else this.disposeSurface(checkout.surface);
  }

  /**
   * The customer (or `close()`) ended the checkout. Before calling it a
   * cancel, the backend is asked once whether the order is already paid:
   * a customer may pay and close the window before the return page.
   */
  private async endByCustomer(
    checkout: Checkout,
    source: CancelSource,
  ): Promise<void> {
    if (this.checkout !== checkout) {
      this.disposeSurface(checkout.surface);
      return;
    }
    this.checkout = null;
    const { order, phase } = checkout;
    checkout.phase = 'done';
    if (phase === 'creating') checkout.abort.abort();
    this.disposeSurface(checkout.surface);

    const current = order && phase === 'paying'
      ? await this.readStatus(checkout, order, [])
      : null;
    if (current?.status === 'paid') {
      this.finish(checkout, { type: 'success', order: current });
    } else {
      this.finish(checkout, { type: 'cancel', order, source });
    }
  }

  /**
   * The customer reached the return page. Its parameters are hints: a
   * `status=paid` there only makes the element ask the backend a few
   * more times when it still says `created` (the payment may be being
   * recorded); only the backend's answer makes a success.
   */
  private async confirmReturn(checkout: Checkout, page: URL): Promise<void> {
    if (this.checkout !== checkout || checkout.phase !== 'paying') return;
    const order = checkout.order!;
    checkout.phase = 'confirming';
    this.disposeSurface(checkout.surface);
    this.confirming = true;

    const hintsPaid = page.searchParams.get('status') === 'paid';
    const outcome = await this.confirmStatus(checkout, order, hintsPaid);
    if (this.checkout !== checkout) return;
    this.checkout = null;
    this.confirming = false;
    this.finish(checkout, outcome);
  }

  private async confirmStatus(
    checkout: Checkout,
    order: CheckoutOrder,
    hintsPaid: boolean,
  ): Promise<CheckoutOutcome> {
    let latest: CheckoutOrder | null = null;
    for (let reading = 0; ; reading++) {
      const current = await this.readStatus(checkout, order, [0]);
      if (current) latest = current;

      const status = current?.status;
      if (status === 'paid') return { type: 'success', order: current! };
      if (status === 'refunded' || status === 'partially_refunded') {
        return this.errorOutcome('order-refunded', current!);
      }
      if (current && !hintsPaid) return { type: 'pending', order: current };

      const delay = STATUS_RETRY_DELAYS_MS[reading];
      if (delay === undefined) break;
      try {
        await pause(delay, checkout.abort.signal);
      } catch {
        break;
      }
    }
    return latest
      ? { type: 'pending', order: latest }
      : { type: 'pending', order, code: 'status-failed' };
  }

  /**
   * The order as the backend reports it now, or `null` when it cannot
   * be read. A status answer for another order counts as unreadable.
   */
  private async readStatus(
    checkout: Checkout,
    order: CheckoutOrder,
    retryDelays: number[],
  ): Promise<CheckoutOrder | null> {
    const policy = this.policy(checkout.abort.signal, retryDelays);
    try {
      const answer = await this.fetchStatus(order.id, policy);
      const current = parseOrderStatus(answer);
      if (!current || current.id !== order.id) return null;
      return { ...order, ...current };
    } catch {
      return null;
    }
  }

  private fetchStatus(id: string, policy: RetryPolicy): Promise<unknown> {
    const getOrder = this.getOrder;
    if (getOrder) {
      return withRetries(async (signal) => getOrder(id, { signal }), policy);
    }
    const template = this.statusEndpoint || this.endpoint!;
    return getOrderStatus(statusUrl(template, id), policy);
  }

  /** Ends the checkout with an error, shown in its window. */
  private fail(checkout: Checkout, code: CheckoutErrorCode): void {
    if (this.checkout !== checkout) return;
    this.checkout = null;
    checkout.phase = 'done';
    const outcome = this.errorOutcome(code, checkout.order ?? undefined);

    // A blocked popup has nowhere to say so: the modal window does.
    if (!checkout.surface.isOpen) {
      checkout.surface = this.modal;
      this.modal.start(this.surfaceListener(checkout));
    }
    checkout.surface.fail(outcome.message);
    this.finish(checkout, outcome);
  }

  private errorOutcome(
    code: CheckoutErrorCode,
    order?: CheckoutOrder,
  ): CheckoutOutcome & { type: 'error'; message: string } {
    const message = this.messages.errors[code];
    return order
      ? { type: 'error', code, message, order }
      : { type: 'error', code, message };
  }

  /** Fires the outcome's event and resolves `open()`'s promise. */
  private finish(checkout: Checkout, outcome: CheckoutOutcome): void {
    checkout.phase = 'done';
    checkout.abort.abort();
    if (outcome.type === 'success') {
      this.emit('ecartpay-success', { order: outcome.order });
    } else if (outcome.type === 'pending') {
      const { order, code } = outcome;
      this.emit('ecartpay-pending', code ? { order, code } : { order });
    } else if (outcome.type === 'cancel') {
      const { order, source } = outcome;
      this.emit('ecartpay-cancel', { order, source });
    } else {
      const { code, message, order } = outcome;
      this.emit('ecartpay-error', order
        ? { code, message, order }
        : { code, message });
    }
    checkout.settle(outcome);
  }

  /** Takes the surface off screen; fires `ecartpay-close` if it was on. */
  private disposeSurface(surface: Surface): void {
    if (surface.dispose()) this.emit('ecartpay-close', {});
  }

  private emit<K extends Parameters<typeof checkoutEvent>[0]>(
    type: K,
    detail: Parameters<typeof checkoutEvent<K>>[1],
  ): void {
    this.dispatchEvent(checkoutEvent(type, detail));
  }
}

function orderErrorCode(error: unknown): CheckoutErrorCode {
  if (!(error instanceof RequestError)) return 'order-failed';
  if (error.failure === 'timeout') return 'order-timeout';
  if (error.failure === 'network') return 'network';
  if (error.failure === 'json') return 'invalid-order';
  return 'order-failed';
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

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value, document.baseURI);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

declare global {
  interface HTMLElementTagNameMap {
    'ecartpay-checkout': EcartPayCheckout;
  }
}
