/**
 * What the element accepts from the merchant's backend, checked with
 * `zod/mini` (about 5.6 kB gzipped as used here) rather than full zod
 * (about 23 kB). Objects are loose: a backend may answer the whole Ecart
 * Pay order or any subset holding `id` and `pay_link`, plus its own
 * fields.
 *
 * Every zod feature used adds its own code to the browser bundle, so the
 * schemas use few: strings, numbers, loose objects, optional fields, one
 * array, and plain check functions for every other rule. `z.int()`,
 * `z.enum()`, `z.refine()` and the built-in checks (`z.minLength()`,
 * `z.positive()`...) would bring about 1.2 kB gzipped more for the same
 * rules.
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

/**
 * A check rejecting the values for which `holds` is false. zod/mini runs
 * plain check functions as they are, with no code of its own.
 */
function rule<T>(holds: (value: T) => boolean): z.core.CheckFn<T> {
  return (payload) => {
    if (holds(payload.value)) return;
    payload.issues.push({ code: 'custom', input: payload.value });
  };
}

const text = z.string();

const nonEmptyText = text.check(rule((value) => value.length > 0));

const optionalText = z.optional(text);

const orderSchema = z.looseObject({
  id: nonEmptyText,
  pay_link: nonEmptyText,
  status: optionalText,
  number: optionalText,
  currency: optionalText,
  redirect_url: optionalText,
  totals: z.optional(z.looseObject({ total: z.optional(z.number()) })),
});

/** A status answer: the order again, whose `status` is required. */
const statusSchema = z.looseObject({
  id: nonEmptyText,
  status: nonEmptyText,
});

/** What `z.int().check(z.positive())` accepts: 1 up to 2^53 - 1. */
const isCount = (value: number) => Number.isSafeInteger(value) && value > 0;

const itemSchema = z.looseObject({
  name: nonEmptyText,
  quantity: z.number().check(rule(isCount)),
  price: z.number().check(rule((value) => value >= 0)),
});

const itemsSchema = z.array(itemSchema).check(rule((list) => list.length > 0));

const currencies: readonly string[] = CURRENCIES;

const currencySchema = text.check(rule((code) => currencies.includes(code)));

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

/**
 * Runs each schema once on a valid sample. zod/mini sets a schema up on
 * its first parse; done when the flow loads, that work stays off the
 * customer's click.
 */
export function prepareSchemas(): void {
  parseItems([{ name: 'sample', quantity: 1, price: 1 }]);
  isCurrency('MXN');
  parseOrder({ id: 'sample', pay_link: 'https://ecartpay.com/' });
  parseOrderStatus({ id: 'sample', status: 'created' });
}
