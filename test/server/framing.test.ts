/**
 * The framing probe: how it reads a pay page's headers, when it asks,
 * and the create handler's `framing: 'refused'` hint, against the
 * sandbox emulator as well as staged answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  createCheckoutHandler,
  createEcartPayClient,
  createFramingProbe,
  createOrderHandler,
  type FramingProbeOptions,
} from '../../src/server/index.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import {
  eventually,
  postJson,
  resolveFromCatalogue,
  setupFake,
  SHOP,
} from './helpers.ts';

const PAY_LINK = 'https://pay.example/pay/0123456789abcdef01234567';
const cart = { items: [{ sku: 'mug', quantity: 1 }] };

/** A pay page behind a `fetch`, answering `headers`, counting visits. */
function payPage(headers: HeadersInit = {}, status = 200) {
  const visits: { url: string; init: RequestInit | undefined }[] = [];
  const page = {
    visits,
    headers,
    status,
    fetch: (async (input, init) => {
      visits.push({ url: String(input), init });
      return new Response(status === 200 ? '<!doctype html>' : null, {
        status: page.status,
        headers: page.headers,
      });
    }) as typeof fetch,
  };
  return page;
}

/**
 * What the probe says of a page answering `headers`, framed by `shop`
 * (`null`: a shop whose origin is not known).
 */
async function verdict(headers: HeadersInit, shop: string | null = SHOP) {
  const probe = createFramingProbe({ fetch: payPage(headers).fetch });
  return probe.check(PAY_LINK, shop ?? undefined);
}

describe('X-Frame-Options', () => {
  test('no framing header at all allows the frame', async () => {
    assert.equal(await verdict({}), 'allowed');
    assert.equal(
      await verdict({ 'content-security-policy': "default-src 'self'" }),
      'allowed',
    );
  });

  test('DENY refuses, whatever its case', async () => {
    assert.equal(await verdict({ 'x-frame-options': 'DENY' }), 'refused');
    assert.equal(await verdict({ 'x-frame-options': ' deny ' }), 'refused');
  });

  test('SAMEORIGIN refuses another origin only', async () => {
    const sameOrigin = { 'x-frame-options': 'SAMEORIGIN' };
    assert.equal(await verdict(sameOrigin), 'refused');
    assert.equal(
      await verdict(sameOrigin, 'https://pay.example'),
      'allowed',
    );
  });

  test('ALLOW-FROM and unknown values are ignored, like browsers', async () => {
    const allowFrom = { 'x-frame-options': `ALLOW-FROM ${SHOP}` };
    assert.equal(await verdict(allowFrom), 'allowed');
    assert.equal(await verdict({ 'x-frame-options': 'ALLOWALL' }), 'allowed');
    assert.equal(await verdict({ 'x-frame-options': 'maybe' }), 'allowed');
  });

  test('conflicting values refuse', async () => {
    const headers = new Headers();
    headers.append('x-frame-options', 'SAMEORIGIN');
    headers.append('x-frame-options', 'ALLOWALL');
    assert.equal(await verdict(headers), 'refused');
  });
});

