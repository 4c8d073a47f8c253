import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  CheckoutRequestError,
  createMemoryIdempotencyStore,
  createOrderHandler,
  type IdempotencyStore,
  type OrderHandlerOptions,
} from '../../src/server/index.ts';
import {
  deferred,
  errorLog,
  postJson,
  resolveFromCatalogue,
  setupFake,
  SHOP,
} from './helpers.ts';

const URL_ = `${SHOP}/api/checkout`;
const cart = { items: [{ sku: 'mug', quantity: 2, price: 0.01 }] };

function setup(extra: Partial<OrderHandlerOptions> = {}, timeoutMs?: number) {
  const { fake, client } = setupFake(timeoutMs);
  const log = errorLog();
  const handler = createOrderHandler({
    client,
    resolveOrder: resolveFromCatalogue,
    onError: log.onError,
    ...extra,
  });
  return { fake, handler, ...log };
}

async function expectProblem(response: Response, status: number, text: RegExp) {
  assert.equal(response.status, status);
  const body = (await response.json()) as {
    message: string;
    statusCode: number;
  };
  assert.equal(body.statusCode, status);
  assert.match(body.message, text);
}

test('creates an order priced by the server, not the browser', async () => {
  const { fake, handler } = setup({ redirectUrl: `${SHOP}/thanks` });
  const response = await handler(postJson(URL_, cart));

  assert.equal(response.status, 200);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const order = (await response.json()) as Record<string, unknown>;
  assert.deepEqual(order['totals'], {
    subtotal: 300, total: 300, tax: 0, discount: 0, shipping: 0,
  });

  const sent = [...fake.orders.values()][0]!;
  assert.equal(sent.items[0]!.price, 150);
  assert.equal(sent.notify_url, `${SHOP}/api/checkout/notify`);
  assert.equal(sent.redirect_url, `${SHOP}/thanks`);
});

test('answers the public view of the order only', async () => {
  const { handler } = setup();
  const order = (await (await handler(postJson(URL_, cart))).json()) as
    Record<string, unknown>;

  assert.deepEqual(Object.keys(order).sort(), [
    'created_at', 'currency', 'id', 'items', 'number', 'pay_link',
    'status', 'totals', 'updated_at',
  ]);
  for (const hidden of ['account_id', 'fee', 'risk_score', 'notify_url']) {
    assert.ok(!(hidden in order), hidden);
  }
});

test('computes notify and redirect URLs from options functions', async () => {
  const { fake, handler } = setup({
    notifyUrl: 'https://hooks.shop.test/ecartpay',
    redirectUrl: (request, order) =>
      `${new URL(request.url).origin}/done?n=${order.items.length}`,
  });
  await handler(postJson(URL_, cart));
  const sent = [...fake.orders.values()][0]!;
  assert.equal(sent.notify_url, 'https://hooks.shop.test/ecartpay');
  assert.equal(sent.redirect_url, `${SHOP}/done?n=1`);
});

test('refuses requests that are not a JSON object', async (t) => {
  const { handler } = setup();
  const cases: [string, Request, number, RegExp][] = [
    ['GET', new Request(URL_), 405, /POST/],
    [
      'form',
      new Request(URL_, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      }),
      415,
      /application\/json/,
    ],
    ['bad JSON', postJson(URL_, '{"items": ['), 400, /not valid JSON/],
    ['empty', postJson(URL_, ''), 400, /empty/],
    ['array', postJson(URL_, [1, 2]), 400, /JSON object/],
    ['null', postJson(URL_, 'null'), 400, /JSON object/],
    ['huge', postJson(URL_, { pad: 'x'.repeat(20_000) }), 413, /exceeds 16384/],
  ];
  for (const [name, request, status, text] of cases) {
    await t.test(name, async () => {
      await expectProblem(await handler(request), status, text);
    });
  }
});

