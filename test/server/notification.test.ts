import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  createMemoryStatusStore,
  createNotificationHandler,
  type EcartPayOrder,
  type NotificationHandlerOptions,
  type OrderStatus,
} from '../../src/server/index.ts';
import { signWebhook } from '../../src/shared/webhook-signature.ts';
import type { FakeEcartPay } from './fake-ecartpay.ts';
import {
  backgroundWork,
  deferred,
  errorLog,
  eventually,
  postJson,
  setupFake,
  SHOP,
} from './helpers.ts';

const NOTIFY = `${SHOP}/api/checkout/notify`;
const SECRET = 'whsec_test_91d2c0';

type Change = [status: string, previous: string | undefined];

async function setup(extra: Partial<NotificationHandlerOptions> = {}) {
  const { fake, client } = setupFake();
  const log = errorLog();
  const work = backgroundWork();
  const changes: Change[] = [];
  const handler = createNotificationHandler({
    client,
    onError: log.onError,
    onStatusChange: (order, previous) => {
      changes.push([order.status, previous]);
    },
    waitUntil: work.waitUntil,
    ...extra,
  });
  const order = await client.createOrder({
    currency: 'MXN',
    items: [{ name: 'Mug', quantity: 1, price: 150 }],
  });
  return {
    fake,
    client,
    handler,
    changes,
    order,
    settled: work.settled,
    ...log,
  };
}

function envelope(id: string, status: OrderStatus = 'paid') {
  return { event: 'orders.update', data: { id, status } };
}

async function signed(
  body: { data: { id: string; status: OrderStatus } },
  options: { secret?: string; timestamp?: number; webhookId?: string } = {},
) {
  const timestamp = String(options.timestamp ?? Date.now());
  const webhookId =
    options.webhookId ?? `wh_${Math.random().toString(36).slice(2)}`;
  const signature = await signWebhook(
    options.secret ?? SECRET,
    timestamp,
    webhookId,
    body.data,
  );
  return postJson(NOTIFY, body, {
    'x-pay-timestamp': timestamp,
    'x-pay-webhook-id': webhookId,
    'x-pay-signature': signature,
  });
}

function getCalls(fake: FakeEcartPay): number {
  return fake.calls.filter((call) => call.route === 'get').length;
}

async function expectProblem(response: Response, status: number, text: RegExp) {
  assert.equal(response.status, status);
  const body = (await response.json()) as { message: string };
  assert.match(body.message, text);
}

test('acts on the order Ecart Pay answers, not on the body', async () => {
  const { handler, changes, order } = await setup();
  const response = await handler(postJson(NOTIFY, envelope(order.id, 'paid')));

  assert.equal(response.status, 200);
  await eventually(() => changes.length === 1, 'the listener');
  assert.deepEqual(changes, [['created', undefined]]);
});

test('accepts a plain {id} body', async () => {
  const { handler, changes, order, fake } = await setup();
  fake.setStatus(order.id, 'paid');
  const response = await handler(postJson(NOTIFY, { id: order.id }));
  assert.equal(response.status, 200);
  await eventually(() => changes.length === 1, 'the listener');
  assert.deepEqual(changes, [['paid', undefined]]);
});

test('accepts the order id as a form field', async () => {
  const { handler, changes, order } = await setup();
  const response = await handler(
    new Request(NOTIFY, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `id=${order.id}`,
    }),
  );
  assert.equal(response.status, 200);
  await eventually(() => changes.length === 1, 'the listener');
});

test('calls onStatusChange once per change, however often told', async () => {
  const { handler, changes, order, fake, settled } = await setup();
  const notify = () => handler(postJson(NOTIFY, envelope(order.id)));

  await notify();
  await notify();
  fake.setStatus(order.id, 'paid');
  await Promise.all([notify(), notify(), notify()]);
  fake.setStatus(order.id, 'refunded');
  await notify();
  await notify();

  await settled();
  assert.deepEqual(changes, [
    ['created', undefined],
    ['paid', 'created'],
    ['refunded', 'paid'],
  ]);
});

test('ignores an observation older than the one already reported', async () => {
  const statusStore = createMemoryStatusStore();
  const { handler, changes, order, settled } = await setup({ statusStore });
  const later = new Date(Date.parse(order.updated_at) + 60_000).toISOString();
  await statusStore.set(order.id, { status: 'paid', updatedAt: later });

  const response = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(response.status, 200);
  await settled();
  assert.deepEqual(changes, []);
});

