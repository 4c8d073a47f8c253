/**
 * A local emulator of Ecart Pay: its API (`/api/...`) and its hosted
 * payment page (`pay_link`), in memory and in one Node process, so that
 * the demo, the tests and merchants' own tests run with no network and
 * no keys.
 *
 * ```ts
 * const sandbox = await startSandbox({ port: 0 });
 * // ... point the client at sandbox.url ...
 * await sandbox.close();
 * ```
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { EcartPayOrder, OrderStatus } from '../shared/ecartpay.ts';
import { apiRoutes } from './api-routes.ts';
import { controlRoutes } from './control-routes.ts';
import {
  DEFAULT_RETRY_DELAYS_MS,
  DELIVERY_TIMEOUT_MS,
  Notifier,
  type NotificationDelivery,
} from './notifier.ts';
import { OrderBook } from './orders.ts';
import {
  hostedHeaders,
  isHostedPath,
  payPageRoutes,
} from './pay-page/routes.ts';
import { createRouter } from './router.ts';
import { TokenAuthority } from './tokens.ts';

export type { DeliveryAttempt, NotificationDelivery } from './notifier.ts';
export { TEST_CARDS } from './pay-page/cards.ts';
export { DEFAULT_RETRY_DELAYS_MS } from './notifier.ts';

/** The sandbox's default public key: safe to commit, useless elsewhere. */
export const SANDBOX_PUBLIC_KEY = 'pub_sandbox_ecartpay_checkout';

/** The sandbox's default private key: safe to commit, useless elsewhere. */
export const SANDBOX_PRIVATE_KEY = 'priv_sandbox_ecartpay_checkout';

/** The sandbox's default webhook secret, for `x-pay-signature`. */
export const SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_ecartpay_checkout';

/** Options of {@link startSandbox}; every one has a default. */
export interface SandboxOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /**
   * Origin written into `pay_link` when the sandbox is reached through
   * another address (a tunnel, a container). Default: the listening one.
   */
  publicUrl?: string;
  /** Default {@link SANDBOX_PUBLIC_KEY}. */
  publicKey?: string;
  /** Default {@link SANDBOX_PRIVATE_KEY}. */
  privateKey?: string;
  /**
   * Secret that signs notifications (`x-pay-signature`). Default
   * {@link SANDBOX_WEBHOOK_SECRET}; `null` sends them unsigned.
   */
  webhookSecret?: string | null;
  /**
   * Make every hosted-page answer refuse framing (`X-Frame-Options:
   * DENY`, `frame-ancestors 'none'`). Default false: anyone may frame it.
   */
  refuseFraming?: boolean;
  /**
   * Waits between a failed notification attempt and the next one; its
   * length is the number of retries. Default
   * {@link DEFAULT_RETRY_DELAYS_MS} (five retries, 10 to 30 s apart).
   */
  notifyRetryDelaysMs?: readonly number[];
  /** How long a receiver has to answer. Default 5000 ms. */
  notifyTimeoutMs?: number;
  /** Lifetime of API tokens. Default 3600 s, as Ecart Pay's. */
  tokenLifetimeSeconds?: number;
  /**
   * The sandbox's clock in epoch milliseconds: token `iat`/`exp` and
   * their expiry, order timestamps, card expiry. Default `Date.now`.
   */
  now?: () => number;
}

