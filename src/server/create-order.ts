import type { CreateOrderInput } from '../shared/ecartpay.ts';
import { HttpError } from '../shared/http.ts';
import type { EcartPayClient } from './client.ts';
import { CheckoutRequestError, EcartPayError } from './errors.ts';
import {
  framingProbeFor,
  withFramingHint,
  type FramingProbeOptions,
} from './framing.ts';
import {
  isJsonContentType,
  isPlainObject,
  json,
  methodNotAllowed,
  problem,
  readJsonBody,
  report,
  type ErrorReporter,
  type Handler,
  type HandlerContext,
} from './http.ts';
import {
  createMemoryIdempotencyStore,
  fingerprint,
  isValidIdempotencyKey,
  type IdempotencyStore,
} from './idempotency.ts';
import { checkResolvedOrder, type ResolvedOrder } from './order-input.ts';
import { toPublicOrder, type PublicOrder } from './order-view.ts';
import type { StatusTracker } from './status-tracker.ts';

/**
 * A URL the handler gives Ecart Pay: fixed, or computed per order (to
 * carry the merchant's own cart reference, for instance).
 */
export type UrlOption =
  | string
  | ((request: Request, order: ResolvedOrder) => string | Promise<string>);

/** Options of {@link createOrderHandler}. */
export interface OrderHandlerOptions {
  /** The Ecart Pay client, from `createEcartPayClient`. */
  client: EcartPayClient;
  /**
   * Prices the browser's cart on the server: looks every product and
   * price up in the merchant's own catalogue (prices sent by a browser
   * are never to be trusted) and returns the body of `POST /api/orders`
   * without `notify_url` and `redirect_url`. `body` is the browser's JSON
   * object, as sent; `request` serves for its headers (cookies, session),
   * its body being already read. Throw a {@link CheckoutRequestError} to
   * refuse the cart with a 4xx the browser sees; anything else thrown
   * answers a generic 500.
   */
  resolveOrder(
    body: Record<string, unknown>,
    request: Request,
  ): ResolvedOrder | Promise<ResolvedOrder>;
  /**
   * Where Ecart Pay sends notifications. By default the URL the create
   * request came to, plus `/notify`: right when the checkout handler is
   * reached directly, wrong behind a proxy that rewrites the host, so set
   * it in production.
   */
  notifyUrl?: UrlOption;
  /**
   * Where Ecart Pay sends the customer after paying. Not sent when unset
   * (Ecart Pay then keeps the customer on its own page). Never derived
   * from the request, whose headers the caller controls.
   */
  redirectUrl?: UrlOption;
  /**
   * Remembers `Idempotency-Key`s. In-memory (24 hours, 10 000 keys) by
   * default; pass a shared store when several instances serve checkout.
   */
  idempotencyStore?: IdempotencyStore;
  /** Largest accepted body, in bytes; 16 KiB by default. */
  maxBodyBytes?: number;
  /**
   * Reads the headers of each new order's `pay_link` (see
   * `createFramingProbe`) and answers `framing: 'refused'` when the
   * page may not be framed by the shop (the request's `Origin`, else
   * `redirect_url`'s): the element then opens a popup at once. On by
   * default; adds at most `timeoutMs` (2 s) to an answer, nothing while
   * the origin's headers are remembered. `false` turns it off.
   */
  probeFraming?: boolean | FramingProbeOptions;
  /** Receives failures the browser is not told about. */
  onError?: ErrorReporter;
}

/** A refusal, answered as `{"message", "statusCode"}`. */
type Refusal = { status: number; message: string };

/** What one create attempt ends with; turned into a fresh Response. */
type Outcome = { order: PublicOrder } | Refusal;

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/**
 * Handles `POST {base}`: the browser's request to start a checkout.
 *
 * Answers 200 with the order's public view (see `PublicOrder`), or
 * `{"message", "statusCode"}` with 400 (bad JSON, body not an object,
 * bad `Idempotency-Key`), 405, 409 (same key still in progress on
 * another instance), 413 (body too large), 415 (not JSON), 422 (key
 * reused with another body), the status of a `CheckoutRequestError`,
 * 500 (merchant bug, details to `onError`), 502 (Ecart Pay refused or
 * failed) or 504 (Ecart Pay too slow).
 *
 * With an `Idempotency-Key` header, repeats of the request (even
 * concurrent ones) get the same order and never create a second one.
 * Without the header each request creates an order.
 */
