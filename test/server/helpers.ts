/** Shared set-up of the handler tests: a client on the fake Ecart Pay. */
import {
  CheckoutRequestError,
  createEcartPayClient,
  type ResolvedOrder,
} from '../../src/server/index.ts';
import {
  BASE_URL,
  createFakeEcartPay,
  PRIVATE_KEY,
  PUBLIC_KEY,
} from './fake-ecartpay.ts';

export const SHOP = 'https://shop.test';

/** The merchant's catalogue: the only source of prices. */
const CATALOGUE: Record<string, { name: string; price: number }> = {
  mug: { name: 'Mug', price: 150 },
  tee: { name: 'T-shirt', price: 320.5 },
};

/** A `resolveOrder` that prices `{items: [{sku, quantity}]}` itself. */
export function resolveFromCatalogue(
  body: Record<string, unknown>,
): ResolvedOrder {
  const lines = Array.isArray(body['items']) ? body['items'] : [];
  if (lines.length === 0) throw new CheckoutRequestError(400, 'Cart is empty');
  return {
    currency: 'MXN',
    items: lines.map((line: { sku?: string; quantity?: number }) => {
      const product = CATALOGUE[line.sku ?? ''];
      if (product === undefined) {
        throw new CheckoutRequestError(422, `Unknown product "${line.sku}"`);
      }
      return {
        name: product.name,
        price: product.price,
        quantity: line.quantity ?? 1,
      };
    }),
  };
}

export function setupFake(timeoutMs?: number) {
  const fake = createFakeEcartPay();
  const client = createEcartPayClient({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: BASE_URL,
    fetch: fake.fetch,
    timeoutMs,
  });
  return { fake, client };
}

export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Collects what the handlers report to `onError`. */
export function errorLog() {
  const errors: { error: unknown; handler: string }[] = [];
  const onError = (error: unknown, context: { handler: string }) => {
    errors.push({ error, handler: context.handler });
  };
  return { errors, onError };
}

/** A promise with its resolver, to control when a callback finishes. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/**
 * Collects what the handlers hand to `waitUntil`, so that a test awaits
 * their background work instead of sleeping for a while.
 */
export function backgroundWork() {
  const pending: Promise<unknown>[] = [];
  return {
    waitUntil(promise: Promise<unknown>) {
      pending.push(promise);
    },
    /** Resolves once all work so far, and any it started, has settled. */
    async settled() {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
}

/**
 * Resolves once `check` holds, checking each turn of the event loop. The
 * deadline only turns a hang into a failure: a busy CI machine may take
 * seconds where a laptop takes milliseconds.
 */
export async function eventually(check: () => boolean, what: string) {
  const giveUp = Date.now() + 60_000;
  while (!check()) {
    if (Date.now() > giveUp) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
