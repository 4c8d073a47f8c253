import type { EcartPayOrder } from '../shared/ecartpay.ts';
import { HttpError, parseJsonBody } from '../shared/http.ts';
import { importWebhookKey } from '../shared/webhook-signature.ts';
import type { EcartPayClient } from './client.ts';
import { EcartPayError } from './errors.ts';
import {
  isPlainObject,
  json,
  keepAlive,
  methodNotAllowed,
  mediaType,
  problem,
  readText,
  report,
  type ErrorReporter,
  type Handler,
  type HandlerContext,
} from './http.ts';
import { isValidOrderId, ORDER_ID_RULE } from './order-id.ts';
import { checkSignature } from './signature.ts';
import {
  trackerFor,
  type StatusChangeListener,
  type StatusStore,
  type StatusTracker,
} from './status-tracker.ts';

/** Options of {@link createNotificationHandler}. */
export interface NotificationHandlerOptions {
  /** The Ecart Pay client, from `createEcartPayClient`. */
  client: EcartPayClient;
  /**
   * The account's webhook secret. When set, every delivery must carry a
   * valid `x-pay-signature` with a fresh `x-pay-timestamp`, or it is
   * refused with 401. When unset, deliveries are accepted unsigned: safe,
   * since only Ecart Pay's own answer to `GET /api/orders/{id}` is acted
   * on, but anyone may then make the server ask.
   */
  webhookSecret?: string;
  /** Largest accepted gap between `x-pay-timestamp` and now; 5 minutes. */
  signatureToleranceMs?: number;
  /**
   * Called once per status change of an order, with the order fresh from
   * Ecart Pay. Not awaited by the response: the notification is answered
   * at once and the listener runs after. Its errors go to `onError`.
   */
  onStatusChange?: StatusChangeListener;
  /** Remembers the last status of each order; in-memory by default. */
  statusStore?: StatusStore;
  /**
   * Keeps background work (the listener, slow confirmations) alive after
   * the response on runtimes that would stop it, e.g. Next.js's `after`
   * or a Worker's `ctx.waitUntil`. A `waitUntil` in the handler's second
   * argument takes precedence.
   */
  waitUntil?(promise: Promise<unknown>): void;
  /** Largest accepted body, in bytes; 64 KiB by default. */
  maxBodyBytes?: number;
  /**
   * How long the answer waits for Ecart Pay's copy of the order, in
   * milliseconds; 800 by default. Beyond it the notification is answered
   * 202 and confirmed in the background.
   */
  confirmTimeoutMs?: number;
  /**
   * Pauses between background attempts to read the order when the first
   * one was too slow and then failed; `[1000, 5000, 15000]` by default.
   */
  retryDelaysMs?: number[];
  /** Receives failures: Ecart Pay's, the listener's, the store's. */
  onError?: ErrorReporter;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
const DEFAULT_CONFIRM_TIMEOUT_MS = 800;
const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 15000];
const MAX_REMEMBERED_DELIVERIES = 10_000;

/**
 * Handles `POST {base}/notify`: Ecart Pay's notification that an order
 * changed. The body is only a pointer: the order is read again from
 * Ecart Pay and `onStatusChange` hears what Ecart Pay answers.
 *
 * Accepted bodies: the account webhook envelope `{"event", "data":
 * {"id", ...}}`, a plain JSON `{"id"}` and a form with an `id` field
 * (Ecart Pay does not document what a `notify_url` post holds beyond "the
 * order id"). For a signed plain body, the signature is checked over the
 * whole body (its fields, as JSON) in place of `data`.
 *
 * Answers, so that no paid order is missed: 200 once Ecart Pay's copy of
 * the order is read; 202 if reading it takes longer than
 * `confirmTimeoutMs` (it goes on in the background, with retries); 502
 * or 504 when Ecart Pay cannot be read, so that Ecart Pay delivers
 * again; 400 for a body without a usable id, 401 for a missing, bad or
 * stale signature, 404 when Ecart Pay knows no such order, 413 when too
 * large. A delivery id already handled is answered 200 and ignored.
 */
export function createNotificationHandler(
  options: NotificationHandlerOptions,
): Handler {
  return notificationHandler(options, trackerFor(options));
}

