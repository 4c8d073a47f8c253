import { z } from 'zod';
import { CURRENCIES, type CreateOrderInput } from '../shared/ecartpay.ts';

/**
 * What a merchant's `resolveOrder` returns: the body of `POST /api/orders`
 * without the URLs, which the create handler sets itself.
 */
export type ResolvedOrder = Omit<
  CreateOrderInput,
  'notify_url' | 'redirect_url'
>;

const text = z.string().trim().min(1).max(500);
const amount = z.number().finite().nonnegative();

const shippingAddress = z.object({
  first_name: text.optional(),
  last_name: text.optional(),
  address1: text.optional(),
  address2: text.optional(),
  city: text.optional(),
  postal_code: text.optional(),
  phone: text.optional(),
  country: z
    .object({ code: text.optional(), name: text.optional() })
    .optional(),
  state: z.object({ code: text.optional() }).optional(),
});

/**
 * Checks a merchant's resolved order before it reaches Ecart Pay, so a
 * pricing bug is reported precisely instead of as Ecart Pay's 400. Fields
 * Ecart Pay accepts beyond the documented ones are passed through.
 */
const resolvedOrderSchema = z.looseObject({
  currency: z.enum(CURRENCIES),
  items: z
    .array(
      z.looseObject({
        name: text,
        quantity: z.number().int().positive(),
        price: amount,
      }),
    )
    .min(1)
    .max(500),
  customer_id: text.optional(),
  email: z.email().optional(),
  first_name: text.optional(),
  last_name: text.optional(),
  phone: text.optional(),
  shipping_address: shippingAddress.optional(),
  shipping_items: z
    .array(
      z.looseObject({ name: text, amount, carrier: text.optional() }),
    )
    .max(50)
    .optional(),
});

/**
 * Validates `value` as a resolved order. Returns it, or a message naming
 * every bad field (for the merchant's `onError`, never for the browser).
 */
export function checkResolvedOrder(
  value: unknown,
): { ok: true; order: ResolvedOrder } | { ok: false; problem: string } {
  const result = resolvedOrderSchema.safeParse(value);
  if (result.success) return { ok: true, order: result.data as ResolvedOrder };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.join('.');
    return `${path}: ${issue.message}`;
  });
  return { ok: false, problem: problems.join('; ') };
}