test('answers before a slow listener finishes', async () => {
  const listenerDone = deferred();
  let started = false;
  let finished = false;
  const { handler, order } = await setup({
    onStatusChange: async () => {
      started = true;
      await listenerDone.promise;
      finished = true;
    },
  });

  const response = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(response.status, 200);
  await eventually(() => started, 'the listener to start');
  assert.equal(finished, false, 'the response did not wait for the listener');
  listenerDone.resolve();
  await eventually(() => finished, 'the listener to finish');
});

test('hands background work to waitUntil', async () => {
  const kept: Promise<unknown>[] = [];
  const { handler, order, changes } = await setup({
    waitUntil: (promise) => kept.push(promise),
  });
  await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(kept.length, 1);
  await Promise.all(kept);
  assert.equal(changes.length, 1);
});

test("prefers the request context's waitUntil", async () => {
  const fromOptions: unknown[] = [];
  const fromContext: unknown[] = [];
  const { handler, order } = await setup({
    waitUntil: (promise) => fromOptions.push(promise),
  });
  await handler(postJson(NOTIFY, envelope(order.id)), {
    waitUntil: (promise) => fromContext.push(promise),
  });
  assert.equal(fromOptions.length, 0);
  assert.equal(fromContext.length, 1);
});

test('a throwing listener is reported and called again next time', async () => {
  let calls = 0;
  const { handler, order, errors, settled } = await setup({
    onStatusChange: () => {
      calls += 1;
      if (calls === 1) throw new Error('warehouse API down');
    },
  });

  const first = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(first.status, 200);
  await settled();
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]!.error), /warehouse API down/);

  await handler(postJson(NOTIFY, envelope(order.id)));
  await settled();
  assert.equal(calls, 2);
  await handler(postJson(NOTIFY, envelope(order.id)));
  await settled();
  assert.equal(calls, 2);
});

test('a failed re-fetch answers 5xx so that Ecart Pay retries', async () => {
  const { handler, order, fake, errors, changes } = await setup();
  fake.failures.get = [{ status: 503, body: 'down' }];
  await expectProblem(
    await handler(postJson(NOTIFY, envelope(order.id))),
    502,
    /retry later/,
  );
  assert.equal(errors.length, 1);

  const retried = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(retried.status, 200);
  await eventually(() => changes.length === 1, 'the listener');
});

test('a slow re-fetch is answered 202, finished in background', async () => {
  const { handler, order, fake, changes, settled } = await setup({
    confirmTimeoutMs: 20,
  });
  const ecartPayAnswers = deferred();
  fake.gates.get = ecartPayAnswers.promise;
  fake.setStatus(order.id, 'paid');

  const response = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(response.status, 202);
  assert.equal(changes.length, 0);
  ecartPayAnswers.resolve();
  await settled();
  assert.deepEqual(changes, [['paid', undefined]]);
});

test('a slow re-fetch that then fails is retried in background', async () => {
  const { handler, order, fake, changes, settled } = await setup({
    confirmTimeoutMs: 10,
    retryDelaysMs: [5, 5],
  });
  const ecartPayAnswers = deferred();
  fake.gates.get = ecartPayAnswers.promise;
  fake.failures.get = [{ status: 500, body: 'oops' }];

  const response = await handler(postJson(NOTIFY, envelope(order.id)));
  assert.equal(response.status, 202);
  ecartPayAnswers.resolve();
  await settled();
  assert.equal(changes.length, 1, 'the retried confirmation');
});

test('refuses bad notifications precisely', async (t) => {
  const { handler } = await setup();
  const cases: [string, Request, number, RegExp][] = [
    ['GET', new Request(NOTIFY), 405, /POST/],
    ['bad JSON', postJson(NOTIFY, '{"data":'), 400, /not valid JSON/],
    [
      'no id',
      postJson(NOTIFY, { event: 'orders.update', data: {} }),
      400,
      /"data.id" or "id"/,
    ],
    ['array', postJson(NOTIFY, [{ id: 'a' }]), 400, /JSON object/],
    ['id not a string', postJson(NOTIFY, { id: 42 }), 400, /Order id/],
    ['id climbing', postJson(NOTIFY, { id: '../../admin' }), 400, /Order id/],
    [
      'huge',
      postJson(NOTIFY, { id: 'a', pad: 'x'.repeat(70_000) }),
      413,
      /exceeds/,
    ],
  ];
  for (const [name, request, status, text] of cases) {
    await t.test(name, async () => {
      await expectProblem(await handler(request), status, text);
    });
  }
});

test('an unknown order answers 404', async () => {
  const { handler, changes } = await setup();
  await expectProblem(
    await handler(postJson(NOTIFY, { id: 'ffffffffffffffffffffffff' })),
    404,
    /not found/,
  );
  assert.equal(changes.length, 0);
});