/** The notification handler, feeding a tracker the caller may share. */
export function notificationHandler(
  options: NotificationHandlerOptions,
  tracker: StatusTracker | undefined,
): Handler {
  if (typeof options?.client?.getOrder !== 'function') {
    throw new TypeError(
      'createNotificationHandler: options.client is required',
    );
  }
  const secret = options.webhookSecret;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new TypeError(
      'createNotificationHandler: webhookSecret must be a non-empty string ' +
        '(leave it undefined to accept unsigned notifications)',
    );
  }
  const key =
    secret === undefined ? undefined : importWebhookKey(secret, 'verify');
  const toleranceMs = options.signatureToleranceMs ?? DEFAULT_TOLERANCE_MS;
  const deliveries = createDeliveryMemory(2 * toleranceMs);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  async function confirm(
    orderId: string,
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Response> {
    const reading = settle(options.client.getOrder(orderId));
    const first = await within(
      reading,
      options.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS,
    );

    if (first === undefined) {
      keepAlive(confirmLate(reading, orderId), context, options);
      return json({ received: true }, 202);
    }
    if ('error' in first) return failure(first.error, orderId, request);

    tracker?.observeLater(first.order, 'notify', context);
    return json({ received: true });
  }

  /** Finishes a confirmation that outlived the answer, retrying reads. */
  async function confirmLate(
    reading: Promise<Settled>,
    orderId: string,
  ): Promise<void> {
    let result = await reading;
    for (const delayMs of options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS) {
      if ('order' in result || isNotFound(result.error)) break;
      await sleep(delayMs);
      result = await settle(options.client.getOrder(orderId));
    }
    if ('error' in result) {
      report(options.onError, result.error, { handler: 'notify', orderId });
    } else if (tracker !== undefined) {
      await tracker.observe(result.order, 'notify');
    }
  }

  function failure(error: unknown, orderId: string, request: Request) {
    if (isNotFound(error)) {
      return problem(404, `Order ${orderId} not found at Ecart Pay`);
    }
    report(options.onError, error, { handler: 'notify', request, orderId });
    if (error instanceof EcartPayError && error.code === 'timeout') {
      return problem(504, 'Ecart Pay did not answer in time; retry later');
    }
    return problem(502, 'Could not read the order from Ecart Pay; retry later');
  }

  async function handle(
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Response> {
    let body: unknown;
    try {
      body = await readNotification(request, maxBodyBytes);
    } catch (error) {
      if (error instanceof HttpError) {
        return problem(error.status, error.message);
      }
      throw error;
    }

    const pointer = readPointer(body);
    if (pointer === undefined) {
      return problem(
        400,
        'Notification must carry the order id as "data.id" or "id" ' +
          '(JSON object) or as an "id" form field',
      );
    }

    if (key === undefined) {
      if (!isValidOrderId(pointer.id)) return problem(400, ORDER_ID_RULE);
      return confirm(pointer.id, request, context);
    }

    const check = await checkSignature({
      key,
      headers: request.headers,
      data: pointer.signed,
      toleranceMs,
      now: Date.now(),
    });
    if (!check.ok) return problem(401, check.message);
    if (!isValidOrderId(pointer.id)) return problem(400, ORDER_ID_RULE);

    return deliveries.once(check.webhookId, () =>
      confirm(pointer.id as string, request, context),
    );
  }

  return async (request, context) => {
    if (request.method !== 'POST') return methodNotAllowed('POST');
    try {
      return await handle(request, context);
    } catch (error) {
      report(options.onError, error, { handler: 'notify', request });
      return problem(500, 'Could not handle the notification');
    }
  };
}

/**
 * The body as JSON, or as form fields when posted as a form: Ecart Pay
 * does not document the format of a `notify_url` post beyond "the order
 * id", and refusing one with 400 would stop its retries.
 */
async function readNotification(
  request: Request,
  maxBodyBytes: number,
): Promise<unknown> {
  const text = await readText(request, maxBodyBytes);
  if (mediaType(request) === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(text));
  }
  return parseJsonBody(text);
}

type Settled = { order: EcartPayOrder } | { error: unknown };

function settle(promise: Promise<EcartPayOrder>): Promise<Settled> {
  return promise.then(
    (order) => ({ order }),
    (error: unknown) => ({ error }),
  );
}

/** `promise`'s value, or `undefined` if it takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isNotFound(error: unknown): boolean {
  return error instanceof EcartPayError && error.status === 404;
}

/** The order id a body points at, and the object its signature covers. */
function readPointer(
  body: unknown,
): { id: unknown; signed: unknown } | undefined {
  if (!isPlainObject(body)) return undefined;
  if (isPlainObject(body['data']) && 'id' in body['data']) {
    return { id: body['data']['id'], signed: body['data'] };
  }
  if ('id' in body) return { id: body['id'], signed: body };
  return undefined;
}

/**
 * Delivery ids seen within `windowMs`; older ones need no memory, since
 * their timestamp is refused as stale. A repeat waits for the first
 * delivery's answer: if that succeeded, the repeat is acknowledged and
 * ignored; if it failed, the repeat is handled afresh.
 */
function createDeliveryMemory(windowMs: number) {
  const seen = new Map<string, { until: number; ok: Promise<boolean> }>();

  function forgetExpired(now: number) {
    for (const [id, entry] of seen) {
      if (entry.until > now && seen.size <= MAX_REMEMBERED_DELIVERIES) break;
      seen.delete(id);
    }
  }

  return {
    async once(
      webhookId: string,
      handle: () => Promise<Response>,
    ): Promise<Response> {
      const now = Date.now();
      forgetExpired(now);
      const earlier = seen.get(webhookId);
      if (earlier !== undefined && (await earlier.ok)) {
        return json({ received: true, duplicate: true });
      }

      let done!: (ok: boolean) => void;
      const ok = new Promise<boolean>((resolve) => (done = resolve));
      seen.delete(webhookId);
      seen.set(webhookId, { until: now + windowMs, ok });
      try {
        const response = await handle();
        done(response.ok);
        return response;
      } catch (error) {
        done(false);
        throw error;
      }
    },
  };
}
