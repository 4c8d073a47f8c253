import type { PublicOrder } from './order-view.ts';

/**
 * What an idempotency store keeps per `Idempotency-Key`: a fingerprint of
 * the request body, and once the order exists, the answer that was sent.
 */
export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; order: PublicOrder };

type Awaitable<T> = T | Promise<T>;

/**
 * Where the create handler remembers `Idempotency-Key`s. The default,
 * {@link createMemoryIdempotencyStore}, serves one process; a server with
 * several instances passes a shared store (Redis, a SQL table) whose
 * `claim` is atomic (e.g. `SET key value NX PX ttl`).
 */
export interface IdempotencyStore {
  /**
   * Saves `record` under `key` unless the key holds a record already.
   * Resolves `undefined` when this call claimed the key, otherwise the
   * record found. Must be atomic across instances.
   */
  claim(key: string, record: IdempotencyRecord): Awaitable<
    IdempotencyRecord | undefined
  >;
  /** Replaces the record of a claimed key (with the finished order). */
  complete(key: string, record: IdempotencyRecord): Awaitable<void>;
  /** Forgets a claimed key whose order could not be created. */
  release(key: string): Awaitable<void>;
}

/** Options of {@link createMemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** How long a key is remembered, in milliseconds; 24 hours by default. */
  ttlMs?: number;
  /** Most keys kept; the oldest are forgotten first. 10 000 by default. */
  maxEntries?: number;
  /** The clock, in milliseconds since the epoch; `Date.now` by default. */
  now?: () => number;
}

/**
 * An in-process {@link IdempotencyStore} with an expiry and a size bound,
 * so memory stays flat however many checkouts start.
 */
export function createMemoryIdempotencyStore(
  options: MemoryIdempotencyStoreOptions = {},
): IdempotencyStore {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<
    string,
    { record: IdempotencyRecord; until: number }
  >();

  function live(key: string) {
    const entry = entries.get(key);
    if (entry !== undefined && entry.until <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function put(key: string, record: IdempotencyRecord) {
    entries.delete(key);
    entries.set(key, { record, until: now() + ttlMs });
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  }

  return {
    claim(key, record) {
      const existing = live(key);
      if (existing !== undefined) return existing.record;
      put(key, record);
      return undefined;
    },
    complete(key, record) {
      put(key, record);
    },
    release(key) {
      entries.delete(key);
    },
  };
}

const VISIBLE_ASCII = /^[\x21-\x7e]{1,255}$/;

/** True for a valid `Idempotency-Key`: 1 to 255 visible ASCII characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return VISIBLE_ASCII.test(key);
}

/**
 * SHA-256 of the body's canonical JSON (object keys sorted), so the same
 * cart sent with its keys in another order still counts as the same body.
 */
export async function fingerprint(body: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(body));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  let hex = '';
  for (const byte of new Uint8Array(digest)) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    const fields = keys.map(
      (key) =>
        `${JSON.stringify(key)}:${canonicalJson(
          (value as Record<string, unknown>)[key],
        )}`,
    );
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