test('a huge body without Content-Length is cut off too', async () => {
  const { handler } = setup({ maxBodyBytes: 1000 });
  const chunk = new TextEncoder().encode('x'.repeat(600));
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent += 1;
      if (sent > 100) controller.close();
      else controller.enqueue(chunk);
    },
  });
  const request = new Request(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
  await expectProblem(await handler(request), 413, /exceeds 1000/);
  assert.ok(sent < 100, 'stopped reading early');
});

test('CheckoutRequestError from resolveOrder reaches the browser', async () => {
  const { handler, fake } = setup();
  await expectProblem(
    await handler(postJson(URL_, { items: [{ sku: 'yacht' }] })),
    422,
    /Unknown product "yacht"/,
  );
  await expectProblem(await handler(postJson(URL_, {})), 400, /Cart is empty/);
  assert.equal(fake.orders.size, 0);
});

test('other resolveOrder failures: 500, details to onError', async () => {
  const { handler, errors } = setup({
    resolveOrder: () => {
      throw new Error('database down at 10.0.0.3');
    },
  });
  const response = await handler(postJson(URL_, cart));
  await expectProblem(response, 500, /^Could not prepare the order$/);
  assert.match(String(errors[0]!.error), /database down/);
});

test('an invalid resolveOrder result is named in onError', async () => {
  const { handler, errors, fake } = setup({
    resolveOrder: () =>
      ({
        currency: 'XXX',
        items: [{ name: 'Mug', quantity: 1.5, price: '9' }],
      }) as never,
  });
  await expectProblem(await handler(postJson(URL_, cart)), 500, /prepare/);
  const message = String((errors[0]!.error as Error).message);
  assert.match(message, /currency/);
  assert.match(message, /items\.0\.quantity/);
  assert.match(message, /items\.0\.price/);
  assert.equal(fake.orders.size, 0);
});

test('CheckoutRequestError only accepts 4xx statuses', () => {
  assert.throws(() => new CheckoutRequestError(500, 'no'), RangeError);
  assert.equal(new CheckoutRequestError(409, 'x').status, 409);
});

test('a bad notifyUrl is a 500 with details to onError', async () => {
  const { handler, errors } = setup({ notifyUrl: () => 'not a url' });
  await expectProblem(await handler(postJson(URL_, cart)), 500, /prepare/);
  assert.match(String(errors[0]!.error), /notifyUrl/);
});

test('Ecart Pay failures: 502, timeouts 504, leaking nothing', async () => {
  const { handler, fake, errors } = setup({}, 100);
  fake.failures.create = [
    {
      status: 400,
      body: { message: 'currency off for acct 77', statusCode: 400 },
    },
  ];
  const failed = await handler(postJson(URL_, cart));
  assert.equal(failed.status, 502);
  const text = await failed.text();
  assert.ok(!text.includes('acct 77'));
  assert.equal(errors.length, 1);

  fake.delays.create = 5000;
  await expectProblem(await handler(postJson(URL_, cart)), 504, /in time/);
});

test('the same Idempotency-Key answers the same order', async () => {
  const { handler, fake } = setup();
  const key = { 'idempotency-key': 'cart-7f3a-001' };
  const first = await (await handler(postJson(URL_, cart, key))).json();
  const again = await handler(postJson(URL_, cart, key));

  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), first);
  assert.equal(fake.orders.size, 1);
});

test('key order in the body does not make it a different body', async () => {
  const { handler, fake } = setup();
  const key = { 'idempotency-key': 'cart-7f3a-002' };
  await handler(
    postJson(URL_, '{"items":[{"sku":"mug","quantity":1}],"note":"a"}', key),
  );
  const again = await handler(
    postJson(URL_, '{"note":"a","items":[{"quantity":1,"sku":"mug"}]}', key),
  );
  assert.equal(again.status, 200);
  assert.equal(fake.orders.size, 1);
});

