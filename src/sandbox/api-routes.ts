import { HttpError, readJsonBody, sendJson } from './http.ts';
import { parseCreateOrder, parseRefund } from './order-input.ts';
import type { OrderBook } from './orders.ts';
import type { Route, RouteContext } from './router.ts';
import type { TokenAuthority } from './tokens.ts';

/** Ecart Pay ids are 24 lowercase hex characters (Mongo object ids). */
export const ORDER_ID = '([0-9a-f]{24})';

export interface ApiDependencies {
  tokens: TokenAuthority;
  orders: OrderBook;
  /** The sandbox's origin, for `pay_link`. */
  baseUrl: () => string;
}

/**
 * The server-to-server API under `/api`. No CORS headers on purpose: a
 * browser must never hold the keys or a token, so its calls should fail.
 */
export function apiRoutes(deps: ApiDependencies): Route[] {
  const { tokens, orders } = deps;

  const unknownOrder = ({ req, params }: RouteContext): never => {
    tokens.verify(req.headers.authorization);
    throw new HttpError(404, `Order ${params[0]} not found`);
  };

  return [
    {
      path: /^\/api\/authorizations\/token$/,
      methods: {
        POST: ({ req, res }) => {
          const token = tokens.issue(req.headers.authorization);
          sendJson(res, 200, { token });
        },
      },
    },
    {
      path: /^\/api\/orders$/,
      methods: {
        POST: async ({ req, res }) => {
          tokens.verify(req.headers.authorization);
          const input = parseCreateOrder(await readJsonBody(req));
          const order = orders.create(input, {
            accountId: tokens.accountId,
            authorizationId: tokens.authorizationId,
            baseUrl: deps.baseUrl(),
          });
          sendJson(res, 200, order);
        },
      },
    },
    {
      path: new RegExp(`^/api/orders/${ORDER_ID}$`),
      methods: {
        GET: ({ req, res, params }) => {
          tokens.verify(req.headers.authorization);
          sendJson(res, 200, orders.get(params[0]!));
        },
      },
    },
    {
      path: new RegExp(`^/api/orders/${ORDER_ID}/refund$`),
      methods: {
        POST: async ({ req, res, params }) => {
          tokens.verify(req.headers.authorization);
          const id = params[0]!;
          orders.get(id);
          const refund = parseRefund(await readJsonBody(req));
          sendJson(res, 200, orders.refund(id, refund));
        },
      },
    },
    {
      // Any other order id is not an order: 404 like an unknown one.
      path: /^\/api\/orders\/([^/]+)$/,
      methods: { GET: unknownOrder },
    },
    {
      path: /^\/api\/orders\/([^/]+)\/refund$/,
      methods: { POST: unknownOrder },
    },
  ];
}
