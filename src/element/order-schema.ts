/**
 * What the element accepts from the merchant's backend, checked with
 * `zod/mini` (about 5 kB) rather than full zod (about 23 kB). Objects are
 * loose: a backend may answer the whole Ecart Pay order or any subset
 * holding `id` and `pay_link`, plus its own fields.
 */
import * as z from 'zod/mini';
import { CURRENCIES } from '../shared/ecartpay.ts';
import type { EcartPayOrder, OrderItemInput } from '../shared/ecartpay.ts';

/**
 * An order as the element knows it: Ecart Pay's order, of which only `id`
 * and `pay_link` are sure to be there.
 */
export type CheckoutOrder = Partial<EcartPayOrder> & {
  id: string;
  pay_link: string;
  [field: string]: unknown;
};

const nonEmptyText = z.string().check(z.minLength(1));

const orderSchema = z.looseObject({
  id: nonEmptyText,
  pay_link: nonEmptyText,
  status: z.optional(z.string()),
  number: z.optional(z.string()),
  currency: z.optional(z.string()),
  redirect_url: z.optional(z.string()),
  totals: z.optional(z.looseObject({ total: z.optional(z.number()) })),
});

/** A status answer: the order again, whose `status` is required. */
const statusSchema = z.looseObject({
  id: nonEmptyText,
  status: nonEmptyText,
});

const itemSchema = z.looseObject({
  name: nonEmptyText,
  quantity: z.int().check(z.positive()),
  price: z.number().check(z.nonnegative()),
});

const itemsSchema = z.array(itemSchema).check(z.minLength(1));

const currencySchema = z.enum(CURRENCIES);

/** The order in `answer`, or `null` when it is not one. */
export function parseOrder(answer: unknown): CheckoutOrder | null {
  const result = orderSchema.safeParse(answer);
  return result.success ? (result.data as CheckoutOrder) : null;
}

/** The order in a status answer, or `null` when it has no status. */
export function parseOrderStatus(
  answer: unknown,
): (Partial<EcartPayOrder> & { id: string; status: string }) | null {
  const result = statusSchema.safeParse(answer);
  return result.success ? (result.data as never) : null;
}

export function parseItems(items: unknown): OrderItemInput[] | null {
  const result = itemsSchema.safeParse(items);
  return result.success ? result.data : null;
}

export function isCurrency(currency: unknown): boolean {
  return currencySchema.safeParse(currency).success;
}
