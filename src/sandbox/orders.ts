import { randomBytes } from 'node:crypto';

import type {
  CreateOrderInput,
  EcartPayOrder,
  OrderItem,
  OrderStatus,
  RefundInput,
} from '../shared/ecartpay.ts';
import { HttpError } from './http.ts';
import { fromCents, toCents } from './money.ts';

/** How an order was (or is being) paid on the hosted page. */
export type PaymentMethod = 'card' | 'cash';

/** Called after every status change, with the status before it. */
export type StatusListener = (
  order: EcartPayOrder,
  previous: OrderStatus,
) => void;

interface OrderRecord {
  order: EcartPayOrder;
  refundedCents: number;
  /** The OXXO reference, once the customer chose to pay cash. */
  cashReference?: string;
}

/**
 * The sandbox's orders, in memory. Every status change goes through here
 * so that none of them misses its notification.
 */
export class OrderBook {
  readonly #records = new Map<string, OrderRecord>();
  readonly #numbers = new Set<string>();
  readonly #now: () => number;
  readonly #onStatusChange: StatusListener;

  constructor(options: { now: () => number; onStatusChange: StatusListener }) {
    this.#now = options.now;
    this.#onStatusChange = options.onStatusChange;
  }

  create(
    input: CreateOrderInput,
    context: { accountId: string; authorizationId: string; baseUrl: string },
  ): EcartPayOrder {
    const id = this.#newId();
    const items = input.items.map(priceItem);
    const now = new Date(this.#now()).toISOString();

    const order: EcartPayOrder = {
      id,
      account_id: context.accountId,
      authorization_id: context.authorizationId,
      ...(input.customer_id !== undefined && {
        customer_id: input.customer_id,
      }),
      number: this.#newNumber(),
      status: 'created',
      ...customerFields(input),
      currency: input.currency,
      items,
      ...(input.shipping_address && {
        shipping_address: input.shipping_address,
      }),
      shipping_items: input.shipping_items ?? [],
      discounts: [],
      totals: computeTotals(items, input.shipping_items ?? []),
      risk_score: 0,
      risk_notes: [],
      fee: 0,
      confirmed: false,
      ...(input.notify_url !== undefined && { notify_url: input.notify_url }),
      ...(input.redirect_url !== undefined && {
        redirect_url: input.redirect_url,
      }),
      created_at: now,
      updated_at: now,
      pay_link: `${context.baseUrl}/pay/${id}`,
    };

    this.#records.set(id, { order, refundedCents: 0 });
    return structuredClone(order);
  }

  /** A copy of the order as it is now; 404 when unknown. */
  get(id: string): EcartPayOrder {
    return structuredClone(this.#record(id).order);
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  /**
   * Marks an order paid (card approved, or cash arrived). Paying a paid
   * order again changes nothing and notifies nobody.
   */
  markPaid(id: string): EcartPayOrder {
    const record = this.#record(id);
    const { status } = record.order;
    if (status === 'paid') return structuredClone(record.order);
    if (status !== 'created') {
      throw new HttpError(409, `Order ${id} is ${status}; it cannot be paid`);
    }

    record.order.confirmed = true;
    this.#setStatus(record, 'paid');
    return structuredClone(record.order);
  }

  /** Refunds part or all of what is left of a paid order. */
  refund(id: string, refund: RefundInput): EcartPayOrder {
    const record = this.#record(id);
    const { status } = record.order;
    if (status !== 'paid' && status !== 'partially_refunded') {
      throw new HttpError(
        409,
        `Order ${id} is ${status}; only paid orders can be refunded`,
      );
    }

    const cents = toCents(refund.amount);
    const left = toCents(record.order.totals.total) - record.refundedCents;
    if (cents <= 0) throw new HttpError(400, 'amount must be at least 0.01');
    if (cents > left) {
      throw new HttpError(
        400,
        `amount must not exceed the ${fromCents(left)} left to refund`,
      );
    }

    record.refundedCents += cents;
    const fully = record.refundedCents === toCents(record.order.totals.total);
    this.#setStatus(record, fully ? 'refunded' : 'partially_refunded');
    return structuredClone(record.order);
  }

  /**
   * The OXXO reference of an order, made the first time the customer
   * chooses cash and kept so that reloading shows the same one.
   */
  cashReference(id: string): string {
    const record = this.#record(id);
    record.cashReference ??= newCashReference();
    return record.cashReference;
  }

  #setStatus(record: OrderRecord, status: OrderStatus): void {
    const previous = record.order.status;
    record.order.status = status;
    record.order.updated_at = new Date(this.#now()).toISOString();
    this.#onStatusChange(structuredClone(record.order), previous);
  }

  #record(id: string): OrderRecord {
    const record = this.#records.get(id);
    if (!record) throw new HttpError(404, `Order ${id} not found`);
    return record;
  }

  #newId(): string {
    let id: string;
    do id = randomBytes(12).toString('hex');
    while (this.#records.has(id));
    return id;
  }

  #newNumber(): string {
    let number: string;
    do number = `OR${randomDigits(8)}`;
    while (this.#numbers.has(number));
    this.#numbers.add(number);
    return number;
  }
}

function priceItem(item: CreateOrderInput['items'][number]): OrderItem {
  const total = fromCents(toCents(item.price * item.quantity));
  return { ...item, discount: 0, total, tax: 0 };
}

/**
 * The sandbox applies no discounts or taxes (nothing documents how Ecart
 * Pay would derive them from a plain order), so both stay 0 while the
 * formula keeps their place.
 */
function computeTotals(
  items: OrderItem[],
  shipping: { amount: number }[],
): EcartPayOrder['totals'] {
  const sum = (cents: number[]) => cents.reduce((a, b) => a + b, 0);
  const subtotal = sum(items.map((item) => toCents(item.total)));
  const tax = sum(items.map((item) => toCents(item.tax)));
  const discount = sum(items.map((item) => toCents(item.discount)));
  const shippingCents = sum(shipping.map((item) => toCents(item.amount)));
  const total = subtotal + shippingCents + tax - discount;

  return {
    subtotal: fromCents(subtotal),
    total: fromCents(total),
    tax: fromCents(tax),
    discount: fromCents(discount),
    shipping: fromCents(shippingCents),
  };
}

function customerFields(input: CreateOrderInput): Partial<EcartPayOrder> {
  const fields: Partial<EcartPayOrder> = {};
  for (const name of ['email', 'first_name', 'last_name', 'phone'] as const) {
    if (input[name] !== undefined) fields[name] = input[name];
  }
  return fields;
}

function randomDigits(count: number): string {
  let digits = '';
  for (const byte of randomBytes(count)) digits += String(byte % 10);
  return digits;
}

/** Fourteen digits, shown in groups of four like a printed voucher. */
function newCashReference(): string {
  return `93${randomDigits(12)}`;
}
