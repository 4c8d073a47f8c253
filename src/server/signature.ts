import { SIGNATURE_HEADERS } from '../shared/ecartpay.ts';
import { signedPayload } from '../shared/webhook-signature.ts';

/** The outcome of checking a delivery's signature headers. */
export type SignatureCheck =
  | { ok: true; webhookId: string }
  | { ok: false; message: string };

const TIMESTAMP = /^\d{1,16}$/;
const WEBHOOK_ID = /^[\x21-\x7e]{1,255}$/;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Verifies `x-pay-signature` (HMAC-SHA256 over `<x-pay-timestamp>.
 * <x-pay-webhook-id>.<JSON.stringify(data)>`) and that `x-pay-timestamp`
 * lies within `toleranceMs` of now. The comparison is Web Crypto's
 * `verify`, which takes the same time whichever byte differs.
 */
export async function checkSignature(options: {
  key: Promise<CryptoKey>;
  headers: Headers;
  data: unknown;
  toleranceMs: number;
  now: number;
}): Promise<SignatureCheck> {
  const { headers } = options;
  const timestamp = headers.get(SIGNATURE_HEADERS.timestamp);
  const webhookId = headers.get(SIGNATURE_HEADERS.webhookId);
  const signature = headers.get(SIGNATURE_HEADERS.signature);

  for (const [name, value] of [
    [SIGNATURE_HEADERS.signature, signature],
    [SIGNATURE_HEADERS.timestamp, timestamp],
    [SIGNATURE_HEADERS.webhookId, webhookId],
  ] as const) {
    if (value === null || value === '') {
      return fail(`Missing ${name} header: signed notifications required`);
    }
  }

  if (!TIMESTAMP.test(timestamp!)) {
    return fail(`${SIGNATURE_HEADERS.timestamp} must be milliseconds`);
  }
  const ageMs = Math.abs(options.now - Number(timestamp));
  if (ageMs > options.toleranceMs) {
    return fail(
      `${SIGNATURE_HEADERS.timestamp} is ${Math.round(ageMs / 1000)} s ` +
        `away from now, beyond the ${options.toleranceMs / 1000} s ` +
        'tolerance (stale or replayed delivery)',
    );
  }
  if (!WEBHOOK_ID.test(webhookId!)) {
    return fail(`${SIGNATURE_HEADERS.webhookId} is malformed`);
  }

  const hex = SIGNATURE.exec(signature!)?.[1];
  if (hex === undefined) {
    return fail(
      `${SIGNATURE_HEADERS.signature} must be "SHA256=" and 64 hex digits`,
    );
  }

  const valid = await crypto.subtle.verify(
    'HMAC',
    await options.key,
    hexToBytes(hex),
    signedPayload(timestamp!, webhookId!, options.data),
  );
  if (!valid) {
    return fail(`${SIGNATURE_HEADERS.signature} does not match the payload`);
  }
  return { ok: true, webhookId: webhookId! };
}

function fail(message: string): SignatureCheck {
  return { ok: false, message };
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  }
  return bytes;
}
