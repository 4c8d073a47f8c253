import {
  CURRENCIES,
  type CreateOrderInput,
  type OrderItemInput,
  type RefundInput,
  type ShippingAddress,
  type ShippingItem,
} from '../shared/ecartpay.ts';
import { HttpError } from './http.ts';
import { MAX_AMOUNT } from './money.ts';

/**
 * Checks the body of `POST /api/orders` field by field, the way a careful
 * API does: the first problem is answered 400 with a message that names
 * the field (`items[0].quantity must be a positive integer`). Fields the
 * API does not know are dropped, not refused.
 */
export function parseCreateOrder(body: unknown): CreateOrderInput {
  const input = requireObject(body, 'Request body');

  const order = omitUndefined({
    customer_id: optionalString(input, 'customer_id'),
    currency: parseCurrency(input.currency),
    items: parseItems(input.items),
    notify_url: optionalUrl(input, 'notify_url'),
    redirect_url: optionalUrl(input, 'redirect_url'),
    email: optionalEmail(input, 'email'),
    first_name: optionalString(input, 'first_name'),
    last_name: optionalString(input, 'last_name'),
    phone: optionalString(input, 'phone'),
    shipping_address: parseShippingAddress(input.shipping_address),
    shipping_items: parseShippingItems(input.shipping_items),
  });
  requireSaneTotal(order);
  return order;
}

/**
 * Each amount is capped, and so is their sum: quantities multiply
 * prices, and past the cap cents stop being exact in a double.
 */
function requireSaneTotal(order: CreateOrderInput): void {
  const items = order.items.map((item) => item.price * item.quantity);
  const shipping = (order.shipping_items ?? []).map((item) => item.amount);
  const total = [...items, ...shipping].reduce((a, b) => a + b, 0);
  if (total > MAX_AMOUNT) {
    throw invalid(`The order total must be at most ${MAX_AMOUNT}`);
  }
}

const REFUND_REASONS = ['requested', 'duplicate', 'fraudulent'] as const;

/**
 * Checks the body of `POST /api/orders/{id}/refund`. The reason is read
 * from `reason` (the Orders guide) or `name` (the OpenAPI document).
 */
export function parseRefund(body: unknown): RefundInput {
  const input = requireObject(body, 'Request body');

  const amount = input.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    throw invalid('amount must be a number');
  }
  if (amount <= 0) throw invalid('amount must be greater than 0');

  const field = input.reason !== undefined ? 'reason' : 'name';
  const reason = input[field];
  if (reason === undefined) {
    throw invalid(`reason is required: ${REFUND_REASONS.join(', ')}`);
  }
  if (!REFUND_REASONS.includes(reason as RefundInput['reason'])) {
    throw invalid(
      `${field} must be one of ${REFUND_REASONS.join(', ')}`,
    );
  }
  return { amount, reason: reason as RefundInput['reason'] };
}

type Fields = Record<string, unknown>;

function parseCurrency(value: unknown): string {
  if (value === undefined) throw invalid('currency is required');
  if (
    typeof value !== 'string' ||
    !(CURRENCIES as readonly string[]).includes(value)
  ) {
    throw invalid(`currency must be one of ${CURRENCIES.join(', ')}`);
  }
  return value;
}

function parseItems(value: unknown): OrderItemInput[] {
  if (value === undefined) throw invalid('items is required');
  if (!Array.isArray(value)) throw invalid('items must be an array');
  if (value.length === 0) throw invalid('items must not be empty');

  return value.map((entry: unknown, index) => {
    const path = `items[${index}]`;
    const item = requireObject(entry, path);
    return {
      name: requireName(item.name, `${path}.name`),
      quantity: requireQuantity(item.quantity, `${path}.quantity`),
      price: requireAmount(item.price, `${path}.price`),
    };
  });
}

function parseShippingItems(value: unknown): ShippingItem[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    throw invalid('shipping_items must be an array');
  }

  return value.map((entry: unknown, index) => {
    const path = `shipping_items[${index}]`;
    const item = requireObject(entry, path);
    return omitUndefined({
      name: requireName(item.name, `${path}.name`),
      amount: requireAmount(item.amount, `${path}.amount`),
      carrier: optionalString(item, 'carrier', path),
    });
  });
}

function parseShippingAddress(
  value: unknown,
): ShippingAddress | undefined {
  if (value === undefined) return undefined;
  const path = 'shipping_address';
  const address = requireObject(value, path);

  const text = (name: string) => optionalString(address, name, path);
  return omitUndefined({
    first_name: text('first_name'),
    last_name: text('last_name'),
    address1: text('address1'),
    address2: text('address2'),
    city: text('city'),
    postal_code: text('postal_code'),
    phone: text('phone'),
    country: parseCodeObject(address.country, `${path}.country`, [
      'code',
      'name',
    ]),
    state: parseCodeObject(address.state, `${path}.state`, ['code']),
  });
}

function parseCodeObject(
  value: unknown,
  path: string,
  names: string[],
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const fields = requireObject(value, path);
  const parsed: Record<string, string> = {};
  for (const name of names) {
    const text = optionalString(fields, name, path);
    if (text !== undefined) parsed[name] = text;
  }
  return parsed;
}

function requireObject(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${path} must be an object`);
  }
  return value as Fields;
}

function requireName(value: unknown, path: string): string {
  if (value === undefined) throw invalid(`${path} is required`);
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${path} must be a non-empty string`);
  }
  return value;
}

function requireQuantity(value: unknown, path: string): number {
  if (value === undefined) throw invalid(`${path} is required`);
  if (
    typeof value !== 'number' ||
    !Number.isSafeInteger(value) ||
    value < 1
  ) {
    throw invalid(`${path} must be a positive integer`);
  }
  return value;
}

function requireAmount(value: unknown, path: string): number {
  if (value === undefined) throw invalid(`${path} is required`);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${path} must be a number greater than or equal to 0`);
  }
  if (value > MAX_AMOUNT) {
    throw invalid(`${path} must be at most ${MAX_AMOUNT}`);
  }
  return value;
}

function optionalString(
  fields: Fields,
  name: string,
  parent?: string,
): string | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    const path = parent ? `${parent}.${name}` : name;
    throw invalid(`${path} must be a string`);
  }
  return value;
}

function optionalUrl(fields: Fields, name: string): string | undefined {
  const value = optionalString(fields, name);
  if (value === undefined) return undefined;

  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid(`${name} must be an absolute http(s) URL`);
  }
  return value;
}

/** Deliberately loose: one `@`, something on each side, a dotted host. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optionalEmail(fields: Fields, name: string): string | undefined {
  const value = optionalString(fields, name);
  if (value === undefined || value === '') return value;
  if (!EMAIL_PATTERN.test(value)) {
    throw invalid(`${name} must be an email address`);
  }
  return value;
}

/** Drops keys whose value is undefined, so answers omit absent fields. */
function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as T;
}

function invalid(message: string): HttpError {
  return new HttpError(400, message);
}
