import type { EcartPayClient } from './client.ts';
import { EcartPayError } from './errors.ts';
import {
  json,
  methodNotAllowed,
  problem,
  report,
  type ErrorReporter,
  type Handler,
  type HandlerContext,
} from './http.ts';
import { isValidOrderId, ORDER_ID_RULE } from './order-id.ts';
import { toPublicOrder } from './order-view.ts';
import type { StatusTracker } from './status-tracker.ts';

/** Options of {@link createStatusHandler}. */
export interface StatusHandlerOptions {
  /** The Ecart Pay client, from `createEcartPayClient`. */
  client: EcartPayClient;
  /** Receives Ecart Pay failures the browser only sees as 502/504. */
  onError?: ErrorReporter;
}

/**
 * Handles `GET {base}/{id}`: the order's current state, read fresh from
 * Ecart Pay (never cached, `Cache-Control: no-store`), as its public view.
 * The id is the last segment of the URL's path.
 *
 * Answers 200 with the order, or `{"message", "statusCode"}` with 400
 * (malformed id), 404 (Ecart Pay knows no such order), 405, 502 (Ecart
 * Pay failed) or 504 (Ecart Pay too slow).
 */
export function createStatusHandler(options: StatusHandlerOptions): Handler {
  const answer = statusAnswerer(options, undefined);
  return async (request, context) => {
    if (request.method !== 'GET') return methodNotAllowed('GET');
    const segments = new URL(request.url).pathname.split('/');
    const last = segments.filter((segment) => segment !== '').at(-1) ?? '';
    return answer(safeDecode(last), request, context);
  };
}

/**
 * Answers the state of order `id`. When the handlers share a tracker,
 * the fresh order also feeds `onStatusChange`: a customer returning from
 * the payment page thus reports a payment even if its notification was
 * lost.
 */
export function statusAnswerer(
  options: StatusHandlerOptions,
  tracker: StatusTracker | undefined,
) {
  if (typeof options?.client?.getOrder !== 'function') {
    throw new TypeError('createStatusHandler: options.client is required');
  }

  return async (
    id: string,
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Response> => {
    if (!isValidOrderId(id)) return problem(400, ORDER_ID_RULE);

    try {
      const order = await options.client.getOrder(id);
      if (tracker !== undefined) {
        tracker.observeLater(order, 'status', context);
      }
      return json(toPublicOrder(order));
    } catch (error) {
      if (error instanceof EcartPayError && error.status === 404) {
        return problem(404, `Order ${id} not found`);
      }
      report(options.onError, error, {
        handler: 'status',
        request,
        orderId: id,
      });
      if (error instanceof EcartPayError && error.code === 'timeout') {
        return problem(504, 'Ecart Pay did not answer in time; try again');
      }
      return problem(502, 'Could not read the order from Ecart Pay');
    }
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
