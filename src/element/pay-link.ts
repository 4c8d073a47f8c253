/**
 * Which origins a `pay_link` may point at. A compromised or misconfigured
 * backend must not be able to send the customer to a look-alike payment
 * page, so the link's origin is checked against a short allow-list before
 * anything is shown.
 */
import { DEFAULT_PAY_ORIGINS } from './protocol.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether `url` may serve a payment page at all: `https:`, or plain
 * `http:` on a loopback host, which only a developer's own machine (a
 * local sandbox) can answer.
 */
function isSecureEnough(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * The origins listed in a `pay-origins` attribute (space separated), or
 * `null` when one of them is not a bare, secure-enough origin.
 */
export function parsePayOrigins(list: string | null): string[] | null {
  if (list === null || list.trim() === '') return [...DEFAULT_PAY_ORIGINS];

  const origins: string[] = [];
  for (const entry of list.trim().split(/\s+/)) {
    const origin = bareOrigin(entry);
    if (origin === null) return null;
    origins.push(origin);
  }
  return origins;
}

function bareOrigin(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare = entry.replace(/\/$/, '') === url.origin;
  return bare && isSecureEnough(url) ? url.origin : null;
}

/** The pay link as a URL when it is on an allowed origin, else `null`. */
export function allowedPayLink(
  payLink: string,
  origins: readonly string[],
): URL | null {
  let url: URL;
  try {
    url = new URL(payLink);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (!isSecureEnough(url)) return null;
  return origins.includes(url.origin) ? url : null;
}

/**
 * Opens connections to the pay origins while the backend creates the
 * order, so that the pay page's request does not wait for DNS, TCP and
 * TLS after the answer (on a phone network, often a few hundred
 * milliseconds). One `<link rel="preconnect">` per origin, once per page:
 * a hint the browser may drop, never a request.
 */
export function preconnect(origins: readonly string[]): void {
  for (const origin of origins) {
    const selector = `link[rel="preconnect"][href="${origin}"]`;
    if (document.head.querySelector(selector)) continue;
    const link = document.createElement('link');
    link.rel = 'preconnect';
    link.href = origin;
    document.head.append(link);
  }
}
