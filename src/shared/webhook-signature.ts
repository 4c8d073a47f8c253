import type { WebhookEnvelope } from './ecartpay.ts';

/**
 * Computes the `x-pay-signature` value of a delivery: HMAC-SHA256 keyed
 * with the account's webhook secret over
 * `<timestamp>.<webhook_id>.<compact JSON of data>`, as `SHA256=<hex>`.
 *
 * The signed text is `JSON.stringify(data)`, not the raw body: a receiver
 * must re-serialise the parsed `data` object, exactly as Ecart Pay does.
 * Web Crypto keeps this usable on any runtime, not only Node.
 */
export async function signWebhook(
  secret: string,
  timestamp: string,
  webhookId: string,
  data: WebhookEnvelope['data'],
): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const text = `${timestamp}.${webhookId}.${JSON.stringify(data)}`;
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(text));
  return `SHA256=${toHex(new Uint8Array(mac))}`;
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