test('concurrent requests with one key create one order', async () => {
  const { handler, fake } = setup();
  fake.delays.create = 50;
  const key = { 'idempotency-key': 'cart-concurrent' };
  const responses = await Promise.all(
    Array.from({ length: 5 }, () => handler(postJson(URL_, cart, key))),
  );
  const ids = await Promise.all(
    responses.map(async (response) => {
      assert.equal(response.status, 200);
      return ((await response.json()) as { id: string }).id;
    }),
  );
  assert.equal(new Set(ids).size, 1);
  assert.equal(fake.orders.size, 1);
});

test('the same key with another body is refused with 422', async () => {
  const { handler, fake } = setup();
  const key = { 'idempotency-key': 'cart-reused' };
  await handler(postJson(URL_, cart, key));
  await expectProblem(
    await handler(postJson(URL_, { items: [{ sku: 'tee' }] }, key)),
    422,
    /different request body/,
  );

  // Which request claims the key first is up to Web Crypto's digest of
  // each body; Ecart Pay answers only once the loser has been refused.
  const creating = deferred();
  fake.gates.create = creating.promise;
  const key2 = { 'idempotency-key': 'cart-reused-concurrently' };
  const racing = [
    handler(postJson(URL_, cart, key2)),
    handler(postJson(URL_, { items: [{ sku: 'tee' }] }, key2)),
  ];
  const loser = await Promise.race(racing);
  assert.equal(loser.status, 422);
  creating.resolve();
  const statuses = (await Promise.all(racing)).map((r) => r.status);
  assert.deepEqual(statuses.sort(), [200, 422]);
  assert.equal(fake.orders.size, 2);
});

test('a failed attempt frees its key for a retry', async () => {
  const { handler, fake } = setup();
  fake.failures.create = [{ status: 500, body: 'oops' }];
  const key = { 'idempotency-key': 'cart-retry' };
  assert.equal((await handler(postJson(URL_, cart, key))).status, 502);
  assert.equal((await handler(postJson(URL_, cart, key))).status, 200);
  assert.equal(fake.orders.size, 1);
});

test('without a key every request creates an order', async () => {
  const { handler, fake } = setup();
  await handler(postJson(URL_, cart));
  await handler(postJson(URL_, cart));
  assert.equal(fake.orders.size, 2);
});

test('malformed Idempotency-Keys are refused', async () => {
  const { handler } = setup();
  for (const key of ['has space', 'x'.repeat(256), 'ñandú']) {
    await expectProblem(
      await handler(postJson(URL_, cart, { 'idempotency-key': key })),
      400,
      /Idempotency-Key/,
    );
  }
});

test('instances sharing a store never create an order twice', async () => {
  const { fake, client } = setupFake();
  const idempotencyStore = createMemoryIdempotencyStore();
  const make = () =>
    createOrderHandler({
      client,
      resolveOrder: resolveFromCatalogue,
      idempotencyStore,
    });
  const [first, second] = [make(), make()];
  const key = { 'idempotency-key': 'cart-two-instances' };
  // As above: either instance may claim the key first.
  const creating = deferred();
  fake.gates.create = creating.promise;

  const racing = [
    first(postJson(URL_, cart, key)),
    second(postJson(URL_, cart, key)),
  ];
  await expectProblem(await Promise.race(racing), 409, /still being created/);
  creating.resolve();
  const statuses = (await Promise.all(racing)).map((r) => r.status);
  assert.deepEqual(statuses.sort(), [200, 409]);

  const later = await second(postJson(URL_, cart, key));
  assert.equal(later.status, 200);
  assert.equal(fake.orders.size, 1);
});

test('a store failing after creation still answers the order', async () => {
  const broken: IdempotencyStore = {
    claim: () => undefined,
    complete: () => Promise.reject(new Error('redis gone')),
    release: () => {},
  };
  const { handler, errors } = setup({ idempotencyStore: broken });
  const key = { 'idempotency-key': 'cart-broken-store' };
  const response = await handler(postJson(URL_, cart, key));
  assert.equal(response.status, 200);
  assert.match(String(errors[0]!.error), /redis gone/);
});
