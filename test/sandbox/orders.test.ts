import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { CURRENCIES } from '../../src/shared/ecartpay.ts';
import { api, getToken, orderBody, useSandbox } from './helpers.ts';

describe('POST /api/orders', async () => {
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  const sandbox = await useSandbox({ now: () => now });
  const token = await getToken(sandbox);
  const create = (body: unknown) => api(sandbox, token, '/api/orders', body);

  test('answers 200 with the order, every documented field set', async () => {
    const { status, body } = await create(
      orderBody({
        customer_id: '657b928db4c08f6f66847b09',
        email: 'ana@example.com',
        first_name: 'Ana',
        last_name: 'García',
        phone: '8114999999',
        notify_url: 'https://shop.example/notify',
        redirect_url: 'https://shop.example/thanks',
      }),
    );
    assert.equal(status, 200);

    assert.match(body.id, /^[0-9a-f]{24}$/);
    assert.match(body.account_id, /^[0-9a-f]{24}$/);
    assert.match(body.authorization_id, /^[0-9a-f]{24}$/);
    assert.match(body.number, /^OR\d{8}$/);
    assert.equal(body.status, 'created');
    assert.equal(body.customer_id, '657b928db4c08f6f66847b09');
    assert.equal(body.email, 'ana@example.com');
    assert.equal(body.first_name, 'Ana');
    assert.equal(body.last_name, 'García');
    assert.equal(body.phone, '8114999999');
    assert.equal(body.currency, 'MXN');
    assert.deepEqual(body.items, [
      {
        name: 'Brazalete plateado BR3017',
        quantity: 1,
        price: 243.33,
        discount: 0,
        total: 243.33,
        tax: 0,
      },
    ]);
    assert.deepEqual(body.shipping_items, []);
    assert.deepEqual(body.discounts, []);
    assert.deepEqual(body.totals, {
      subtotal: 243.33,
      total: 243.33,
      tax: 0,
      discount: 0,
      shipping: 0,
    });
    assert.equal(body.risk_score, 0);
    assert.deepEqual(body.risk_notes, []);
    assert.equal(body.fee, 0);
    assert.equal(body.confirmed, false);
    assert.equal(body.notify_url, 'https://shop.example/notify');
    assert.equal(body.redirect_url, 'https://shop.example/thanks');
    assert.equal(body.created_at, '2026-03-01T12:00:00.000Z');
    assert.equal(body.updated_at, body.created_at);
    assert.equal(body.pay_link, `${sandbox.url}/pay/${body.id}`);
  });

  test('gives every order its own id and number', async () => {
    const first = await create(orderBody());
    const second = await create(orderBody());
    assert.notEqual(first.body.id, second.body.id);
    assert.notEqual(first.body.number, second.body.number);
  });

  test('omits optional fields that were not sent', async () => {
    const { body } = await create(orderBody());
    for (const field of ['email', 'notify_url', 'redirect_url', 'phone']) {
      assert.equal(field in body, false, field);
    }
  });

  test('keeps the shipping address and shipping items', async () => {
    const shipping_address = {
      first_name: 'Moises',
      address1: 'Belisario Dominguez',
      city: 'Monterrey',
      postal_code: '64000',
      country: { code: 'MX', name: 'Mexico' },
      state: { code: 'NL' },
    };
    const shipping_items = [
      { name: 'Express Shipping', amount: 160, carrier: 'OWN' },
    ];
    const { body } = await create(
      orderBody({ shipping_address, shipping_items }),
    );
    assert.deepEqual(body.shipping_address, shipping_address);
    assert.deepEqual(body.shipping_items, shipping_items);
  });

  test('accepts every listed currency', async () => {
    for (const currency of CURRENCIES) {
      const { status, body } = await create(orderBody({ currency }));
      assert.equal(status, 200, currency);
      assert.equal(body.currency, currency);
    }
  });
});

