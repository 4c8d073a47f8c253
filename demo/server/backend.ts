import type { IncomingMessage, ServerResponse } from 'node:http';

import {
  createCheckoutHandler,
  toNodeListener,
  type EcartPayClient,
} from '../../src/server/index.ts';
import {
  CATALOGUE,
  MAX_QUANTITY,
  SHOP_CURRENCY,
  priceCart,
} from './catalogue.ts';
import { OrdersStore, type OrderSummary } from './orders-store.ts';

/** Where the checkout handler is mounted; the element's `endpoint`. */
export const CHECKOUT_PATH = '/api/checkout';

/** The page Ecart Pay sends the customer back to after paying. */
export const RETURN_PATH = '/demo/shop/return.html';

type Next = (error?: unknown) => void;

export interface MerchantBackendOptions {
  client: EcartPayClient;
  /** The shop's origin as the customer's browser sees it. */
  shopOrigin: string;
  /**
   * The origin Ecart Pay can reach for notifications, when it differs
   * from `shopOrigin` (a tunnel to this machine, for instance).
   */
  notifyOrigin?: string;
  webhookSecret?: string;
  /**
   * Origin of the local emulator. Enables the "mark cash order paid"
   * control, which only the emulator offers.
   */
  emulatorUrl?: string;
}

/** The merchant's backend, as one Node middleware for `/api/...`. */
export interface MerchantBackend {
  handle(req: IncomingMessage, res: ServerResponse, next: Next): void;
  /** Ends the open order streams so the server can close. */
  close(): void;
}

/**
 * The demo merchant's backend: its catalogue, Ecart Pay checkout through
 * the server toolkit, and its record of orders kept up to date by Ecart
 * Pay's notifications.
 *
 * Routes:
 * - `GET  /api/shop`                  products with prices, and settings
 * - `*    /api/checkout/...`          the toolkit's checkout handler
 * - `GET  /api/orders`                the orders the shop knows of
 * - `GET  /api/orders/stream`         the same, live (Server-Sent Events)
 * - `POST /api/orders/{id}/mark-paid` emulator only: the cash arrives
 */
export function createMerchantBackend(
  options: MerchantBackendOptions,
): MerchantBackend {
  const store = new OrdersStore();
  const streams = new OrderStreams(store);
  const checkout = toNodeListener(checkoutHandler(options, store));

  function handle(req: IncomingMessage, res: ServerResponse, next: Next) {
    const path = new URL(req.url ?? '/', 'http://shop').pathname;
    const route = `${req.method} ${path}`;

    if (path === CHECKOUT_PATH || path.startsWith(`${CHECKOUT_PATH}/`)) {
      return checkout(req, res, next);
    }
    if (route === 'GET /api/shop') {
      return sendJson(res, 200, shopSettings(options));
    }
    if (route === 'GET /api/orders') {
      return sendJson(res, 200, store.list());
    }
    if (route === 'GET /api/orders/stream') {
      return streams.open(req, res);
    }

    const markPaid = /^\/api\/orders\/([^/]+)\/mark-paid$/.exec(path);
    if (markPaid && req.method === 'POST') {
      return void markCashPaid(options, store, markPaid[1]!, res);
    }
    if (path.startsWith('/api/')) {
      return sendError(res, 404, `No route for ${route}`);
    }
    next();
  }

  return { handle, close: () => streams.closeAll() };
}

function checkoutHandler(options: MerchantBackendOptions, store: OrdersStore) {
  const notifyOrigin = options.notifyOrigin ?? options.shopOrigin;

  return createCheckoutHandler({
    basePath: CHECKOUT_PATH,
    client: options.client,
    resolveOrder: (body) => priceCart(body),
    notifyUrl: `${notifyOrigin}${CHECKOUT_PATH}/notify`,
    redirectUrl: `${options.shopOrigin}${RETURN_PATH}`,
    webhookSecret: options.webhookSecret,
    // The emulator's framing refusal can be switched at any moment
    // (`/_sandbox/framing`), so its pay page is asked about every order.
    probeFraming: { cacheTtlMs: options.emulatorUrl ? 0 : undefined },
    onStatusChange: (order) => store.record(order),
    onError: (error, { handler }) => reportError(handler, error),
  });
}

/** Server-side trouble, for the terminal; toolkit errors hold no keys. */
function reportError(handler: string, error: unknown): void {
  const text = error instanceof Error ? error.message : String(error);
  console.error(`[merchant backend] ${handler}: ${text}`);
}

function shopSettings(options: MerchantBackendOptions) {
  return {
    currency: SHOP_CURRENCY,
    products: CATALOGUE,
    maxQuantity: MAX_QUANTITY,
    ecartPay: options.emulatorUrl ? 'emulator' : 'sandbox',
    canMarkPaid: options.emulatorUrl !== undefined,
  };
}

/**
 * Asks the emulator to settle a cash order, as if the customer had paid at
 * the store. Ecart Pay then notifies the shop, and the notification, not
 * this answer, is what turns the order paid in the shop's records.
 */
async function markCashPaid(
  options: MerchantBackendOptions,
  store: OrdersStore,
  orderId: string,
  res: ServerResponse,
): Promise<void> {
  if (!options.emulatorUrl) {
    return sendError(res, 404, 'Only the local emulator settles cash orders');
  }
  if (!store.has(orderId)) {
    return sendError(res, 404, `This shop has no order ${orderId}`);
  }

  const url = new URL(
    `/_sandbox/orders/${encodeURIComponent(orderId)}/pay`,
    options.emulatorUrl,
  );
  try {
    const answer = await fetch(url, { method: 'POST' });
    if (!answer.ok) {
      const reason = await answer.text();
      return sendError(res, 502, `The emulator refused: ${reason}`);
    }
    sendJson(res, 202, { id: orderId, requested: 'paid' });
  } catch {
    sendError(res, 502, 'The emulator did not answer');
  }
}

/** Server-Sent Events streams of the orders store, one per open page. */
class OrderStreams {
  private readonly responses = new Set<ServerResponse>();

  constructor(private readonly store: OrdersStore) {}

  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    writeEvent(res, 'orders', this.store.list());

    const unsubscribe = this.store.subscribe((order: OrderSummary) =>
      writeEvent(res, 'order', order),
    );
    this.responses.add(res);
    req.on('close', () => {
      unsubscribe();
      this.responses.delete(res);
    });
  }

  closeAll(): void {
    for (const res of this.responses) res.end();
    this.responses.clear();
  }
}

function writeEvent(res: ServerResponse, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string) {
  sendJson(res, status, { message, statusCode: status });
}
