import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  createCheckoutHandler,
  createStatusHandler,
  type CheckoutHandlerOptions,
} from '../../src/server/index.ts';
import {
  backgroundWork,
  errorLog,
  postJson,
  resolveFromCatalogue,
  setupFake,
  SHOP,
} from './helpers.ts';

const cart = { items: [{ sku: 'tee', quantity: 1 }] };

function setup(
  extra: Partial<CheckoutHandlerOptions> = {},
  timeoutMs?: number,
) {
  const { fake, client } = setupFake(timeoutMs);
  const log = errorLog();
  const work = backgroundWork();
  const changes: [string, string | undefined][] = [];
  const handler = createCheckoutHandler({
    client,
    resolveOrder: resolveFromCatalogue,
    onError: log.onError,
    onStatusChange: (order, previous) => {
      changes.push([order.status, previous]);
    },
    waitUntil: work.waitUntil,
    ...extra,
  });
  return { fake, client, handler, changes, settled: work.settled, ...log };
}

function statusRequest(id: string): Request {
  return new Request(`${SHOP}/api/checkout/${id}`);
}

async function create(
  handler: (request: Request) => Promise<Response>,
  base = `${SHOP}/api/checkout`,
): Promise<{ id: string; status: string }> {
  const response = await handler(postJson(base, cart));
  assert.equal(response.status, 200);
  return (await response.json()) as { id: string; status: string };
}

test('routes create, status and notify under any mount path', async () => {
  for (const base of [`${SHOP}/api/checkout`, `${SHOP}/shop/pay/`, SHOP]) {
    const { handler, fake } = setup();
    const order = await create(handler, base);
    const root = base.replace(/\/$/, '');
    assert.equal(
      fake.orders.get(order.id)!.notify_url,
      `${root}/notify`,
    );

    const status = await handler(new Request(`${root}/${order.id}`));
    assert.equal(status.status, 200);
    assert.equal(((await status.json()) as { id: string }).id, order.id);

    const notified = await handler(
      postJson(`${root}/notify`, { id: order.id }),
    );
    assert.equal(notified.status, 200);
  }
});

test('status answers the fresh public view, never cached', async () => {
  const { handler, fake } = setup();
  const order = await create(handler);
  fake.setStatus(order.id, 'paid');

  const response = await handler(statusRequest(order.id));
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const view = (await response.json()) as Record<string, unknown>;
  assert.equal(view['status'], 'paid');
  for (const hidden of [
    'account_id', 'authorization_id', 'customer_id', 'risk_score',
    'risk_notes', 'fee', 'notify_url', 'confirmed',
  ]) {
    assert.ok(!(hidden in view), `${hidden} is hidden`);
  }
  assert.ok(!JSON.stringify(view).includes('internal'));
});

test('status: bad id 400, unknown order 404, Ecart Pay down 502', async () => {
  const { handler, fake, errors } = setup();
  const get = (id: string) => handler(statusRequest(id));

  assert.equal((await get('bad%20id')).status, 400);
  assert.equal((await get('x'.repeat(65))).status, 400);
  const missing = await get('ffffffffffffffffffffffff');
  assert.equal(missing.status, 404);
  const { message } = (await missing.json()) as { message: string };
  assert.match(message, /not found/);

  fake.failures.get = [{ status: 500, body: 'oops' }];
  assert.equal((await get('ffffffffffffffffffffffff')).status, 502);
  assert.equal(errors.length, 1);
});

test('status: a timeout answers 504', async () => {
  const { handler, fake } = setup({}, 50);
  const order = await create(handler);
  fake.delays.get = 5000;
  const response = await handler(statusRequest(order.id));
  assert.equal(response.status, 504);
});

test('a status read reveals a payment whose notice was lost', async () => {
  const { handler, fake, changes, settled } = setup();
  const order = await create(handler);
  await settled();
  assert.equal(changes.length, 1, 'creation');

  fake.setStatus(order.id, 'paid');
  await handler(statusRequest(order.id));
  await settled();
  assert.equal(changes.length, 2, 'the payment');

  await handler(postJson(`${SHOP}/api/checkout/notify`, { id: order.id }));
  await settled();
  assert.deepEqual(changes, [
    ['created', undefined],
    ['paid', 'created'],
  ]);
});

