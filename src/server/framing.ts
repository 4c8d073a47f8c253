/**
 * Whether Ecart Pay's hosted payment page may be framed by the shop.
 *
 * Ecart Pay does not say (ECARTPAY.md), and a browser cannot tell a
 * refused cross-origin frame from a working one (see the element's
 * `framing.ts`). A server can: it reads the page's `X-Frame-Options`
 * and CSP `frame-ancestors` headers, and the create handler passes the
 * verdict to the element as `framing: 'refused'`, which then opens the
 * pay page in a popup straight away.
 */
import type { PublicOrder } from './order-view.ts';

/**
 * What a probe found out: the page may be framed by the shop, it may
 * not, or the probe could not tell (network error, timeout, an answer
 * other than 2xx, or a policy that depends on an unknown shop origin).
 */
export type FramingAnswer = 'allowed' | 'refused' | 'unknown';

/** Options of {@link createFramingProbe}. */
export interface FramingProbeOptions {
  /** A `fetch` to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch;
  /**
   * Longest wait for the pay page's headers, in milliseconds; 2 000 by
   * default. The create answer waits for them at most this long.
   */
  timeoutMs?: number;
  /**
   * How long the headers seen on a pay-link origin are reused, in
   * milliseconds; 60 000 by default. 0 asks every time.
   */
  cacheTtlMs?: number;
  /** Most pay-link origins remembered; 100 by default. */
  maxCachedOrigins?: number;
  /** The clock, in milliseconds (tests). `Date.now` by default. */
  now?: () => number;
}

/** Asks a pay page whether it may be framed, with a per-origin memory. */
export interface FramingProbe {
  /**
   * Whether a page of `shopOrigin` may frame `payLink`. Never rejects:
   * every failure is `'unknown'`. Without `shopOrigin`, only policies
   * that do not depend on it give an answer.
   */
  check(payLink: string, shopOrigin?: string): Promise<FramingAnswer>;
}

/** The framing headers of a pay-link origin, as last seen. */
interface Sighting {
  xFrameOptions: string | null;
  policy: string | null;
  until: number;
}

/** Whether one source list lets the shop frame the page, if known. */
type Match = boolean | undefined;

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_CACHE_TTL_MS = 60_000;
const DEFAULT_MAX_CACHED_ORIGINS = 100;

/**
 * Creates a probe that `GET`s a pay link (redirects not followed, body
 * left unread) and judges its `X-Frame-Options` and
 * `Content-Security-Policy` headers as a browser would for a frame on
 * the shop's origin. Headers are remembered per pay-link origin for
 * `cacheTtlMs`; concurrent checks of one origin share one request.
 * Uses only web-standard `fetch` and `Headers`.
 *
 * @example
 * const probe = createFramingProbe({ timeoutMs: 1_500 });
 * await probe.check(order.pay_link, 'https://shop.example'); // 'refused'
 */
export function createFramingProbe(
  options: FramingProbeOptions = {},
): FramingProbe {
  const settings = readSettings(options);
  const fetchImpl: typeof fetch =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const seen = new Map<string, Sighting>();
  const asking = new Map<string, Promise<Sighting | undefined>>();

  function remember(origin: string, sighting: Sighting | undefined) {
    seen.delete(origin);
    if (sighting === undefined || settings.cacheTtlMs === 0) return;
    if (seen.size >= settings.maxCachedOrigins) {
      seen.delete(seen.keys().next().value!);
    }
    seen.set(origin, sighting);
  }

  async function ask(payLink: URL): Promise<Sighting | undefined> {
    const headers = await framingHeaders(
      fetchImpl,
      payLink,
      settings.timeoutMs,
    );
    if (headers === undefined) return undefined;
    return { ...headers, until: now() + settings.cacheTtlMs };
  }

  function sightingOf(payLink: URL): Promise<Sighting | undefined> {
    const origin = payLink.origin;
    const known = seen.get(origin);
    if (known !== undefined && known.until > now()) {
      return Promise.resolve(known);
    }

    let pending = asking.get(origin);
    if (pending === undefined) {
      pending = ask(payLink).then((sighting) => {
        remember(origin, sighting);
        return sighting;
      });
      asking.set(origin, pending);
      void pending.then(() => asking.delete(origin));
    }
    return pending;
  }

  return {
    async check(payLink, shopOrigin) {
      const pay = httpUrl(payLink);
      if (pay === undefined) return 'unknown';
      const shop = shopOrigin === undefined ? undefined : httpUrl(shopOrigin);

      const sighting = await sightingOf(pay);
      if (sighting === undefined) return 'unknown';
      return framingVerdict(sighting, pay, shop);
    },
  };
}

