/**
 * The payment flow behind `<ecartpay-checkout>`'s button: configuration
 * checks, the order request, the surfaces that show the pay page (modal,
 * popup, redirect), the status confirmation and the outcome events. It
 * is loaded after the page (see `flow-loader.ts`), so that it costs the
 * page nothing before the button shows and works.
 */
import { adoptStyles, type LitElement, type ReactiveController } from 'lit';
import type { EcartPayCheckout } from './ecartpay-checkout.ts';
import { devWarn } from './dev.ts';
import {
  checkoutEvent,
  type CancelSource,
  type CheckoutOutcome,
  type RequestCloseSource,
} from './events.ts';
import { RequestError, pause, withRetries, type RetryPolicy } from './http.ts';
import { framingRefusedByBackend } from './framing.ts';
import {
  messagesFor,
  type FlowErrorCode,
  type Messages,
} from './i18n.ts';
import { whenIdle } from './flow-loader.ts';
import { languageOf } from './language.ts';
import { ModalSurface } from './modal-surface.ts';
import {
  getOrderStatus,
  postOrder,
  randomKey,
  statusUrl,
  type CreateOrderBody,
} from './order-service.ts';
import {
  isCurrency,
  parseItems,
  parseOrder,
  parseOrderStatus,
  prepareSchemas,
  type CheckoutOrder,
} from './order-schema.ts';
import {
  allowedPayLink,
  parsePayOrigins,
  preconnect,
} from './pay-link.ts';
import {
  isReturnPage,
  savePendingCheckout,
  takePendingCheckout,
} from './pending-checkout.ts';
import { PopupSurface } from './popup-surface.ts';
import { RedirectSurface } from './redirect-surface.ts';
import type { Surface, SurfaceListener } from './surface.ts';
import { windowStyles } from './window-styles.ts';

// The flow loads ahead of the click: the schemas' set-up goes with it.
prepareSchemas();

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
 * One element's checkouts, one at a time. The element keeps its public
 * API and its button; everything after the click happens here.
 */
export class CheckoutFlow implements ReactiveController {
  /** Whether the status after the customer's return is being confirmed. */
  confirming = false;

  private checkout: Checkout | null = null;
  private readonly modal: ModalSurface;

  constructor(private readonly host: EcartPayCheckout) {
    this.modal = new ModalSurface(host, () => this.messages);
    host.addController(this);
    whenIdle(this.checkConfigAhead);
  }

  /**
   * Runs the click's configuration checks once, silently, when the
   * browser is idle: V8 runs a function's first calls slowest (on the
   * 2-core machine of BENCHMARKS.md, the item check took 0.2 ms on its
   * second call and 0.1 ms on its third), and these checks come before
   * the order's request leaves.
   */
  private checkConfigAhead = () => {
    if (!this.checkout) this.validateConfig({ quiet: true });
  };

  /** The texts in the element's current language. */
  get messages(): Messages {
    return messagesFor(languageOf(this.host));
  }

  /**
   * The window's styles join the element's own (the button's, and a
   * subclass's) in its shadow root: at once when the flow arrives on a
   * connected element, else when it connects. Adopting the same sheets
   * again on a later connection changes nothing.
   */
  hostConnected(): void {
    const root = this.host.renderRoot;
    if (!(root instanceof ShadowRoot)) return;
    const ownStyles = (this.host.constructor as typeof LitElement)
      .elementStyles;
    adoptStyles(root, [...ownStyles, windowStyles]);
    this.checkout?.surface.reattach?.();
  }

  /** See `EcartPayCheckout.open()`. */
  open(): Promise<CheckoutOutcome> {
    if (this.checkout) return this.checkout.promise;

    // A window still showing a past checkout's error gives way.
    this.disposeSurface(this.modal);

    const checkout = this.beginCheckout();
    void this.runCheckout(checkout);
    this.showWaiting(checkout);
    return checkout.promise;
  }

  /** See `EcartPayCheckout.close()`. */
  close(): void {
    if (this.checkout) void this.endByCustomer(this.checkout, 'method');
    else this.disposeSurface(this.modal);
  }

  /** The element left the document: see its `disconnectedCallback`. */
  abandon(): void {
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
    this.setConfirming(false);
  }

  /** The payment window, rendered inside the element's shadow root. */
  render() {
    const mode = this.host.mode;
    this.modal.keepFrameReady = mode !== 'popup' && mode !== 'redirect';
    return this.modal.render();
  }

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

  /**
   * A popup opens here, first thing in the click, while the browser
   * still allows it; the other surfaces wait for `showWaiting()`, so
   * that the order's request leaves before the window is drawn.
   */
  private beginCheckout(): Checkout {
    const checkout = this.newCheckout('creating', null);
    this.modal.offerNewWindow = this.host.mode !== 'modal';
    checkout.surface = this.surfaceFor(this.host.mode, checkout);
    if (checkout.surface.mode === 'popup') {
      checkout.surface.start(this.surfaceListener(checkout));
    }
    return checkout;
  }

  /**
   * The window, in the same task as the click, just after the order's
   * request went out (or after an error the window already shows).
   */
  private showWaiting(checkout: Checkout): void {
    const surface = checkout.surface;
    if (this.checkout !== checkout || surface.isOpen) return;
    surface.start(this.surfaceListener(checkout));
  }

