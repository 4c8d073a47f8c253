/**
 * Amounts are decimals in major units on the wire (243.33). Sums are
 * done in whole cents so that 0.1 + 0.2 stays 0.3.
 */

/**
 * The largest amount the sandbox takes, for a price, a shipping line or
 * a whole order. Ecart Pay's own limit is not documented; this one keeps
 * every sum exact in cents.
 */
export const MAX_AMOUNT = 999_999_999.99;

/**
 * Major units to whole cents. `toPrecision(15)` first drops the binary
 * noise of values such as 1.005 (stored as 1.00499999...), so halves
 * round up as a person would expect.
 */
export function toCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(15)));
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** An amount in the order's currency, for people to read. */
export function formatMoney(
  amount: number,
  currency: string,
  locale: string,
): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).format(amount);
}