/** The probe the `probeFraming` option asks for; none when `false`. */
export function framingProbeFor(
  option: boolean | FramingProbeOptions | undefined,
): FramingProbe | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return createFramingProbe();
  if (typeof option !== 'object' || option === null) {
    throw new TypeError('probeFraming must be a boolean or an options object');
  }
  return createFramingProbe(option);
}

/**
 * `order` with `framing: 'refused'` when its pay page refuses to be
 * framed by the shop, and only then. The shop's origin is the request's
 * `Origin` (the page that asked), else that of `redirect_url`.
 */
export async function withFramingHint(
  probe: FramingProbe | undefined,
  order: PublicOrder,
  request: Request,
): Promise<PublicOrder> {
  if (probe === undefined) return order;
  const shop = shopOriginOf(request, order.redirect_url);
  const answer = await probe.check(order.pay_link, shop);
  return answer === 'refused' ? { ...order, framing: 'refused' } : order;
}

function shopOriginOf(
  request: Request,
  redirectUrl: string | undefined,
): string | undefined {
  const candidates = [request.headers.get('origin'), redirectUrl];
  for (const candidate of candidates) {
    const url = candidate ? httpUrl(candidate) : undefined;
    if (url !== undefined) return url.origin;
  }
  return undefined;
}

function readSettings(options: FramingProbeOptions) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
  const maxCachedOrigins =
    options.maxCachedOrigins ?? DEFAULT_MAX_CACHED_ORIGINS;

  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError('probeFraming.timeoutMs must be a positive number');
  }
  if (!(Number.isFinite(cacheTtlMs) && cacheTtlMs >= 0)) {
    throw new TypeError('probeFraming.cacheTtlMs must be 0 or more');
  }
  if (!(Number.isInteger(maxCachedOrigins) && maxCachedOrigins > 0)) {
    throw new TypeError(
      'probeFraming.maxCachedOrigins must be a positive integer',
    );
  }
  return { timeoutMs, cacheTtlMs, maxCachedOrigins };
}

/**
 * The pay page's framing headers, or `undefined` when they cannot be
 * trusted to be the page's: no answer in time, or not a 2xx (a redirect
 * is not followed, since the frame would show another page; an error
 * page may carry other headers than the real one).
 */
