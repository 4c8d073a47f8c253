/**
 * Ecart Pay's order ids are 24 hexadecimal digits (MongoDB ids); the
 * check is looser so other emulators and future formats pass, while
 * anything that could climb paths or inject stays out.
 */
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidOrderId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_ID.test(value);
}

export const ORDER_ID_RULE =
  'Order id must be 1 to 64 letters, digits, "-" or "_"';
