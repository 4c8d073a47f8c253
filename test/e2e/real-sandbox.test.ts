import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startDemo, type RunningDemo } from '../../demo/start.ts';

const KEYS = {
  ECARTPAY_PUBLIC_KEY: 'pub_test_0123456789',
  ECARTPAY_PRIVATE_KEY: 'priv_test_9876543210',
};

interface Call {
  url: string;
  method: string;
  authorization: string | null;
  body: Record<string, unknown> | null;
}

/**
 * Stands in for https://sandbox.ecartpay.com, which this machine cannot
 * reach: answers the token and order calls as the Orders guide shows.
 */
function fakeEcartPay(calls: Call[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const text = await request.text();
    calls.push({
      url: request.url,
      method: request.method,
      authorization: request.headers.get('authorization'),
      body: text ? JSON.parse(text) : null,
    });

    if (request.url.endsWith('/api/authorizations/token')) {
      return Response.json({ token: fakeJwt() });
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    return Response.json(fakeOrder(body));
  };
}

function fakeJwt(): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS512' })}.${part({
    id: 'acct',
    iat: now,
    exp: now + 3600,
  })}.signature`;
}

function fakeOrder(input: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    ...input,
    id: '65f0c0ffee0000000000abcd',
    account_id: 'acct',
    number: 'OR00000042',
    status: 'created',
    shipping_items: [],
    discounts: [],
    totals: { subtotal: 98, total: 98, tax: 0, discount: 0, shipping: 0 },
    risk_score: 0,
    risk_notes: [],
    fee: 0,
    confirmed: false,
    created_at: now,
    updated_at: now,
    pay_link: 'https://sandbox.ecartpay.com/pay/65f0c0ffee0000000000abcd',
  };
}

describe('the demo with Ecart Pay sandbox keys', { timeout: 60_000 }, () => {
  const calls: Call[] = [];
  let demo: RunningDemo;

  before(async () => {
    demo = await startDemo({
      shopPort: 0,
      env: { ...KEYS, PUBLIC_URL: 'https://shop.example/ignored/path' },
      fetch: fakeEcartPay(calls),
      logLevel: 'silent',
      watch: false,
    });
  });

  after(async () => {
    await demo?.close();
  });

  it('starts no emulator and frames only the real sandbox', async () => {
    assert.equal(demo.sandbox, null);

    const settings = await (await fetch(`${demo.shopUrl}api/shop`)).json();
    assert.equal(settings.ecartPay, 'sandbox');
    assert.equal(settings.canMarkPaid, false);

    const page = await (await fetch(demo.shopUrl)).text();
    assert.match(page, /pay-origins="https:\/\/sandbox\.ecartpay\.com"/);
  });

  it('creates orders on the real sandbox, notified at PUBLIC_URL', async () => {
    const response = await fetch(`${demo.shopUrl}api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ sku: 'chocolate-mesa', quantity: 1 }],
      }),
    });
    assert.equal(response.status, 200);

    const [token, order] = calls;
    const basic = Buffer.from(
      `${KEYS.ECARTPAY_PUBLIC_KEY}:${KEYS.ECARTPAY_PRIVATE_KEY}`,
    ).toString('base64');
    assert.equal(
      token?.url,
      'https://sandbox.ecartpay.com/api/authorizations/token',
    );
    assert.equal(token?.authorization, `Basic ${basic}`);

    assert.equal(order?.url, 'https://sandbox.ecartpay.com/api/orders');
    // The bare JWT, as Ecart Pay wants it: no `Bearer`.
    assert.match(order?.authorization ?? '', /^eyJ[\w-]+\.[\w-]+\.sig/);
    assert.equal(
      order?.body?.notify_url,
      'https://shop.example/api/checkout/notify',
    );
    assert.equal(
      order?.body?.redirect_url,
      `${demo.shopUrl}demo/shop/return.html`,
    );
  });

  it('refuses half a key pair without echoing the key', async () => {
    await assert.rejects(
      startDemo({
        shopPort: 0,
        env: { ECARTPAY_PUBLIC_KEY: KEYS.ECARTPAY_PUBLIC_KEY },
        logLevel: 'silent',
      }),
      (error: Error) =>
        error.message.includes('ECARTPAY_PRIVATE_KEY is not set') &&
        !error.message.includes(KEYS.ECARTPAY_PUBLIC_KEY),
    );
  });
});