describe('CSP frame-ancestors', () => {
  const csp = (policy: string) => ({ 'content-security-policy': policy });

  test("'none' and an empty list refuse", async () => {
    assert.equal(await verdict(csp("frame-ancestors 'none'")), 'refused');
    assert.equal(await verdict(csp("FRAME-ANCESTORS 'NONE'")), 'refused');
    assert.equal(
      await verdict(csp("default-src 'none'; frame-ancestors")),
      'refused',
    );
  });

  test("'self' allows the pay page's own origin only", async () => {
    const self = csp("frame-ancestors 'self'");
    assert.equal(await verdict(self), 'refused');
    assert.equal(await verdict(self, 'https://pay.example'), 'allowed');
  });

  test('a source list allows the origins it names', async () => {
    const list = csp(
      "script-src 'self'; frame-ancestors 'self' https://other.example " +
        'https://shop.test',
    );
    assert.equal(await verdict(list), 'allowed');
    assert.equal(await verdict(list, 'https://evil.test'), 'refused');
    assert.equal(await verdict(list, 'http://shop.test'), 'refused');
    assert.equal(await verdict(list, 'https://shop.test:8443'), 'refused');
  });

  test('hosts without a scheme, wildcards and ports', async () => {
    const bare = csp('frame-ancestors shop.test');
    assert.equal(await verdict(bare), 'allowed');

    const sub = csp('frame-ancestors https://*.shop.test');
    assert.equal(await verdict(sub, 'https://www.shop.test'), 'allowed');
    assert.equal(await verdict(sub), 'refused');

    const anyPort = csp('frame-ancestors http://localhost:*');
    assert.equal(await verdict(anyPort, 'http://localhost:5173'), 'allowed');
    const onePort = csp('frame-ancestors http://localhost:4000');
    assert.equal(await verdict(onePort, 'http://localhost:5173'), 'refused');

    const scheme = csp('frame-ancestors https:');
    assert.equal(await verdict(scheme), 'allowed');
    assert.equal(await verdict(scheme, 'http://shop.test'), 'refused');
  });

  test('* allows any web origin', async () => {
    assert.equal(await verdict(csp('frame-ancestors *')), 'allowed');
  });

  test("'none' beside other sources is ignored", async () => {
    const mixed = csp(`frame-ancestors 'none' ${SHOP}`);
    assert.equal(await verdict(mixed), 'allowed');
  });

  test('every policy must allow the shop', async () => {
    const joined = csp(`frame-ancestors ${SHOP}, frame-ancestors 'none'`);
    assert.equal(await verdict(joined), 'refused');

    const headers = new Headers();
    headers.append('content-security-policy', `frame-ancestors ${SHOP}`);
    headers.append('content-security-policy', "default-src 'none'");
    assert.equal(await verdict(headers), 'allowed');
    headers.append('content-security-policy', "frame-ancestors 'self'");
    assert.equal(await verdict(headers), 'refused');
  });

  test('the first frame-ancestors of a policy counts', async () => {
    const repeated = csp("frame-ancestors *; frame-ancestors 'none'");
    assert.equal(await verdict(repeated), 'allowed');
  });

  test('frame-ancestors outranks X-Frame-Options', async () => {
    const both = {
      'content-security-policy': `frame-ancestors ${SHOP}`,
      'x-frame-options': 'DENY',
    };
    assert.equal(await verdict(both), 'allowed');
    const noAncestors = {
      'content-security-policy': "default-src 'self'",
      'x-frame-options': 'DENY',
    };
    assert.equal(await verdict(noAncestors), 'refused');
  });

  test('a report-only policy refuses nothing', async () => {
    const reportOnly = {
      'content-security-policy-report-only': "frame-ancestors 'none'",
    };
    assert.equal(await verdict(reportOnly), 'allowed');
  });

  test('without a shop origin, only shop-blind policies answer', async () => {
    const none = csp("frame-ancestors 'none'");
    assert.equal(await verdict(none, null), 'refused');
    assert.equal(await verdict(csp('frame-ancestors *'), null), 'allowed');
    const list = csp(`frame-ancestors ${SHOP}`);
    assert.equal(await verdict(list, null), 'unknown');
    const sameOrigin = { 'x-frame-options': 'SAMEORIGIN' };
    assert.equal(await verdict(sameOrigin, null), 'unknown');
  });
});

describe('the probe request', () => {
  test('is a GET, redirects not followed, its body left unread', async () => {
    let cancelled = false;
    const visits: RequestInit[] = [];
    const probe = createFramingProbe({
      fetch: async (_input, init) => {
        visits.push(init!);
        const body = new ReadableStream({
          cancel() {
            cancelled = true;
          },
        });
        return new Response(body, { headers: { 'x-frame-options': 'DENY' } });
      },
    });

    assert.equal(await probe.check(PAY_LINK, SHOP), 'refused');
    assert.equal(visits[0]!.method, 'GET');
    assert.equal(visits[0]!.redirect, 'manual');
    assert.ok(visits[0]!.signal instanceof AbortSignal);
    await eventually(() => cancelled, 'the body to be cancelled');
  });

  test('an answer other than 2xx is unknown', async () => {
    const refusal = { 'x-frame-options': 'DENY' };
    for (const status of [302, 404, 500]) {
      const page = payPage(refusal, status);
      const probe = createFramingProbe({ fetch: page.fetch });
      assert.equal(await probe.check(PAY_LINK, SHOP), 'unknown', `${status}`);
    }
  });

  test('a network error is unknown, and asked again next time', async () => {
    let attempts = 0;
    const probe = createFramingProbe({
      fetch: async () => {
        attempts += 1;
        throw new TypeError('fetch failed');
      },
    });
    assert.equal(await probe.check(PAY_LINK, SHOP), 'unknown');
    assert.equal(await probe.check(PAY_LINK, SHOP), 'unknown');
    assert.equal(attempts, 2);
  });

  test('no answer in time is unknown, and the request is aborted', async () => {
    let signal: AbortSignal | undefined;
    const probe = createFramingProbe({
      timeoutMs: 20,
      // Answers never, not even to the abort: the deadline still holds.
      fetch: (_input, init) => {
        signal = init?.signal ?? undefined;
        return new Promise<Response>(() => undefined);
      },
    });
    assert.equal(await probe.check(PAY_LINK, SHOP), 'unknown');
    assert.equal(signal?.aborted, true);
  });

  test('a pay link that is not an http(s) URL is unknown', async () => {
    const page = payPage({ 'x-frame-options': 'DENY' });
    const probe = createFramingProbe({ fetch: page.fetch });
    assert.equal(await probe.check('javascript:alert(1)', SHOP), 'unknown');
    assert.equal(await probe.check('not a url', SHOP), 'unknown');
    assert.equal(page.visits.length, 0);
  });

  test('refuses nonsense options with a TypeError', () => {
    const bad: FramingProbeOptions[] = [
      { timeoutMs: 0 },
      { cacheTtlMs: -1 },
      { maxCachedOrigins: 0 },
    ];
    for (const options of bad) {
      assert.throws(() => createFramingProbe(options), TypeError);
    }
  });
});

