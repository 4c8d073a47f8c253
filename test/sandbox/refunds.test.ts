import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { api, createOrder, getToken, useSandbox } from './helpers.ts';

describe('GET /api/orders/{id}', async () => {
  const sandbox = await useSandbox();
  const token = await getToken(sandbox);

  test('answers the order as it is now', async () => {
    const order = await createOrder(sandbox);
    const before = await api(sandbox, token, `/api/orders/${order.id}`);
    assert.equal(before.status, 200);
    assert.deepEqual(before.body, order);

    sandbox.markPaid(order.id);
    const after = await api(sandbox, token, `/api/orders/${order.id}`);
    assert.equal(after.body.status, 'paid');
  });

  test('an unknown id is 404 with the error shape', async () => {
    for (const id of ['0'.repeat(24), 'not-an-id']) {
      const { status, body } = await api(sandbox, token, `/api/orders/${id}`);
      assert.equal(status, 404, id);
      assert.deepEqual(body, {
        message: `Order ${id} not found`,
        statusCode: 404,
      });
    }
  });
});

describe('POST /api/orders/{id}/refund', async () => {
  const sandbox = await useSandbox();
  const token = await getToken(sandbox);

  /** A paid order of 100.00 MXN. */
  async function paidOrder() {
    const order = await createOrder(sandbox, {
      items: [{ name: 'Lamp', quantity: 1, price: 100 }],
    });
    sandbox.markPaid(order.id);
    return order;
  }
  const refund = (id: string, body: unknown) =>
    api(sandbox, token, `/api/orders/${id}/refund`, body);

  test('a partial refund, then the rest: refunded', async () => {
    const order = await paidOrder();

    const partial = await refund(order.id, { amount: 30, reason: 'requested' });
    assert.equal(partial.status, 200);
    assert.equal(partial.body.status, 'partially_refunded');
    assert.equal(partial.body.id, order.id);

    const rest = await refund(order.id, { amount: 70, reason: 'requested' });
    assert.equal(rest.status, 200);
    assert.equal(rest.body.status, 'refunded');
    assert.equal(sandbox.getOrder(order.id).status, 'refunded');
  });

  test('a full refund at once', async () => {
    const order = await paidOrder();
    const full = await refund(order.id, { amount: 100, reason: 'duplicate' });
    assert.equal(full.body.status, 'refunded');
  });

  test('the pay page tells what happened, with no form', async () => {
    const order = await paidOrder();
    await refund(order.id, { amount: 25, reason: 'requested' });
    const partly = await (await fetch(order.pay_link)).text();
    assert.match(partly, /part of it was refunded/);
    assert.doesNotMatch(partly, /<form/);

    await refund(order.id, { amount: 75, reason: 'requested' });
    const refunded = await (await fetch(order.pay_link)).text();
    assert.match(refunded, /Order refunded/);
    assert.doesNotMatch(refunded, /<form/);
  });

  test('accepts the reason as `name`, as the OpenAPI spells it', async () => {
    const order = await paidOrder();
    const answer = await refund(order.id, { amount: 10, name: 'fraudulent' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'partially_refunded');
  });

  test('cents add up exactly across refunds', async () => {
    const order = await paidOrder();
    for (let i = 0; i < 10; i += 1) {
      await refund(order.id, { amount: 0.1, reason: 'requested' });
    }
    const rest = await refund(order.id, { amount: 99, reason: 'requested' });
    assert.equal(rest.body.status, 'refunded');
  });

  test('never more than what is left', async () => {
    const order = await paidOrder();
    await refund(order.id, { amount: 60, reason: 'requested' });
    const over = await refund(order.id, { amount: 40.01, reason: 'requested' });
    assert.equal(over.status, 400);
    assert.match(over.body.message, /amount must not exceed the 40 left/);
    assert.equal(sandbox.getOrder(order.id).status, 'partially_refunded');
  });

  test('only paid or partially refunded orders', async () => {
    const created = await createOrder(sandbox);
    const unpaid = await refund(created.id, { amount: 1, reason: 'requested' });
    assert.equal(unpaid.status, 409);
    assert.equal(unpaid.body.statusCode, 409);
    assert.match(unpaid.body.message, /created/);

    const order = await paidOrder();
    await refund(order.id, { amount: 100, reason: 'requested' });
    const twice = await refund(order.id, { amount: 1, reason: 'requested' });
    assert.equal(twice.status, 409);
    assert.throws(() => sandbox.markPaid(order.id), /refunded/);
  });

  test('amount must be a number above 0', async () => {
    const order = await paidOrder();
    for (const amount of [0, -5, '10', null, undefined]) {
      const answer = await refund(order.id, { amount, reason: 'requested' });
      assert.equal(answer.status, 400, String(amount));
      assert.match(answer.body.message, /^amount /);
    }
    const tiny = await refund(order.id, { amount: 0.001, reason: 'requested' });
    assert.equal(tiny.status, 400);
  });

  test('reason must be requested, duplicate or fraudulent', async () => {
    const order = await paidOrder();
    const missing = await refund(order.id, { amount: 1 });
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /^reason is required/);

    const wrong = await refund(order.id, { amount: 1, reason: 'changed' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body.message, /^reason must be one of requested/);
  });

  test('an unknown order is 404', async () => {
    const answer = await refund('0'.repeat(24), {
      amount: 1,
      reason: 'requested',
    });
    assert.equal(answer.status, 404);
  });
});

describe('routing', async () => {
  const sandbox = await useSandbox();
  const token = await getToken(sandbox);

  test('an unknown route is 404 with the error shape', async () => {
    const response = await fetch(`${sandbox.url}/api/customers`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.statusCode, 404);
  });

  test('a wrong method is 405 with Allow', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/api/orders', 'POST'],
      ['GET', '/api/authorizations/token', 'POST'],
      ['DELETE', `/api/orders/${'a'.repeat(24)}`, 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { authorization: token },
      });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get('allow'), allow);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.statusCode, 405);
    }
  });

  test('the API sends no CORS headers, even to a preflight', async () => {
    const preflight = await fetch(`${sandbox.url}/api/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
      },
    });
    assert.notEqual(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);

    const created = await fetch(`${sandbox.url}/api/authorizations/token`, {
      method: 'POST',
      headers: { origin: 'https://shop.example' },
    });
    assert.equal(created.headers.get('access-control-allow-origin'), null);
  });
});
