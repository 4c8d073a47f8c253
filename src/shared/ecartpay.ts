/**
 * The shapes of Ecart Pay's Orders API, as its Orders guide and OpenAPI
 * document describe them. Shared by the server toolkit, which talks to
 * Ecart Pay, and the sandbox, which emulates it. Types only: nothing here
 * runs.
 */

/** Hosts of the real service; every endpoint is under `/api`. */
export const ECARTPAY_HOSTS = {
  sandbox: 'https://sandbox.ecartpay.com',
  production: 'https://ecartpay.com',
} as const;

/**
 * Statuses documented for an order. Cash and bank-transfer payments leave
 * an order `created` after checkout until the money arrives.
 */
export type OrderStatus =
  | 'created'
  | 'paid'
  | 'refunded'
  | 'partially_refunded';

/** Currencies Ecart Pay lists. */
export const CURRENCIES = [
  'MXN',
  'USD',
  'EUR',
  'CAD',
  'BRL',
  'COP',
  'ARS',
  'CLP',
  'PEN',
  'GTQ',
  'INR',
  'AUD',
] as const;

/** A currency code Ecart Pay lists. */
export type Currency = (typeof CURRENCIES)[number];

/** One line of an order, as sent: `price` per unit in major units. */
export interface OrderItemInput {
  name: string;
  quantity: number;
  price: number;
}

/** A shipping charge: `amount` in major units adds to `totals.shipping`. */
export interface ShippingItem {
  name: string;
  amount: number;
  carrier?: string;
}

/** Where the order ships; every field optional. */
export interface ShippingAddress {
  first_name?: string;
  last_name?: string;
  address1?: string;
  address2?: string;
  city?: string;
  postal_code?: string;
  phone?: string;
  country?: { code?: string; name?: string };
  state?: { code?: string };
}

/** The body of `POST /api/orders`. */
export interface CreateOrderInput {
  customer_id?: string;
  currency: string;
  items: OrderItemInput[];
  notify_url?: string;
  redirect_url?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  shipping_address?: ShippingAddress;
  shipping_items?: ShippingItem[];
}

/** One line of an order, as Ecart Pay answers it. */
export interface OrderItem extends OrderItemInput {
  discount: number;
  total: number;
  tax: number;
}

/** `total = subtotal + shipping + tax - discount`, in major units. */
export interface OrderTotals {
  subtotal: number;
  total: number;
  tax: number;
  discount: number;
  shipping: number;
}

/** An order as `POST /api/orders` and `GET /api/orders/{id}` answer it. */
export interface EcartPayOrder {
  id: string;
  account_id: string;
  authorization_id?: string;
  customer_id?: string;
  /** "OR" followed by eight digits. */
  number: string;
  status: OrderStatus;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  currency: string;
  items: OrderItem[];
  shipping_address?: ShippingAddress;
  shipping_items: ShippingItem[];
  discounts: unknown[];
  totals: OrderTotals;
  /** 0 to 100. */
  risk_score: number;
  risk_notes: unknown[];
  fee: number;
  confirmed: boolean;
  notify_url?: string;
  redirect_url?: string;
  created_at: string;
  updated_at: string;
  /** An opaque URL on the Ecart Pay host where the customer pays. */
  pay_link: string;
}

/** `POST /api/orders/{id}/refund`. */
export interface RefundInput {
  amount: number;
  reason: 'requested' | 'duplicate' | 'fraudulent';
}

/** The body of every error answer. */
export interface EcartPayErrorBody {
  message: string;
  statusCode: number;
}

/** Events of the account webhook envelope. */
export type WebhookEvent =
  | 'orders.create'
  | 'orders.confirmation'
  | 'orders.update';

/** A notification's body: `{"event": ..., "data": {"id", "status"}}`. */
export interface WebhookEnvelope {
  event: WebhookEvent;
  data: { id: string; status: OrderStatus } & Record<string, unknown>;
}

/** Header names of a signed delivery. */
export const SIGNATURE_HEADERS = {
  /** Milliseconds since the epoch, as a decimal string. */
  timestamp: 'x-pay-timestamp',
  webhookId: 'x-pay-webhook-id',
  /** `SHA256=<lowercase hex>`. */
  signature: 'x-pay-signature',
} as const;