describe('the probe memory', () => {
  /** A probe that remembers for `cacheTtlMs`, on a clock of its own. */
  function rememberingProbe(cacheTtlMs: number, headers: HeadersInit) {
    let now = 1_000_000;
    const page = payPage(headers);
    const probe = createFramingProbe({
      fetch: page.fetch,
      cacheTtlMs,
      now: () => now,
    });
    const time = {
      advance: (ms: number) => {
        now += ms;
      },
    };
    return { page, probe, time };
  }

  test('one request per pay-link origin within the TTL', async () => {
    const { page, probe, time } = rememberingProbe(60_000, {
      'x-frame-options': 'DENY',
    });

    assert.equal(await probe.check(PAY_LINK, SHOP), 'refused');
    time.advance(59_999);
    assert.equal(
      await probe.check('https://pay.example/pay/another', SHOP),
      'refused',
    );
    assert.equal(page.visits.length, 1);

    await probe.check('https://other-pay.example/pay/1', SHOP);
    assert.equal(page.visits.length, 2);
  });

  test('after the TTL it asks again, and a new answer wins', async () => {
    const { page, probe, time } = rememberingProbe(1_000, {
      'x-frame-options': 'DENY',
    });
    assert.equal(await probe.check(PAY_LINK, SHOP), 'refused');

    page.headers = {};
    time.advance(1_000);
    assert.equal(await probe.check(PAY_LINK, SHOP), 'allowed');
    assert.equal(await probe.check(PAY_LINK, SHOP), 'allowed');
    assert.equal(page.visits.length, 2);
  });

  test('a failed re-check forgets what was seen', async () => {
    const { page, probe, time } = rememberingProbe(1_000, {
      'x-frame-options': 'DENY',
    });
    assert.equal(await probe.check(PAY_LINK, SHOP), 'refused');

    page.status = 503;
    time.advance(1_000);
    assert.equal(await probe.check(PAY_LINK, SHOP), 'unknown');
    page.status = 200;
    page.headers = {};
    assert.equal(await probe.check(PAY_LINK, SHOP), 'allowed');
  });

  test('TTL 0 asks every time', async () => {
    const page = payPage();
    const probe = createFramingProbe({ fetch: page.fetch, cacheTtlMs: 0 });
    await probe.check(PAY_LINK, SHOP);
    await probe.check(PAY_LINK, SHOP);
    assert.equal(page.visits.length, 2);
  });

  test('concurrent checks of one origin share one request', async () => {
    const page = payPage({ 'x-frame-options': 'DENY' });
    const probe = createFramingProbe({ fetch: page.fetch });
    const answers = await Promise.all([
      probe.check(PAY_LINK, SHOP),
      probe.check(PAY_LINK, SHOP),
      probe.check('https://pay.example/checkout?id=1', SHOP),
    ]);
    assert.deepEqual(answers, ['refused', 'refused', 'refused']);
    assert.equal(page.visits.length, 1);
  });

  test('remembers headers, judged again for each shop', async () => {
    const page = payPage({
      'content-security-policy': 'frame-ancestors https://one.example',
    });
    const probe = createFramingProbe({ fetch: page.fetch });
    assert.equal(await probe.check(PAY_LINK, 'https://one.example'), 'allowed');
    assert.equal(await probe.check(PAY_LINK, 'https://two.example'), 'refused');
    assert.equal(page.visits.length, 1);
  });

  test('holds at most maxCachedOrigins, forgetting the oldest', async () => {
    const page = payPage();
    const probe = createFramingProbe({
      fetch: page.fetch,
      maxCachedOrigins: 2,
    });
    const link = (host: string) => `https://${host}.example/pay/1`;
    for (const host of ['a', 'b', 'c']) await probe.check(link(host), SHOP);
    assert.equal(page.visits.length, 3);

    await probe.check(link('a'), SHOP);
    assert.equal(page.visits.length, 4);
    await probe.check(link('c'), SHOP);
    assert.equal(page.visits.length, 4);
  });
});

