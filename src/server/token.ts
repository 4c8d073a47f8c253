/**
 * How long an Ecart Pay access token may be reused. The token is a JWT
 * whose payload holds `iat` and `exp` (seconds); its lifetime is taken as
 * `exp - iat` and counted from when it arrived, so a merchant server whose
 * clock is off still refreshes in time.
 */

/** Documented lifetime, used when the payload cannot be read. */
const DEFAULT_LIFETIME_MS = 60 * 60 * 1000;

/** Refresh this long before expiry so no call races the deadline. */
const EXPIRY_MARGIN_MS = 60 * 1000;

/** Milliseconds since the epoch after which `token` is not used again. */
export function tokenReuseDeadline(token: string, receivedAt: number) {
  return receivedAt + tokenLifetime(token) - EXPIRY_MARGIN_MS;
}

function tokenLifetime(token: string): number {
  const payload = decodeJwtPayload(token);
  const iat = payload?.['iat'];
  const exp = payload?.['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    return DEFAULT_LIFETIME_MS;
  }
  if (typeof iat === 'number' && Number.isFinite(iat) && exp > iat) {
    return Math.min((exp - iat) * 1000, DEFAULT_LIFETIME_MS * 24);
  }
  return Math.max(0, exp * 1000 - Date.now());
}

function decodeJwtPayload(token: string): Record<string, unknown> | null {
  const segment = token.split('.')[1];
  if (segment === undefined) return null;
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(
      Uint8Array.from(atob(padded), (char) => char.charCodeAt(0)),
    );
    const payload: unknown = JSON.parse(json);
    return typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
