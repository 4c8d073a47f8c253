import type {
  EcartPayOrder,
  OrderStatus,
} from '../../src/shared/ecartpay.ts';

/** What the shop's orders panel shows of one order. */
export interface OrderSummary {
  id: string;
  number: string;
  status: OrderStatus;
  total: number;
  currency: string;
  /** When Ecart Pay created the order (ISO 8601). */
  createdAt: string;
  /** When the shop last learnt of it (ISO 8601). */
  updatedAt: string;
}

type Listener = (order: OrderSummary) => void;

/**
 * The merchant's record of its orders, in memory, fed by the checkout
 * handler's `onStatusChange`: every status in it is Ecart Pay's own
 * answer to `GET /api/orders/{id}`, read by the server when the order was
 * created and when a notification (or the customer's return) said it
 * changed. Nothing the browser claims reaches it. A real shop keeps this
 * in its database.
 */
export class OrdersStore {
  private readonly orders = new Map<string, OrderSummary>();
  private readonly listeners = new Set<Listener>();

  /** Records the order as Ecart Pay reports it now. */
  record(order: EcartPayOrder): void {
    this.save(summarize(order));
  }

  has(id: string): boolean {
    return this.orders.has(id);
  }

  /** Every order, the most recently created first. */
  list(): OrderSummary[] {
    return [...this.orders.values()].reverse();
  }

  /** Calls `listener` with each order saved from now on. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private save(summary: OrderSummary): void {
    this.orders.set(summary.id, summary);
    for (const listener of this.listeners) listener(summary);
  }
}

function summarize(order: EcartPayOrder): OrderSummary {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    total: order.totals.total,
    currency: order.currency,
    createdAt: order.created_at,
    updatedAt: new Date().toISOString(),
  };
}