describe('the create handler', () => {
  /** The create handler on the fake Ecart Pay, its pay page staged. */
  function onFake(
    headers: HeadersInit,
    extra: Partial<Parameters<typeof createOrderHandler>[0]> = {},
  ) {
    const { client } = setupFake();
    const page = payPage(headers);
    const handler = createOrderHandler({
      client,
      resolveOrder: resolveFromCatalogue,
      probeFraming: { fetch: page.fetch },
      ...extra,
    });
    return { handler, page };
  }

  async function create(
    handler: ReturnType<typeof createOrderHandler>,
    headers: Record<string, string> = {},
  ) {
    const response = await handler(
      postJson(`${SHOP}/api/checkout`, cart, headers),
    );
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  }

  test("judges for the page's Origin, else redirect_url's", async () => {
    const { handler, page } = onFake(
      { 'content-security-policy': `frame-ancestors ${SHOP}` },
      { redirectUrl: 'https://elsewhere.test/thanks' },
    );

    const fromShop = await create(handler, { origin: SHOP });
    assert.equal('framing' in fromShop, false);
    const fromOther = await create(handler, { origin: 'https://evil.test' });
    assert.equal(fromOther['framing'], 'refused');
    const noOrigin = await create(handler);
    assert.equal(noOrigin['framing'], 'refused');
    assert.equal(page.visits.length, 1);
    assert.match(page.visits[0]!.url, /^https:\/\/fake\.ecartpay\.test\/pay\//);
  });

  test('redirect_url gives the origin when Origin is missing', async () => {
    const { handler } = onFake(
      { 'content-security-policy': `frame-ancestors ${SHOP}` },
      { redirectUrl: `${SHOP}/thanks` },
    );
    const order = await create(handler, { origin: 'null' });
    assert.equal('framing' in order, false);
  });

  test('an unknown verdict adds no hint', async () => {
    const { handler } = onFake(
      { 'x-frame-options': 'DENY' },
      {
        probeFraming: {
          fetch: async () => {
            throw new TypeError('fetch failed');
          },
        },
      },
    );
    const order = await create(handler);
    assert.equal('framing' in order, false);
  });

  test('a probe out of time does not hold the order back', async () => {
    const { handler } = onFake(
      {},
      {
        probeFraming: {
          timeoutMs: 20,
          fetch: () => new Promise<Response>(() => undefined),
        },
      },
    );
    const order = await create(handler, { origin: SHOP });
    assert.equal(typeof order['id'], 'string');
    assert.equal('framing' in order, false);
  });

  test('a repeated Idempotency-Key gets the same hint', async () => {
    const { handler, page } = onFake({ 'x-frame-options': 'DENY' });
    const key = { 'idempotency-key': 'framing-repeat-1', origin: SHOP };
    const first = await create(handler, key);
    const again = await create(handler, key);
    assert.equal(first['framing'], 'refused');
    assert.deepEqual(again, first);
    assert.equal(page.visits.length, 1);
  });
});

describe('the checkout handler against the sandbox', () => {
  async function shopOn(
    t: { after(fn: () => unknown): void },
    probeFraming?: boolean | FramingProbeOptions,
  ) {
    const sandbox = await startSandbox({
      port: 0,
      refuseFraming: true,
      notifyRetryDelaysMs: [],
    });
    t.after(() => sandbox.close());
    const handler = createCheckoutHandler({
      client: createEcartPayClient({
        publicKey: sandbox.publicKey,
        privateKey: sandbox.privateKey,
        baseUrl: sandbox.url,
      }),
      resolveOrder: resolveFromCatalogue,
      redirectUrl: `${SHOP}/thanks`,
      notifyUrl: `${SHOP}/api/checkout/notify`,
      probeFraming,
    });
    async function create() {
      const request = postJson(`${SHOP}/api/checkout`, cart, {
        origin: SHOP,
      });
      const response = await handler(request);
      assert.equal(response.status, 200);
      const order = (await response.json()) as Record<string, unknown>;
      assert.ok(String(order['pay_link']).startsWith(`${sandbox.url}/pay/`));
      return order;
    }
    return { sandbox, create };
  }

  test("answers framing: 'refused' while the sandbox refuses", async (t) => {
    const { sandbox, create } = await shopOn(t, { cacheTtlMs: 0 });
    assert.equal((await create())['framing'], 'refused');

    sandbox.setRefuseFraming(false);
    assert.equal('framing' in (await create()), false);
    sandbox.setRefuseFraming(true);
    assert.equal((await create())['framing'], 'refused');
  });

  test('by default, remembers the answer for a while', async (t) => {
    const { sandbox, create } = await shopOn(t);
    assert.equal((await create())['framing'], 'refused');
    sandbox.setRefuseFraming(false);
    assert.equal((await create())['framing'], 'refused');
  });

  test('probeFraming: false never hints', async (t) => {
    const { create } = await shopOn(t, false);
    assert.equal('framing' in (await create()), false);
  });
});
