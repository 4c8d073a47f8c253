/**
 * Talking to the merchant's backend: creating the order and reading its
 * status back. The browser never talks to Ecart Pay's API itself; the
 * keys stay on the merchant's server.
 */
import type { OrderItemInput } from '../shared/ecartpay.ts';
import { fetchJson, type RetryPolicy } from './http.ts';

/** What the element sends to create an order. */
export interface CreateOrderBody {
  items?: OrderItemInput[];
  currency?: string;
  [field: string]: unknown;
}

/**
 * What a `createOrder` function receives: the same body the element would
 * POST, the attempt's idempotency key, and a signal that aborts when the
 * checkout is abandoned.
 */
export interface CreateOrderRequest {
  body: CreateOrderBody;
  idempotencyKey: string;
  signal: AbortSignal;
}

/** A merchant's own way to create the order, instead of `endpoint`. */
export type CreateOrderFunction = (request: CreateOrderRequest) => unknown;

/** A merchant's own way to read an order's status. */
export type GetOrderFunction = (
  id: string,
  options: { signal: AbortSignal },
) => unknown;

export function postOrder(
  endpoint: string,
  body: CreateOrderBody,
  idempotencyKey: string,
  policy: RetryPolicy,
): Promise<unknown> {
  return fetchJson(
    (signal) =>
      fetch(endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify(body),
        credentials: 'same-origin',
        signal,
      }),
    policy,
  );
}

export function getOrderStatus(
  url: string,
  policy: RetryPolicy,
): Promise<unknown> {
  return fetchJson(
    (signal) =>
      fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      }),
    policy,
  );
}

/**
 * Where an order's status is read: `template` with `{id}` replaced, or
 * `template` as a base with `/{id}` appended.
 */
export function statusUrl(template: string, id: string): string {
  const safeId = encodeURIComponent(id);
  if (template.includes('{id}')) return template.replaceAll('{id}', safeId);
  return `${template.replace(/\/+$/, '')}/${safeId}`;
}

/** An RFC 4122 version 4 UUID, also outside secure contexts. */
export function randomKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();

  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0'));
  return [
    hex.slice(0, 4),
    hex.slice(4, 6),
    hex.slice(6, 8),
    hex.slice(8, 10),
    hex.slice(10),
  ]
    .map((group) => group.join(''))
    .join('-');
}
