import type { EcartPayOrder, OrderStatus } from '../shared/ecartpay.ts';
import {
  keepAlive,
  report,
  type ErrorReporter,
  type HandlerContext,
  type HandlerName,
} from './http.ts';

type Awaitable<T> = T | Promise<T>;

/**
 * Called once per status an order reaches, with the status this server
 * knew before (`undefined` the first time it sees the order). The order
 * always comes fresh from `GET /api/orders/{id}`, never from a
 * notification body.
 */
export type StatusChangeListener = (
  order: EcartPayOrder,
  previousStatus: OrderStatus | undefined,
) => unknown;

/** The last status handed to `onStatusChange` for an order. */
export interface StatusRecord {
  status: OrderStatus;
  /** The order's `updated_at` when that status was seen. */
  updatedAt: string;
}

/**
 * Where the handlers remember each order's last known status, so
 * `onStatusChange` runs once per change however often Ecart Pay repeats a
 * notification. The default, {@link createMemoryStatusStore}, forgets
 * on restart: an order observed again afterwards is reported once more,
 * with `previousStatus` undefined. A persistent store (a column of the
 * merchant's orders table) avoids that.
 */
export interface StatusStore {
  get(orderId: string): Awaitable<StatusRecord | undefined>;
  set(orderId: string, record: StatusRecord): Awaitable<void>;
}

/** Options of {@link createMemoryStatusStore}. */
export interface MemoryStatusStoreOptions {
  /** Most orders remembered; the least recently changed go first. */
  maxEntries?: number;
}

/** An in-process {@link StatusStore} holding at most `maxEntries` orders. */
export function createMemoryStatusStore(
  options: MemoryStatusStoreOptions = {},
): StatusStore {
  const maxEntries = options.maxEntries ?? 10_000;
  const records = new Map<string, StatusRecord>();
  return {
    get: (orderId) => records.get(orderId),
    set(orderId, record) {
      records.delete(orderId);
      records.set(orderId, record);
      for (const oldest of records.keys()) {
        if (records.size <= maxEntries) break;
        records.delete(oldest);
      }
    },
  };
}

/** Where each documented status sits in an order's life. */
const LIFECYCLE: Record<string, number> = {
  created: 0,
  paid: 1,
  partially_refunded: 2,
  refunded: 3,
};

/**
 * Feeds fresh orders to the merchant's listener, once per change.
 * Observations of one order run one after another, so two deliveries
 * racing each other cannot both report the same change; an observation
 * older than what was already reported (by `updated_at`, else by the
 * documented lifecycle) is ignored. The status is remembered only after
 * the listener succeeds: a listener that throws is called again for the
 * same change the next time the order is observed. A listener that never
 * settles holds back later changes of its order.
 */
function createStatusTracker(options: {
  store: StatusStore;
  onStatusChange: StatusChangeListener;
  onError: ErrorReporter | undefined;
  /** The handler options, whose `waitUntil` serves when a request has none. */
  host: HandlerContext;
}) {
  const queues = new Map<string, Promise<void>>();

  async function apply(order: EcartPayOrder): Promise<void> {
    const previous = await options.store.get(order.id);
    if (previous !== undefined && !isNewer(order, previous)) return;

    const record = { status: order.status, updatedAt: order.updated_at };
    if (previous?.status !== order.status) {
      await options.onStatusChange(order, previous?.status);
    }
    await options.store.set(order.id, record);
  }

  /** Resolves once the observation is handled; never rejects. */
  function observe(order: EcartPayOrder, by: HandlerName): Promise<void> {
    const before = queues.get(order.id) ?? Promise.resolve();
    const done = before.then(() => apply(order)).catch((error: unknown) =>
      report(options.onError, error, { handler: by, orderId: order.id }),
    );
    queues.set(order.id, done);
    void done.then(() => {
      if (queues.get(order.id) === done) queues.delete(order.id);
    });
    return done;
  }

  return {
    observe,
    /** Observes in the background, past the response to `context`. */
    observeLater(
      order: EcartPayOrder,
      by: HandlerName,
      context: HandlerContext | undefined,
    ): void {
      keepAlive(observe(order, by), context, options.host);
    },
  };
}

export type StatusTracker = ReturnType<typeof createStatusTracker>;

/**
 * The tracker a handler's options ask for: none without a listener,
 * else one on their store or, by default, a fresh in-memory one.
 */
export function trackerFor(
  options: HandlerContext & {
    onStatusChange?: StatusChangeListener;
    statusStore?: StatusStore;
    onError?: ErrorReporter;
  },
): StatusTracker | undefined {
  if (options.onStatusChange === undefined) return undefined;
  return createStatusTracker({
    store: options.statusStore ?? createMemoryStatusStore(),
    onStatusChange: options.onStatusChange,
    onError: options.onError,
    host: options,
  });
}

function isNewer(order: EcartPayOrder, previous: StatusRecord): boolean {
  const seen = Date.parse(order.updated_at);
  const known = Date.parse(previous.updatedAt);
  if (Number.isFinite(seen) && Number.isFinite(known) && seen !== known) {
    return seen > known;
  }

  const seenStep = LIFECYCLE[order.status];
  const knownStep = LIFECYCLE[previous.status];
  if (seenStep === undefined || knownStep === undefined) return true;
  return seenStep >= knownStep;
}