  private surfaceFor(mode: string | undefined, checkout: Checkout): Surface {
    if (mode === 'popup') return new PopupSurface(() => this.messages);
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
  async resumeAfterRedirect(): Promise<void> {
    await this.host.updateComplete;
    if (!this.host.isConnected || this.checkout) return;
    const source = this.statusSource();
    if (source === null && !this.host.getOrder) return;
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
    if (this.host.getOrder) return null;
    const template = this.host.statusEndpoint || this.host.endpoint;
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

    const request = this.requestOrder(checkout, config.body);
    preconnect(config.payOrigins);

    let answer: unknown;
    try {
      answer = await request;
    } catch (error) {
      if (checkout.abort.signal.aborted) return;
      return this.fail(checkout, orderErrorCode(error));
    }
    if (checkout.abort.signal.aborted) return;

    this.loadPayPageAhead(checkout, answer, config.payOrigins);
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

  /**
   * The pay page's request leaves as soon as its link is known to be
   * safe to follow (one of the pay origins, see `allowedPayLink`): the
   * rest of the answer is checked, and `ecartpay-order-created` runs,
   * while it travels. An answer that fails those checks, or a framing
   * hint, drops the frame again before it is shown.
   */
  private loadPayPageAhead(
    checkout: Checkout,
    answer: unknown,
    payOrigins: readonly string[],
  ): void {
    if (checkout.surface !== this.modal) return;
    const unchecked = (answer ?? {}) as CheckoutOrder;
    if (typeof unchecked.pay_link !== 'string') return;
    if (framingRefusedByBackend(unchecked)) return;
    const payLink = allowedPayLink(unchecked.pay_link, payOrigins);
    if (payLink) this.modal.loadAhead(payLink);
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
    if (this.host.mode === from) {
      const code = from === 'modal' ? 'framing-refused' : 'popup-blocked';
      return this.fail(checkout, code);
    }

    const listener = this.surfaceListener(checkout);
    if (from === 'modal') {
      const popup = new PopupSurface(() => this.messages);
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
  private validateConfig({
    quiet = false,
  } = {}): ValidConfig | FlowErrorCode {
    const payOrigins = parsePayOrigins(this.host.payOrigins);
    const problem = this.configProblem(payOrigins);
    if (problem) {
      if (!quiet) devWarn(`config:${problem}`, problem);
      return 'invalid-config';
    }

    const body: CreateOrderBody = { ...this.host.order };
    if (this.host.items !== undefined) {
      const items = parseItems(this.host.items);
      if (!items) return 'invalid-items';
      body.items = items;
    }
    if (this.host.currency !== undefined) {
      if (!isCurrency(this.host.currency)) return 'invalid-currency';
      body.currency = this.host.currency;
    }
    return { body, payOrigins: payOrigins! };
  }

  /** What a developer must fix, or `null`. Never includes a secret. */
  private configProblem(payOrigins: string[] | null): string | null {
    const { endpoint, statusEndpoint, createOrder, getOrder } = this.host;
    const { mode, timeout, order } = this.host;
    if (!createOrder && !endpoint) {
      return 'set the endpoint attribute or the createOrder property';
    }
    if (endpoint && !isHttpUrl(endpoint)) {
      return 'endpoint is not an http(s) URL';
    }
    if (statusEndpoint && !isHttpUrl(statusEndpoint)) {
      return 'status-endpoint is not an http(s) URL';
    }
    if (!getOrder && !statusEndpoint && !endpoint) {
      return 'set endpoint, status-endpoint or getOrder to confirm orders';
    }
    if (!payOrigins) {
      return 'pay-origins lists an origin that is not https (or loopback)';
    }
    if (mode !== undefined && !MODES.includes(mode)) {
      return `mode "${mode}" is not one of ${MODES.join(', ')}`;
    }
    if (!(timeout > 0)) return 'timeout must be a positive number';
    if (order !== undefined && !isPlainObject(order)) {
      return 'order must be a plain object';
    }
    return null;
  }

  private requestOrder(
    checkout: Checkout,
    body: CreateOrderBody,
  ): Promise<unknown> {
    const signal = checkout.abort.signal;
    const createOrder = this.host.createOrder;
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
      this.host.endpoint!,
      body,
      checkout.idempotencyKey,
      this.policy(signal, ORDER_RETRY_DELAYS_MS),
    );
  }

  private policy(signal: AbortSignal, delays: number[]): RetryPolicy {
    return { timeoutMs: this.host.timeout, retryDelaysMs: delays, signal };
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
    this.host.dispatchEvent(request);
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
    this.setConfirming(true);

    const hintsPaid = page.searchParams.get('status') === 'paid';
    const outcome = await this.confirmStatus(checkout, order, hintsPaid);
    if (this.checkout !== checkout) return;
    this.checkout = null;
    this.setConfirming(false);
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
    const getOrder = this.host.getOrder;
    if (getOrder) {
      return withRetries(async (signal) => getOrder(id, { signal }), policy);
    }
    const template = this.host.statusEndpoint || this.host.endpoint!;
    return getOrderStatus(statusUrl(template, id), policy);
  }

  /** Ends the checkout with an error, shown in its window. */
  private fail(checkout: Checkout, code: FlowErrorCode): void {
    if (this.checkout !== checkout) return;
    this.checkout = null;
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
    code: FlowErrorCode,
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

  private setConfirming(confirming: boolean): void {
    this.confirming = confirming;
    this.host.requestUpdate();
  }

  private emit<K extends Parameters<typeof checkoutEvent>[0]>(
    type: K,
    detail: Parameters<typeof checkoutEvent<K>>[1],
  ): void {
    this.host.dispatchEvent(checkoutEvent(type, detail));
  }
}

function orderErrorCode(error: unknown): FlowErrorCode {
  if (!(error instanceof RequestError)) return 'order-failed';
  if (error.failure === 'timeout') return 'order-timeout';
  if (error.failure === 'network') return 'network';
  if (error.failure === 'json') return 'invalid-order';
  return 'order-failed';
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