/** A sandbox that is listening. */
export interface RunningSandbox {
  /** Origin of the API and of the hosted page, e.g. http://127.0.0.1:4010. */
  readonly url: string;
  readonly publicKey: string;
  readonly privateKey: string;
  /** The secret that signs notifications, or null when unsigned. */
  readonly webhookSecret: string | null;
  /** Whether hosted pages refuse to be framed. */
  readonly refuseFraming: boolean;
  /** Turns the framing refusal on or off from now on. */
  setRefuseFraming(on: boolean): void;
  /**
   * Marks an order paid, as when cash paid at OXXO arrives, and notifies
   * its `notify_url`. Paying a paid order again does nothing. Throws for
   * an unknown order or one already refunded.
   */
  markPaid(orderId: string): EcartPayOrder;
  /** The order as `GET /api/orders/{id}` would answer it. */
  getOrder(orderId: string): EcartPayOrder;
  /** Every notification so far and its attempts, oldest first. */
  deliveries(): NotificationDelivery[];
  /** Resolves when no notification is waiting for a (re)try. */
  waitForDeliveries(): Promise<void>;
  /**
   * Stops listening, drops open connections and cancels pending
   * notification retries: nothing of the sandbox is left running.
   */
  close(): Promise<void>;
}

/** Starts a sandbox; resolves once it listens. */
export async function startSandbox(
  options: SandboxOptions = {},
): Promise<RunningSandbox> {
  const now = options.now ?? Date.now;
  const publicKey = options.publicKey ?? SANDBOX_PUBLIC_KEY;
  const privateKey = options.privateKey ?? SANDBOX_PRIVATE_KEY;
  const webhookSecret =
    options.webhookSecret === undefined
      ? SANDBOX_WEBHOOK_SECRET
      : options.webhookSecret;
  let refuseFraming = options.refuseFraming ?? false;
  let baseUrl = '';

  const notifier = new Notifier({
    secret: webhookSecret,
    retryDelaysMs: options.notifyRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.notifyTimeoutMs ?? DELIVERY_TIMEOUT_MS,
  });
  const orders = new OrderBook({
    now,
    onStatusChange: (order) => notifyStatus(notifier, order),
  });
  const tokens = new TokenAuthority({
    publicKey,
    privateKey,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    now,
  });

  const setRefuseFraming = (on: boolean) => {
    refuseFraming = on;
  };
  const router = createRouter([
    ...apiRoutes({ tokens, orders, baseUrl: () => baseUrl }),
    ...payPageRoutes({ orders, refuseFraming: () => refuseFraming, now }),
    ...controlRoutes({
      orders,
      deliveries: () => notifier.deliveries(),
      refuseFraming: () => refuseFraming,
      setRefuseFraming,
    }),
  ]);

  const server = createServer((req, res) => {
    // Set early so that even an error answer of a hosted path refuses
    // framing; the pages' own headers then refine the policy.
    if (isHostedPath(req.url ?? '/')) {
      const headers = hostedHeaders(refuseFraming);
      for (const [name, value] of Object.entries(headers)) {
        res.setHeader(name, value);
      }
    }
    void router(req, res);
  });
  const address = await listen(server, options.port ?? 0, options.host);
  baseUrl = (options.publicUrl ?? originOf(address)).replace(/\/+$/, '');

  return {
    url: baseUrl,
    publicKey,
    privateKey,
    webhookSecret,
    get refuseFraming() {
      return refuseFraming;
    },
    setRefuseFraming,
    markPaid: (orderId) => orders.markPaid(orderId),
    getOrder: (orderId) => orders.get(orderId),
    deliveries: () => notifier.deliveries(),
    waitForDeliveries: () => notifier.idle(),
    close: () => closeServer(server, notifier),
  };
}

const EVENTS: Partial<Record<OrderStatus, 'orders.confirmation'>> = {
  paid: 'orders.confirmation',
};

function notifyStatus(notifier: Notifier, order: EcartPayOrder): void {
  if (!order.notify_url) return;
  const event = EVENTS[order.status] ?? 'orders.update';
  notifier.notify(order.notify_url, event, {
    id: order.id,
    status: order.status,
  });
}

function listen(
  server: Server,
  port: number,
  host = '127.0.0.1',
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function originOf(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? '127.0.0.1' : address.address;
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `http://${bracketed}:${address.port}`;
}

async function closeServer(server: Server, notifier: Notifier) {
  notifier.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await notifier.idle();
}