describe('order totals', async () => {
  const sandbox = await useSandbox();
  const token = await getToken(sandbox);
  const totalsOf = async (body: unknown) => {
    const answer = await api(sandbox, token, '/api/orders', body);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };

  test('line total = price x quantity; shipping = sum of amounts', async () => {
    const order = await totalsOf(
      orderBody({
        items: [
          { name: 'Cup', quantity: 3, price: 10.1 },
          { name: 'Plate', quantity: 2, price: 0.2 },
        ],
        shipping_items: [
          { name: 'Express', amount: 160 },
          { name: 'Insurance', amount: 0.35 },
        ],
      }),
    );
    assert.deepEqual(
      order.items.map((item: { total: number }) => item.total),
      [30.3, 0.4],
    );
    assert.deepEqual(order.totals, {
      subtotal: 30.7,
      shipping: 160.35,
      tax: 0,
      discount: 0,
      total: 191.05,
    });
  });

  test('sums without floating-point drift', async () => {
    const order = await totalsOf(
      orderBody({
        items: [
          { name: 'A', quantity: 1, price: 0.1 },
          { name: 'B', quantity: 1, price: 0.2 },
        ],
      }),
    );
    assert.equal(order.totals.total, 0.3);
  });

  test('rounds to cents, halves up', async () => {
    const order = await totalsOf(
      orderBody({ items: [{ name: 'A', quantity: 1, price: 1.005 }] }),
    );
    assert.equal(order.items[0].total, 1.01);
    assert.equal(order.totals.total, 1.01);

    const thirds = await totalsOf(
      orderBody({ items: [{ name: 'B', quantity: 3, price: 0.333 }] }),
    );
    assert.equal(thirds.totals.subtotal, 1);
  });

  test('a free item is allowed', async () => {
    const order = await totalsOf(
      orderBody({ items: [{ name: 'Gift', quantity: 1, price: 0 }] }),
    );
    assert.equal(order.totals.total, 0);
  });
});

