import type { IncomingMessage } from 'node:http';

import { ORDER_ID } from './api-routes.ts';
import { HttpError, readJsonBody, sendJson } from './http.ts';
import type { NotificationDelivery } from './notifier.ts';
import type { OrderBook } from './orders.ts';
import type { Route } from './router.ts';

export interface ControlDependencies {
  orders: OrderBook;
  deliveries: () => NotificationDelivery[];
  refuseFraming: () => boolean;
  setRefuseFraming: (on: boolean) => void;
}

/**
 * `/_sandbox/*`: levers for tests and the demo that the real service
 * does not have (money arriving at OXXO, a host that refuses framing).
 * Unauthenticated on purpose: the sandbox listens on loopback by default
 * and holds no real money.
 */
export function controlRoutes(deps: ControlDependencies): Route[] {
  return [
    {
      path: /^\/_sandbox\/health$/,
      methods: {
        GET: ({ res }) => sendJson(res, 200, { ok: true }),
      },
    },
    {
      path: new RegExp(`^/_sandbox/orders/${ORDER_ID}/pay$`),
      methods: {
        POST: ({ res, params }) =>
          sendJson(res, 200, deps.orders.markPaid(params[0]!)),
      },
    },
    {
      path: /^\/_sandbox\/orders\/([^/]+)\/pay$/,
      methods: {
        POST: ({ params }) => {
          throw new HttpError(404, `Order ${params[0]} not found`);
        },
      },
    },
    {
      path: /^\/_sandbox\/framing$/,
      methods: {
        GET: ({ res }) =>
          sendJson(res, 200, { refuse: deps.refuseFraming() }),
        POST: async ({ req, res }) => {
          deps.setRefuseFraming(await readRefuse(req));
          sendJson(res, 200, { refuse: deps.refuseFraming() });
        },
      },
    },
    {
      path: /^\/_sandbox\/deliveries$/,
      methods: {
        GET: ({ res, url }) => {
          const orderId = url.searchParams.get('order_id');
          const log = deps.deliveries();
          const wanted = orderId
            ? log.filter((delivery) => delivery.data.id === orderId)
            : log;
          sendJson(res, 200, wanted);
        },
      },
    },
  ];
}

async function readRefuse(req: IncomingMessage): Promise<boolean> {
  const body = (await readJsonBody(req)) as { refuse?: unknown } | null;
  if (typeof body?.refuse !== 'boolean') {
    throw new HttpError(400, 'refuse must be a boolean');
  }
  return body.refuse;
}