test('wrong methods get 405 with Allow', async () => {
  const { handler } = setup();
  const put = await handler(
    new Request(`${SHOP}/api/checkout/abc`, { method: 'DELETE' }),
  );
  assert.equal(put.status, 405);
  assert.equal(put.headers.get('allow'), 'GET');

  const getNotify = await handler(new Request(`${SHOP}/api/checkout/notify`));
  assert.equal(getNotify.status, 405);
  assert.equal(getNotify.headers.get('allow'), 'POST');
});

test('with basePath, other paths are 404 and GET {base} is 405', async () => {
  const { handler } = setup({ basePath: '/api/checkout' });
  const order = await create(handler);
  const getBase = await handler(new Request(`${SHOP}/api/checkout`));
  assert.equal(getBase.status, 405);
  assert.equal((await handler(new Request(`${SHOP}/elsewhere/x`))).status, 404);
  assert.equal(
    (await handler(new Request(`${SHOP}/api/checkout/a/b`))).status,
    404,
  );
  assert.equal(
    (await handler(postJson(`${SHOP}/api/checkout/${order.id}`, cart))).status,
    405,
  );
  assert.equal(
    (await handler(new Request(`${SHOP}/api/checkout/${order.id}`))).status,
    200,
  );
});

test('basePath sets the default notify URL', async () => {
  const { handler, fake } = setup({ basePath: 'api/checkout/' });
  const order = await create(handler);
  assert.equal(
    fake.orders.get(order.id)!.notify_url,
    `${SHOP}/api/checkout/notify`,
  );
});

test('createStatusHandler reads the id from the last segment', async () => {
  const { client, handler } = setup();
  const order = await create(handler);
  const status = createStatusHandler({ client });
  const response = await status(new Request(`${SHOP}/orders/${order.id}/`));
  assert.equal(response.status, 200);
  const post = new Request(`${SHOP}/orders/${order.id}`, { method: 'POST' });
  assert.equal((await status(post)).status, 405);
});

test('handlers refuse to start without a client or resolveOrder', () => {
  assert.throws(
    () =>
      createCheckoutHandler({
        resolveOrder: resolveFromCatalogue,
      } as never),
    /client is required/,
  );
  const { client } = setupFake();
  assert.throws(
    () => createCheckoutHandler({ client } as never),
    /resolveOrder is required/,
  );
});

test('allowedOrigins opens create and status to other origins', async () => {
  const page = 'https://static.shop.test';
  const { handler } = setup({ allowedOrigins: [page] });
  const preflight = await handler(
    new Request(`${SHOP}/api/checkout`, {
      method: 'OPTIONS',
      headers: {
        origin: page,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    }),
  );
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), page);
  assert.match(
    preflight.headers.get('access-control-allow-headers')!,
    /idempotency-key/,
  );

  const created = await handler(
    postJson(`${SHOP}/api/checkout`, cart, { origin: page }),
  );
  assert.equal(created.status, 200);
  assert.equal(created.headers.get('access-control-allow-origin'), page);
  assert.equal(created.headers.get('cache-control'), 'no-store');
});

test('other origins and the notify route get no CORS access', async () => {
  const { handler } = setup({ allowedOrigins: ['https://static.shop.test'] });
  const stranger = { origin: 'https://evil.test' };
  const preflight = await handler(
    new Request(`${SHOP}/api/checkout`, {
      method: 'OPTIONS',
      headers: stranger,
    }),
  );
  assert.equal(preflight.status, 403);

  const created = await handler(
    postJson(`${SHOP}/api/checkout`, cart, stranger),
  );
  assert.equal(created.headers.get('access-control-allow-origin'), null);

  const notify = await handler(
    new Request(`${SHOP}/api/checkout/notify`, {
      method: 'OPTIONS',
      headers: { origin: 'https://static.shop.test' },
    }),
  );
  assert.equal(notify.status, 405);
  assert.equal(notify.headers.get('access-control-allow-origin'), null);
});

test('allowedOrigins refuses entries that are not origins', () => {
  assert.throws(
    () => setup({ allowedOrigins: ['https://shop.test/path'] }),
    /not an origin/,
  );
});

test("the create and status routes use the options' waitUntil", async () => {
  const kept: Promise<unknown>[] = [];
  const { handler, changes } = setup({
    waitUntil: (promise) => kept.push(promise),
  });
  const order = await create(handler);
  await handler(statusRequest(order.id));
  assert.equal(kept.length, 2);
  await Promise.all(kept);
  assert.equal(changes.length, 1);
});
