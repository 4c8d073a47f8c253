import { orderHandler, type OrderHandlerOptions } from './create-order.ts';
import { createCors } from './cors.ts';
import {
  methodNotAllowed,
  problem,
  report,
  type Handler,
  type HandlerContext,
} from './http.ts';
import {
  notificationHandler,
  type NotificationHandlerOptions,
} from './notification.ts';
import { statusAnswerer } from './order-status.ts';
import { trackerFor } from './status-tracker.ts';

/** Options of {@link createCheckoutHandler}: those of the three handlers. */
export interface CheckoutHandlerOptions
  extends OrderHandlerOptions,
    Omit<NotificationHandlerOptions, 'maxBodyBytes'> {
  /**
   * The path the handler is mounted at, e.g. `/api/checkout`. Optional:
   * without it the route is read from the URL's last segment (see
   * {@link createCheckoutHandler}). With it, paths outside the base
   * answer 404 and `GET {base}` is refused with 405.
   */
  basePath?: string;
  /** Largest accepted notification body; 64 KiB by default. */
  maxNotificationBytes?: number;
  /**
   * Origins of pages allowed to call the create and status routes from
   * another origin (CORS), e.g. `['https://shop.example']`. None by
   * default: same-origin pages need nothing.
   */
  allowedOrigins?: readonly string[];
}

/**
 * One handler for the whole checkout, mounted at any path `{base}`:
 *
 * - `POST {base}`: create the order (see `createOrderHandler`);
 * - `GET {base}/{id}`: the order's current state (`createStatusHandler`);
 * - `POST {base}/notify`: Ecart Pay's notifications
 *   (`createNotificationHandler`).
 *
 * Without `basePath` the route comes from the URL alone: a POST whose
 * last path segment is `notify` is a notification, any other POST a
 * creation, and a GET's last segment is the order id. The handler thus
 * works unchanged behind `app.use('/api/checkout', ...)`, a Next.js
 * catch-all route or a Worker, wherever it is mounted.
 *
 * The three routes share one status memory: `onStatusChange` hears of a
 * new order (previous status `undefined`), then of each change, whether
 * a notification or the customer's own status check revealed it. It may
 * also hear of the account's orders created elsewhere, if their ids are
 * read or notified here: look the order up before acting on it.
 *
 * @example
 * const checkout = createCheckoutHandler({
 *   client: createEcartPayClient({ publicKey, privateKey }),
 *   resolveOrder: (body) => priceCartFromCatalogue(body),
 *   notifyUrl: 'https://shop.example/api/checkout/notify',
 *   redirectUrl: 'https://shop.example/thanks',
 *   webhookSecret,
 *   onStatusChange: (order) => {
 *     if (order.status === 'paid') return fulfil(order.id);
 *   },
 * });
 * // Node:
 * http.createServer(toNodeListener(checkout)).listen(3000);
 * // Cloudflare Workers:
 * export default {
 *   fetch: (request, env, ctx) => checkout(request, ctx),
 * };
 */
export function createCheckoutHandler(
  options: CheckoutHandlerOptions,
): Handler {
  const tracker = trackerFor(options);
  const basePath = normaliseBase(options.basePath);
  const baseOf = (request: Request) =>
    basePath ?? new URL(request.url).pathname.replace(/\/+$/, '');

  const create = orderHandler(options, tracker, baseOf);
  const status = statusAnswerer(options, tracker);
  const notify = notificationHandler(
    { ...options, maxBodyBytes: options.maxNotificationBytes },
    tracker,
  );
  const cors = createCors(options.allowedOrigins);

  /** The create and status routes, which browsers call. */
  async function browserRoute(
    route: Route,
    request: Request,
    context: HandlerContext | undefined,
  ): Promise<Response> {
    const { method } = request;
    if (method === 'OPTIONS' && cors.enabled) return cors.preflight(request);
    if (method === 'GET' && route.kind === 'order') {
      return status(route.segment, request, context);
    }
    const creates = route.kind === 'root' || basePath === undefined;
    if (method === 'POST' && creates) return create(request, context);
    return methodNotAllowed(route.kind === 'root' ? 'POST' : 'GET');
  }

  return async (request, context) => {
    try {
      const route = routeOf(new URL(request.url).pathname, basePath);
      if (route === undefined) return problem(404, 'Not found');

      if (route.kind === 'notify') {
        return request.method === 'POST'
          ? notify(request, context)
          : methodNotAllowed('POST');
      }
      const response = await browserRoute(route, request, context);
      return cors.expose(request, response);
    } catch (error) {
      report(options.onError, error, { handler: 'router', request });
      return problem(500, 'Could not handle the request');
    }
  };
}

type Route =
  | { kind: 'root' }
  | { kind: 'notify' }
  | { kind: 'order'; segment: string };

function routeOf(pathname: string, basePath: string | undefined) {
  const path = pathname.replace(/\/+$/, '');
  if (basePath === undefined) return guessRoute(path);
  if (path === basePath) return { kind: 'root' } satisfies Route;
  if (!path.startsWith(`${basePath}/`)) return undefined;

  const rest = path.slice(basePath.length + 1);
  if (rest.includes('/')) return undefined;
  return segmentRoute(decode(rest));
}

/** Without a base, GET names an order and POST creates unless `notify`. */
function guessRoute(path: string): Route {
  const last = decode(path.slice(path.lastIndexOf('/') + 1));
  return segmentRoute(last);
}

function segmentRoute(segment: string): Route {
  return segment === 'notify'
    ? { kind: 'notify' }
    : { kind: 'order', segment };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function normaliseBase(basePath: string | undefined): string | undefined {
  if (basePath === undefined) return undefined;
  const trimmed = basePath.replace(/\/+$/, '');
  return trimmed.startsWith('/') || trimmed === '' ? trimmed : `/${trimmed}`;
}