describe('POST /api/orders validation', async () => {
  const sandbox = await useSandbox();
  const token = await getToken(sandbox);

  async function expect400(body: unknown, message: RegExp) {
    const answer = await api(sandbox, token, '/api/orders', body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    assert.equal(answer.body.statusCode, 400);
    assert.match(answer.body.message, message);
  }

  const item = { name: 'Cup', quantity: 1, price: 10 };

  test('the body must be an object', async () => {
    await expect400([], /Request body must be an object/);
    await expect400('text', /Request body must be an object/);
    await expect400(null, /Request body must be an object/);
  });

  test('currency is required and must be listed', async () => {
    await expect400({ items: [item] }, /^currency is required$/);
    await expect400(orderBody({ currency: 'XYZ' }), /^currency must be/);
    await expect400(orderBody({ currency: 'mxn' }), /^currency must be/);
    await expect400(orderBody({ currency: 484 }), /^currency must be/);
  });

  test('items is a non-empty array of objects', async () => {
    await expect400({ currency: 'MXN' }, /^items is required$/);
    await expect400(orderBody({ items: {} }), /^items must be an array$/);
    await expect400(orderBody({ items: [] }), /^items must not be empty$/);
    await expect400(
      orderBody({ items: [item, 'cup'] }),
      /^items\[1\] must be an object$/,
    );
  });

  test('items[].name is a non-empty string', async () => {
    const bad = (name: unknown) => orderBody({ items: [{ ...item, name }] });
    await expect400(
      orderBody({ items: [{ quantity: 1, price: 1 }] }),
      /^items\[0\]\.name is required$/,
    );
    await expect400(bad(''), /^items\[0\]\.name must be a non-empty string$/);
    await expect400(bad('   '), /^items\[0\]\.name must be a non-empty/);
    await expect400(bad(42), /^items\[0\]\.name must be a non-empty string$/);
  });

  test('items[].quantity is a positive integer', async () => {
    const bad = (quantity: unknown) =>
      orderBody({ items: [item, { ...item, quantity }] });
    const message = /^items\[1\]\.quantity must be a positive integer$/;
    for (const quantity of [0, -1, 1.5, '2', null, Number.MAX_VALUE]) {
      await expect400(bad(quantity), message);
    }
    await expect400(
      orderBody({ items: [{ name: 'Cup', price: 1 }] }),
      /^items\[0\]\.quantity is required$/,
    );
  });

  test('items[].price is a finite number >= 0', async () => {
    const bad = (price: unknown) => orderBody({ items: [{ ...item, price }] });
    const message = /^items\[0\]\.price must be a number greater than/;
    for (const price of [-0.01, '10', null, true]) {
      await expect400(bad(price), message);
    }
    await expect400(
      orderBody({ items: [{ name: 'Cup', quantity: 1 }] }),
      /^items\[0\]\.price is required$/,
    );
  });

  test('amounts and the order total are capped', async () => {
    await expect400(
      orderBody({ items: [{ ...item, price: 1e308 }] }),
      /^items\[0\]\.price must be at most 999999999\.99$/,
    );
    await expect400(
      orderBody({ shipping_items: [{ name: 'Ship', amount: 1e10 }] }),
      /^shipping_items\[0\]\.amount must be at most/,
    );
    await expect400(
      orderBody({ items: [{ ...item, quantity: 2, price: 999_999_999 }] }),
      /^The order total must be at most 999999999\.99$/,
    );
  });

  test('notify_url and redirect_url are absolute http(s) URLs', async () => {
    for (const field of ['notify_url', 'redirect_url']) {
      const bad = ['/relative', 'javascript:alert(1)', 'ftp://x.y', 7];
      for (const value of bad) {
        const message = new RegExp(`^${field} `);
        await expect400(orderBody({ [field]: value }), message);
      }
    }
  });

  test('shipping_items have a name and an amount >= 0', async () => {
    await expect400(
      orderBody({ shipping_items: {} }),
      /^shipping_items must be an array$/,
    );
    await expect400(
      orderBody({ shipping_items: [{ name: 'Express', amount: -5 }] }),
      /^shipping_items\[0\]\.amount must be a number/,
    );
    await expect400(
      orderBody({ shipping_items: [{ name: 'Express' }] }),
      /^shipping_items\[0\]\.amount is required$/,
    );
    await expect400(
      orderBody({ shipping_items: [{ amount: 5 }] }),
      /^shipping_items\[0\]\.name is required$/,
    );
    await expect400(
      orderBody({ shipping_items: [{ name: 'X', amount: 5, carrier: 1 }] }),
      /^shipping_items\[0\]\.carrier must be a string$/,
    );
  });

  test('customer fields are strings; email looks like one', async () => {
    await expect400(
      orderBody({ first_name: 5 }),
      /^first_name must be a string$/,
    );
    await expect400(orderBody({ phone: 81149 }), /^phone must be a string$/);
    await expect400(orderBody({ email: 'nobody' }), /^email must be an email/);
  });

  test('shipping_address is an object of strings', async () => {
    await expect400(
      orderBody({ shipping_address: 'Monterrey' }),
      /^shipping_address must be an object$/,
    );
    await expect400(
      orderBody({ shipping_address: { city: 64000 } }),
      /^shipping_address\.city must be a string$/,
    );
    await expect400(
      orderBody({ shipping_address: { country: { code: 52 } } }),
      /^shipping_address\.country\.code must be a string$/,
    );
  });

  test('bad JSON is 400', async () => {
    const response = await fetch(`${sandbox.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: '{"currency": "MXN",',
    });
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      message: 'Request body is not valid JSON',
      statusCode: 400,
    });
  });

  test('a body that is not JSON is 415', async () => {
    const response = await fetch(`${sandbox.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'text/plain' },
      body: JSON.stringify(orderBody()),
    });
    assert.equal(response.status, 415);
    const body = (await response.json()) as { statusCode: number };
    assert.equal(body.statusCode, 415);
  });

  test('a body over 1 MiB is 413', async () => {
    const huge = orderBody({
      items: [{ name: 'x'.repeat(2 * 1024 * 1024), quantity: 1, price: 1 }],
    });
    const answer = await api(sandbox, token, '/api/orders', huge);
    assert.equal(answer.status, 413);
    assert.equal(answer.body.statusCode, 413);
  });

  test('a body streamed without Content-Length is capped too', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${sandbox.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
  });
});
