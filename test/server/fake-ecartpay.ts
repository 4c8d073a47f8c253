/**
 * A tiny stand-in for Ecart Pay behind an injected `fetch`, for the fault
 * cases the sandbox does not stage: slow answers, 5xx, expiring tokens.
 */
import type {
  CreateOrderInput,
  EcartPayOrder,
  OrderStatus,
} from '../../src/shared/ecartpay.ts';

export const PUBLIC_KEY = 'pub_test_4f1c9a2e';
export const PRIVATE_KEY = 'priv_test_b83d7e60c1';
export const BASE_URL = 'https://fake.ecartpay.test';

type Route = 'token' | 'create' | 'get' | 'refund';

export interface FakeEcartPay {
  fetch: typeof fetch;
  /** Token requests received so far. */
  tokenRequests: number;
  /** Every request, as `METHOD path authorization`. */
  calls: { route: Route; authorization: string | null }[];
  orders: Map<string, EcartPayOrder>;
  /** Seconds of `exp - iat` in issued tokens (`null`: no exp claim). */
  tokenLifetime: number | null;
  /** Seconds Ecart Pay's clock is ahead of ours (negative: behind). */
  clockSkew: number;
  /** Delay, per route, before answering (honours the abort signal). */
  delays: Partial<Record<Route, number>>;
  /** Answers, per route, to give instead of the normal one (consumed). */
  failures: Partial<Record<Route, { status: number; body: unknown }[]>>;
  /** A promise to wait for before answering a route (e.g. token). */
  gates: Partial<Record<Route, Promise<void>>>;
  /** Makes every issued token refused with 401 from now on. */
  revokeTokens(): void;
  setStatus(id: string, status: OrderStatus): void;
}

export function createFakeEcartPay(): FakeEcartPay {
  const valid = new Set<string>();
  let serial = 0;

  const fake: FakeEcartPay = {
    tokenRequests: 0,
    calls: [],
    orders: new Map(),
    tokenLifetime: 3600,
    clockSkew: 0,
    delays: {},
    failures: {},
    gates: {},
    revokeTokens: () => valid.clear(),
    setStatus(id, status) {
      const order = fake.orders.get(id)!;
      const later = Date.parse(order.updated_at) + 1000;
      fake.orders.set(id, {
        ...order,
        status,
        updated_at: new Date(later).toISOString(),
      });
    },
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const method = init?.method ?? 'GET';
      const headers = new Headers(init?.headers);
      const authorization = headers.get('authorization');
      const route = routeOf(method, url.pathname);
      fake.calls.push({ route, authorization });

      await fake.gates[route];
      await wait(fake.delays[route] ?? 0, init?.signal ?? undefined);

      const failure = fake.failures[route]?.shift();
      if (failure !== undefined) return reply(failure.status, failure.body);

      if (route === 'token') {
        fake.tokenRequests += 1;
        const expected = `Basic ${btoa(`${PUBLIC_KEY}:${PRIVATE_KEY}`)}`;
        if (authorization !== expected) {
          return reply(401, { message: 'Invalid keys', statusCode: 401 });
        }
        serial += 1;
        const token = makeJwt(fake.tokenLifetime, serial, fake.clockSkew);
        valid.add(token);
        return reply(200, { token });
      }

      if (authorization === null || !valid.has(authorization)) {
        return reply(401, { message: 'Unauthorized', statusCode: 401 });
      }

      const id = decodeURIComponent(url.pathname.split('/')[3] ?? '');
      if (route === 'create') {
        const input = JSON.parse(String(init?.body)) as CreateOrderInput;
        const order = makeOrder(input, (serial += 1));
        fake.orders.set(order.id, order);
        return reply(200, order);
      }
      const order = fake.orders.get(id);
      if (order === undefined) {
        return reply(404, { message: 'Order not found', statusCode: 404 });
      }
      if (route === 'refund') {
        return reply(200, { ...order, status: 'refunded' });
      }
      return reply(200, order);
    },
  };
  return fake;
}

function routeOf(method: string, path: string): Route {
  if (path === '/api/authorizations/token') return 'token';
  if (method === 'POST' && path === '/api/orders') return 'create';
  if (method === 'POST' && path.endsWith('/refund')) return 'refund';
  return 'get';
}

function reply(status: number, body: unknown): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('The operation was aborted.', 'AbortError'));
    });
  });
}

function base64url(text: string): string {
  return btoa(text).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

export function makeJwt(
  lifetime: number | null,
  serial: number,
  clockSkew = 0,
): string {
  const iat = Math.floor(Date.now() / 1000) + clockSkew;
  const claims =
    lifetime === null
      ? { id: `acct${serial}`, iat }
      : { id: `acct${serial}`, iat, exp: iat + lifetime };
  const header = base64url(JSON.stringify({ alg: 'HS512', typ: 'JWT' }));
  return `${header}.${base64url(JSON.stringify(claims))}.sig${serial}`;
}

function makeOrder(input: CreateOrderInput, serial: number): EcartPayOrder {
  const id = serial.toString(16).padStart(24, 'a');
  const items = input.items.map((item) => ({
    ...item,
    discount: 0,
    tax: 0,
    total: item.price * item.quantity,
  }));
  const subtotal = items.reduce((sum, item) => sum + item.total, 0);
  const now = new Date().toISOString();
  return {
    ...input,
    id,
    account_id: 'acct-internal-1',
    authorization_id: 'auth-internal-1',
    customer_id: 'cust-internal-1',
    number: `OR${String(serial).padStart(8, '0')}`,
    status: 'created',
    items,
    shipping_items: input.shipping_items ?? [],
    discounts: [],
    totals: { subtotal, total: subtotal, tax: 0, discount: 0, shipping: 0 },
    risk_score: 12,
    risk_notes: ['internal'],
    fee: 3.5,
    confirmed: false,
    created_at: now,
    updated_at: now,
    pay_link: `${BASE_URL}/pay/${id}`,
  };
}