async function framingHeaders(
  fetchImpl: typeof fetch,
  payLink: URL,
  timeoutMs: number,
): Promise<Omit<Sighting, 'until'> | undefined> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as aborted: an injected fetch may ignore the signal.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error('framing probe timed out'));
    }, timeoutMs);
  });

  try {
    const answer = fetchImpl(payLink.href, {
      method: 'GET',
      redirect: 'manual',
      headers: { accept: 'text/html' },
      signal: controller.signal,
    });
    // Only the headers matter; an answer after the deadline is dropped.
    void answer.then(discardBody, () => undefined);
    const response = await Promise.race([answer, deadline]);
    if (response.status < 200 || response.status > 299) return undefined;
    return {
      xFrameOptions: response.headers.get('x-frame-options'),
      policy: response.headers.get('content-security-policy'),
    };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * As browsers decide (HTML's "check a navigation response's adherence
 * to X-Frame-Options"): an enforced CSP `frame-ancestors` wins over
 * `X-Frame-Options`, which is then ignored.
 */
function framingVerdict(
  sighting: Sighting,
  pay: URL,
  shop: URL | undefined,
): FramingAnswer {
  const lists = frameAncestorLists(sighting.policy);
  if (lists.length === 0) {
    return xFrameOptionsVerdict(sighting.xFrameOptions, pay, shop);
  }

  const matches = lists.map((list) => sourceListMatch(list, pay, shop));
  if (matches.includes(false)) return 'refused';
  if (matches.includes(undefined)) return 'unknown';
  return 'allowed';
}

/**
 * The `frame-ancestors` source list of each policy that has one. Several
 * headers arrive joined by commas, and each comma-separated part is a
 * policy of its own, all enforced. Within a policy the first directive
 * of a name counts; later repeats are ignored.
 */
function frameAncestorLists(header: string | null): string[][] {
  if (header === null) return [];
  const lists: string[][] = [];

  for (const policy of header.split(',')) {
    for (const directive of policy.split(';')) {
      const [name, ...sources] = directive.trim().split(/[\t\n\f\r ]+/);
      if (name?.toLowerCase() !== 'frame-ancestors') continue;
      lists.push(sources.filter((source) => source !== ''));
      break;
    }
  }
  return lists;
}

/** CSP3 "does url match source list", for the shop's origin. */
function sourceListMatch(
  sources: string[],
  pay: URL,
  shop: URL | undefined,
): Match {
  const expressions = sources.map((source) => source.toLowerCase());
  const meaningful = expressions.filter((source) => source !== "'none'");
  if (meaningful.length === 0) return false;
  if (meaningful.includes('*')) return true;
  if (shop === undefined) return undefined;
  return meaningful.some((source) => sourceMatches(source, pay, shop));
}

const SCHEME_SOURCE = /^([a-z][a-z0-9+.-]*):$/;
/** `[scheme://]host[:port][/path]`; the host may start with `*.`. */
const HOST_SOURCE = new RegExp(
  [
    '^(?:([a-z][a-z0-9+.-]*)://)?',
    '(\\*|(?:\\*\\.)?[a-z0-9.-]+|\\[[0-9a-f:.]+\\])',
    '(?::(\\d+|\\*))?',
    '(/[^?#]*)?$',
  ].join(''),
);

function sourceMatches(source: string, pay: URL, shop: URL): boolean {
  if (source === "'self'") return sameOriginOrUpgrade(pay, shop);

  const scheme = SCHEME_SOURCE.exec(source);
  if (scheme) return schemeMatches(scheme[1]!, shop);

  const host = HOST_SOURCE.exec(source);
  if (!host) return false;
  const [, sourceScheme, sourceHost, sourcePort, path] = host;
  return (
    schemeMatches(sourceScheme ?? schemeOf(pay), shop) &&
    hostMatches(sourceHost!, shop.hostname) &&
    portMatches(sourcePort, shop) &&
    // An ancestor is matched by its origin alone, whose path is `/`.
    (path === undefined || path === '/')
  );
}

/** A source's scheme also allows the secure upgrade of `http`. */
function schemeMatches(scheme: string, url: URL): boolean {
  const actual = schemeOf(url);
  return actual === scheme || (scheme === 'http' && actual === 'https');
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return pattern === host;
}

function portMatches(port: string | undefined, url: URL): boolean {
  if (port === '*') return true;
  if (port === undefined) return url.port === '';
  return Number(port) === effectivePort(url);
}

function sameOriginOrUpgrade(pay: URL, shop: URL): boolean {
  if (pay.origin === shop.origin) return true;
  return (
    schemeOf(pay) === 'http' &&
    schemeOf(shop) === 'https' &&
    pay.hostname === shop.hostname &&
    pay.port === '' &&
    shop.port === ''
  );
}

/**
 * HTML's rules: several values that include a known one refuse, several
 * unknown ones are ignored; `DENY` refuses; `SAMEORIGIN` refuses another
 * origin; anything else (`ALLOW-FROM`, which browsers no longer honour,
 * `ALLOWALL`, nonsense) is ignored.
 */
function xFrameOptionsVerdict(
  header: string | null,
  pay: URL,
  shop: URL | undefined,
): FramingAnswer {
  if (header === null) return 'allowed';
  const values = new Set(
    header.split(',').map((value) => value.trim().toLowerCase()),
  );
  const known = ['deny', 'sameorigin', 'allowall'].some((value) =>
    values.has(value),
  );

  if (values.size > 1) return known ? 'refused' : 'allowed';
  if (values.has('deny')) return 'refused';
  if (!values.has('sameorigin')) return 'allowed';
  if (shop === undefined) return 'unknown';
  return pay.origin === shop.origin ? 'allowed' : 'refused';
}

function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function httpUrl(text: string): URL | undefined {
  if (!URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'https:' || url.protocol === 'http:'
    ? url
    : undefined;
}

function schemeOf(url: URL): string {
  return url.protocol.slice(0, -1);
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
