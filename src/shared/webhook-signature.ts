import type { WebhookEnvelope } from './ecartpay.ts';

/**
 * Imports a webhook secret as an HMAC-SHA256 key, for signing (the
 * sandbox) or verifying (the merchant's server). Web Crypto keeps this
 * usable on any runtime, not only Node.
 */
export function importWebhookKey(
  secret: string,
  usage: 'sign' | 'verify',
): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

/**
 * The bytes a delivery's signature covers:
 * `<timestamp>.<webhook_id>.<compact JSON of data>`. The JSON is
 * `JSON.stringify(data)`, not the raw body: a receiver re-serialises the
 * parsed `data` object, exactly as Ecart Pay does.
 */
export function signedPayload(
  timestamp: string,
  webhookId: string,
  data: unknown,
): Uint8Array<ArrayBuffer> {
  const text = `${timestamp}.${webhookId}.${JSON.stringify(data)}`;
  return new TextEncoder().encode(text);
}

/**
 * Computes the `x-pay-signature` value of a delivery: HMAC-SHA256 keyed
 * with the account's webhook secret over {@link signedPayload}, as
 * `SHA256=<hex>`.
 */
export async function signWebhook(
  secret: string,
  timestamp: string,
  webhookId: string,
  data: WebhookEnvelope['data'],
): Promise<string> {
  const key = await importWebhookKey(secret, 'sign');
  const payload = signedPayload(timestamp, webhookId, data);
  const mac = await crypto.subtle.sign('HMAC', key, payload);
  return `SHA256=${toHex(new Uint8Array(mac))}`;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