export function createOrderHandler(options: OrderHandlerOptions): Handler {
  return orderHandler(options, undefined);
}

/** The create handler, optionally reporting new orders to a tracker. */
export function orderHandler(
  options: OrderHandlerOptions,
  tracker: StatusTracker | undefined,
  basePath?: (request: Request) => string,
): Handler {
  checkOptions(options);
  const store = options.idempotencyStore ?? createMemoryIdempotencyStore();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const framing = framingProbeFor(options.probeFraming);
  const inFlight = new Map<
    string,
    { print: string; outcome: Promise<Outcome> }
  >();

  async function createOnce(
    body: Record<string, unknown>,
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Outcome> {
    const resolved = await resolve(options, body, request);
    if ('status' in resolved) return resolved;

    const urls = await orderUrls(options, resolved.order, request, basePath);
    if ('status' in urls) return urls;

    let order;
    try {
      order = await options.client.createOrder({ ...resolved.order, ...urls });
    } catch (error) {
      report(options.onError, error, { handler: 'create', request });
      return ecartPayFailure(error);
    }

    if (tracker !== undefined) {
      tracker.observeLater(order, 'create', context);
    }
    const view = toPublicOrder(order);
    return { order: await withFramingHint(framing, view, request) };
  }

  async function createWithKey(
    key: string,
    print: string,
    body: Record<string, unknown>,
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Outcome> {
    const existing = await store.claim(key, {
      state: 'pending',
      fingerprint: print,
    });
    if (existing !== undefined) {
      if (existing.fingerprint !== print) return keyReused();
      if (existing.state === 'done') return { order: existing.order };
      return {
        status: 409,
        message:
          'An order with this Idempotency-Key is still being created; ' +
          'retry in a moment',
      };
    }

    let outcome: Outcome | undefined;
    try {
      outcome = await createOnce(body, request, context);
      return outcome;
    } finally {
      await settleKey(key, print, outcome, request);
    }
  }

  /**
   * Records the order under its key, or frees the key after a failure so
   * a retry may succeed. A store failing here is reported, not answered:
   * the order exists and the customer can pay it.
   */
  async function settleKey(
    key: string,
    print: string,
    outcome: Outcome | undefined,
    request: Request,
  ): Promise<void> {
    try {
      if (outcome !== undefined && 'order' in outcome) {
        const order = outcome.order;
        await store.complete(key, { state: 'done', fingerprint: print, order });
      } else {
        await store.release(key);
      }
    } catch (error) {
      report(options.onError, error, { handler: 'create', request });
    }
  }

  async function handle(
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Outcome> {
    const body = await readCart(request, maxBodyBytes);
    if ('status' in body) return body;

    const key = request.headers.get('idempotency-key');
    if (key === null) return createOnce(body.cart, request, context);
    if (!isValidIdempotencyKey(key)) {
      return {
        status: 400,
        message: 'Idempotency-Key must be 1 to 255 visible ASCII characters',
      };
    }

    const print = await fingerprint(body.cart);
    const running = inFlight.get(key);
    if (running !== undefined) {
      return running.print === print ? running.outcome : keyReused();
    }

    const outcome = createWithKey(key, print, body.cart, request, context);
    inFlight.set(key, { print, outcome });
    try {
      return await outcome;
    } finally {
      inFlight.delete(key);
    }
  }

  return async (request, context) => {
    if (request.method !== 'POST') return methodNotAllowed('POST');
    try {
      return toResponse(await handle(request, context));
    } catch (error) {
      report(options.onError, error, { handler: 'create', request });
      return problem(500, 'Could not create the order');
    }
  };
}

function checkOptions(options: OrderHandlerOptions) {
  if (typeof options?.client?.createOrder !== 'function') {
    throw new TypeError('createOrderHandler: options.client is required');
  }
  if (typeof options.resolveOrder !== 'function') {
    throw new TypeError('createOrderHandler: options.resolveOrder is required');
  }
}

async function readCart(
  request: Request,
  maxBodyBytes: number,
): Promise<{ cart: Record<string, unknown> } | Refusal> {
  if (!isJsonContentType(request)) {
    return { status: 415, message: 'Content-Type must be application/json' };
  }
  let body: unknown;
  try {
    body = await readJsonBody(request, maxBodyBytes);
  } catch (error) {
    if (error instanceof HttpError) {
      return { status: error.status, message: error.message };
    }
    throw error;
  }
  if (!isPlainObject(body)) {
    return { status: 400, message: 'Request body must be a JSON object' };
  }
  return { cart: body };
}

async function resolve(
  options: OrderHandlerOptions,
  body: Record<string, unknown>,
  request: Request,
): Promise<{ order: ResolvedOrder } | Outcome> {
  let value: unknown;
  try {
    value = await options.resolveOrder(body, request);
  } catch (error) {
    if (isCheckoutRequestError(error)) {
      return { status: error.status, message: error.message };
    }
    report(options.onError, error, { handler: 'create', request });
    return { status: 500, message: 'Could not prepare the order' };
  }

  const checked = checkResolvedOrder(value);
  if (!checked.ok) {
    const error = new TypeError(
      `resolveOrder returned an invalid order: ${checked.problem}`,
    );
    report(options.onError, error, { handler: 'create', request });
    return { status: 500, message: 'Could not prepare the order' };
  }
  return { order: checked.order };
}

/** Also recognises the class from another copy of this package. */
function isCheckoutRequestError(error: unknown): error is CheckoutRequestError {
  if (error instanceof CheckoutRequestError) return true;
  if (!(error instanceof Error) || error.name !== 'CheckoutRequestError') {
    return false;
  }
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status <= 499;
}

async function orderUrls(
  options: OrderHandlerOptions,
  order: ResolvedOrder,
  request: Request,
  basePath: ((request: Request) => string) | undefined,
): Promise<Pick<CreateOrderInput, 'notify_url' | 'redirect_url'> | Outcome> {
  const fallback = () => {
    const url = new URL(request.url);
    const base = basePath?.(request) ?? url.pathname.replace(/\/+$/, '');
    return `${url.origin}${base}/notify`;
  };

  try {
    const notify =
      (await pickUrl(options.notifyUrl, request, order)) ?? fallback();
    const redirect = await pickUrl(options.redirectUrl, request, order);
    const urls: Pick<CreateOrderInput, 'notify_url' | 'redirect_url'> = {
      notify_url: checkUrl('notifyUrl', notify),
    };
    if (redirect !== undefined) {
      urls.redirect_url = checkUrl('redirectUrl', redirect);
    }
    return urls;
  } catch (error) {
    report(options.onError, error, { handler: 'create', request });
    return { status: 500, message: 'Could not prepare the order' };
  }
}

async function pickUrl(
  option: UrlOption | undefined,
  request: Request,
  order: ResolvedOrder,
): Promise<string | undefined> {
  return typeof option === 'function' ? option(request, order) : option;
}

function checkUrl(name: string, value: unknown): string {
  if (typeof value === 'string' && URL.canParse(value)) {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href;
  }
  throw new TypeError(`${name} must give an absolute http(s) URL`);
}

function ecartPayFailure(error: unknown): Outcome {
  if (error instanceof EcartPayError && error.code === 'timeout') {
    return {
      status: 504,
      message: 'Ecart Pay did not answer in time; please try again',
    };
  }
  return {
    status: 502,
    message: 'Ecart Pay could not create the order; please try again',
  };
}

function keyReused(): Outcome {
  return {
    status: 422,
    message:
      'This Idempotency-Key was already used with a different request ' +
      'body; send a new key for a new order',
  };
}

function toResponse(outcome: Outcome): Response {
  if ('order' in outcome) return json(outcome.order);
  return problem(outcome.status, outcome.message);
}
