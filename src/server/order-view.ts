import type {
  EcartPayOrder,
  OrderItem,
  OrderStatus,
  OrderTotals,
} from '../shared/ecartpay.ts';

/**
 * What the browser may see of an order: enough to show and pay it.
 * Internal fields (`account_id`, `authorization_id`, `customer_id`,
 * `risk_score`, `risk_notes`, `fee`, `notify_url`, customer details...)
 * are left out.
 */
export interface PublicOrder {
  id: string;
  number: string;
  status: OrderStatus;
  currency: string;
  items: Pick<OrderItem, 'name' | 'quantity' | 'price' | 'discount' |
    'total' | 'tax'>[];
  totals: OrderTotals;
  pay_link: string;
  redirect_url?: string;
  created_at: string;
  updated_at: string;
  /**
   * Not Ecart Pay's: `'refused'` when the pay page may not be framed by
   * the shop (see `createFramingProbe`); absent otherwise.
   */
  framing?: 'refused';
}

/** Copies the public fields of `order`, field by field. */
export function toPublicOrder(order: EcartPayOrder): PublicOrder {
  const items = Array.isArray(order.items) ? order.items : [];
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    currency: order.currency,
    items: items.map((item) => ({
      name: item.name,
      quantity: item.quantity,
      price: item.price,
      discount: item.discount,
      total: item.total,
      tax: item.tax,
    })),
    totals: pickTotals(order.totals),
    pay_link: order.pay_link,
    redirect_url: order.redirect_url,
    created_at: order.created_at,
    updated_at: order.updated_at,
  };
}

/** Missing amounts stay missing: a made-up 0 could be shown as a price. */
function pickTotals(totals: OrderTotals | undefined): OrderTotals {
  return {
    subtotal: totals?.subtotal,
    total: totals?.total,
    tax: totals?.tax,
    discount: totals?.discount,
    shipping: totals?.shipping,
  } as OrderTotals;
}