test('with a secret, a correctly signed delivery is accepted', async () => {
  const { handler, order, changes } = await setup({ webhookSecret: SECRET });
  const response = await handler(await signed(envelope(order.id)));
  assert.equal(response.status, 200);
  await eventually(() => changes.length === 1, 'the listener');
});

test('with a secret, unsigned or badly signed posts get 401', async (t) => {
  const { handler, order, fake, changes } = await setup({
    webhookSecret: SECRET,
  });
  const body = envelope(order.id);
  const without = async (header: string) => {
    const request = await signed(body);
    const headers = new Headers(request.headers);
    headers.delete(header);
    return postJson(NOTIFY, body, Object.fromEntries(headers));
  };
  const withHeader = async (header: string, value: string) => {
    const request = await signed(body);
    const headers = new Headers(request.headers);
    headers.set(header, value);
    return postJson(NOTIFY, body, Object.fromEntries(headers));
  };
  const tampered = async () => {
    const request = await signed(body);
    return postJson(
      NOTIFY,
      { ...body, data: { ...body.data, status: 'refunded' } },
      Object.fromEntries(request.headers),
    );
  };

  const cases: [string, () => Promise<Request>, RegExp][] = [
    ['no signature', () => without('x-pay-signature'), /x-pay-signature/],
    ['no timestamp', () => without('x-pay-timestamp'), /x-pay-timestamp/],
    ['no webhook id', () => without('x-pay-webhook-id'), /x-pay-webhook-id/],
    [
      'wrong secret',
      () => signed(body, { secret: 'whsec_other' }),
      /does not match/,
    ],
    ['tampered data', tampered, /does not match/],
    ['malformed', () => withHeader('x-pay-signature', 'md5=abc'), /SHA256=/],
    [
      'stale',
      () => signed(body, { timestamp: Date.now() - 6 * 60 * 1000 }),
      /tolerance/,
    ],
    [
      'from the future',
      () => signed(body, { timestamp: Date.now() + 6 * 60 * 1000 }),
      /tolerance/,
    ],
    [
      'timestamp not a number',
      () => withHeader('x-pay-timestamp', 'soon'),
      /milliseconds/,
    ],
  ];
  for (const [name, make, text] of cases) {
    await t.test(name, async () => {
      await expectProblem(await handler(await make()), 401, text);
    });
  }
  assert.equal(getCalls(fake), 0, 'nothing unsigned reached Ecart Pay');
  assert.equal(changes.length, 0);
});

test('a replayed delivery id is acknowledged and ignored', async () => {
  const { handler, order, fake } = await setup({ webhookSecret: SECRET });
  const request = await signed(envelope(order.id), {
    webhookId: 'wh_replay_1',
  });
  const replay = request.clone();
  const before = getCalls(fake);

  assert.equal((await handler(request)).status, 200);
  const again = await handler(replay);
  assert.equal(again.status, 200);
  assert.deepEqual(await again.json(), { received: true, duplicate: true });
  assert.equal(getCalls(fake) - before, 1);
});

test('a delivery that failed is handled again when redelivered', async () => {
  const { handler, order, fake, changes } = await setup({
    webhookSecret: SECRET,
  });
  fake.failures.get = [{ status: 500, body: 'oops' }];
  const request = await signed(envelope(order.id), { webhookId: 'wh_retry_1' });
  const retry = request.clone();

  assert.equal((await handler(request)).status, 502);
  assert.equal((await handler(retry)).status, 200);
  await eventually(() => changes.length === 1, 'the listener');
});

test('the listener receives the full order from Ecart Pay', async () => {
  let seen: EcartPayOrder | undefined;
  const { handler, order } = await setup({
    onStatusChange: (fresh) => {
      seen = fresh;
    },
  });
  await handler(postJson(NOTIFY, envelope(order.id)));
  await eventually(() => seen !== undefined, 'the listener');
  assert.equal(seen!.account_id, order.account_id);
});

test('an empty webhookSecret is a configuration error', () => {
  const { client } = setupFake();
  assert.throws(
    () => createNotificationHandler({ client, webhookSecret: '' }),
    /webhookSecret must be a non-empty string/,
  );
});

test("calls a Worker-style ctx.waitUntil as a method", async () => {
  class ExecutionContext {
    readonly #kept: Promise<unknown>[] = [];
    waitUntil(promise: Promise<unknown>) {
      this.#kept.push(promise);
    }
    get kept() {
      return this.#kept;
    }
  }
  const ctx = new ExecutionContext();
  const { handler, order, changes } = await setup();
  const response = await handler(postJson(NOTIFY, envelope(order.id)), ctx);
  assert.equal(response.status, 200);
  assert.equal(ctx.kept.length, 1);
  await Promise.all(ctx.kept);
  assert.equal(changes.length, 1);
});
