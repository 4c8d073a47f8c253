import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { startDemo, type RunningDemo } from '../../demo/start.ts';

interface OrderSummary {
  id: string;
  status: string;
  total: number;
}

/** The first defined result of `check`, tried until the test's timeout. */
async function eventually<T>(check: () => Promise<T | undefined>) {
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The demo's merchant backend over HTTP, as the shop's page (or anyone
 * else) can call it: the browser names SKUs and quantities, the server
 * prices them.
 */
describe("the demo's merchant backend", { timeout: 60_000 }, () => {
  let demo: RunningDemo;

  before(async () => {
    demo = await startDemo({
      shopPort: 0,
      sandboxPort: 0,
      env: {},
      logLevel: 'silent',
      watch: false,
    });
  });

  after(async () => {
    await demo?.close();
  });

  function createOrder(body: unknown): Promise<Response> {
    return fetch(new URL('/api/checkout', demo.shopUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
  }

  async function refusal(body: unknown): Promise<string> {
    const response = await createOrder(body);
    assert.equal(response.status, 400);
    const answer = (await response.json()) as { message: string };
    return answer.message;
  }

  it('prices the cart from its own catalogue', async () => {
    const response = await createOrder({
      currency: 'MXN',
      items: [
        { sku: 'cafe-chiapas', quantity: 2, price: 0.01, name: 'Gift' },
        { sku: 'taza-barro', quantity: 1 },
      ],
    });

    assert.equal(response.status, 200);
    const order = (await response.json()) as {
      id: string;
      status: string;
      totals: { total: number };
    };
    assert.equal(order.status, 'created');
    assert.equal(order.totals.total, 2 * 189 + 145.5);

    const sandboxOrder = demo.sandbox!.getOrder(order.id);
    assert.deepEqual(
      sandboxOrder.items.map(({ name, quantity, price }) => ({
        name,
        quantity,
        price,
      })),
      [
        { name: 'Café de Chiapas', quantity: 2, price: 189 },
        { name: 'Taza de barro', quantity: 1, price: 145.5 },
      ],
    );
  });

  it('gives Ecart Pay notify and return URLs on its origin', async () => {
    const response = await createOrder({
      items: [{ sku: 'molinillo', quantity: 1 }],
    });
    const { id } = (await response.json()) as { id: string };

    const order = demo.sandbox!.getOrder(id);
    const shop = new URL(demo.shopUrl).origin;
    assert.equal(order.notify_url, `${shop}/api/checkout/notify`);
    assert.equal(order.redirect_url, `${shop}/demo/shop/return.html`);
  });

  it('refuses an unknown SKU, naming it', async () => {
    assert.equal(
      await refusal({ items: [{ sku: 'mezcal', quantity: 1 }] }),
      'items[0].sku: unknown SKU "mezcal"',
    );
  });

  it('refuses a quantity that is not a whole number from 1 to 20', async () => {
    for (const quantity of [0, 1.5, 21, '2', null]) {
      assert.equal(
        await refusal({ items: [{ sku: 'taza-barro', quantity }] }),
        'items[0].quantity: must be a whole number from 1 to 20',
        `quantity ${JSON.stringify(quantity)}`,
      );
    }
  });

  it('refuses an empty cart, a repeated SKU and another currency', async () => {
    assert.equal(
      await refusal({ items: [] }),
      'items: must be a non-empty array',
    );
    assert.equal(
      await refusal({
        items: [
          { sku: 'molinillo', quantity: 1 },
          { sku: 'molinillo', quantity: 2 },
        ],
      }),
      'items[1].sku: "molinillo" appears twice',
    );
    assert.equal(
      await refusal({
        currency: 'USD',
        items: [{ sku: 'molinillo', quantity: 1 }],
      }),
      'currency: this shop sells in MXN only, not USD',
    );
  });

  it('lists the orders it created, with their status', async () => {
    const response = await createOrder({
      items: [{ sku: 'chocolate-mesa', quantity: 3 }],
    });
    const { id } = (await response.json()) as { id: string };

    // The store hears of the order just after the answer is sent.
    const listed = await eventually(async () => {
      const answer = await fetch(new URL('/api/orders', demo.shopUrl));
      const orders = (await answer.json()) as OrderSummary[];
      return orders.find((order) => order.id === id);
    });
    assert.deepEqual(
      { status: listed?.status, total: listed?.total },
      { status: 'created', total: 294 },
    );
  });

  it('marks only its own orders paid', async () => {
    const response = await fetch(
      new URL('/api/orders/not-an-order/mark-paid', demo.shopUrl),
      { method: 'POST' },
    );
    assert.equal(response.status, 404);
  });

  it('serves its pages under a strict Content Security Policy', async () => {
    const response = await fetch(demo.shopUrl);
    const policy = response.headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, /style-src 'self'(;|$)/);
    assert.match(policy, new RegExp(`frame-src 'self' ${demo.sandbox!.url}`));
  });
});
