/**
 * Warnings for the developer, never for production: a page built for
 * production (`process.env.NODE_ENV === 'production'` replaced by the
 * bundler) or loaded without a bundler stays silent. Each warning is
 * printed once per page, even when two copies of the element are loaded.
 */
declare const process: { env?: { NODE_ENV?: string } } | undefined;

const warned: Set<string> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('ecartpay-checkout.warned')
] ??= new Set<string>()) as Set<string>;

function isDevelopment(): boolean {
  return typeof process !== 'undefined' &&
    process?.env?.NODE_ENV !== undefined &&
    process.env.NODE_ENV !== 'production';
}

/** Warns once per `key` in development. Never pass a secret in `text`. */
export function devWarn(key: string, text: string): void {
  if (!isDevelopment() || warned.has(key)) return;
  warned.add(key);
  console.warn(`<ecartpay-checkout>: ${text}`);
}
