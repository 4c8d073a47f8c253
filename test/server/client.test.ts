import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

import {
  createEcartPayClient,
  EcartPayError,
  type EcartPayClient,
} from '../../src/server/index.ts';
import {
  BASE_URL,
  createFakeEcartPay,
  PRIVATE_KEY,
  PUBLIC_KEY,
  type FakeEcartPay,
} from './fake-ecartpay.ts';
import { setupFake } from './helpers.ts';

const cart = {
  currency: 'MXN',
  items: [{ name: 'Mug', quantity: 2, price: 150 }],
};

/** Everything an error or a client could leak through logs. */
function leaks(value: unknown, fake: FakeEcartPay): string[] {
  const shown = [
    inspect(value, { depth: 5, showHidden: true }),
    JSON.stringify(value),
    String(value),
  ].join(' ');
  const secrets = [
    PUBLIC_KEY,
    PRIVATE_KEY,
    btoa(`${PUBLIC_KEY}:${PRIVATE_KEY}`),
  ];
  for (const call of fake.calls) {
    if (call.authorization && !call.authorization.startsWith('Basic')) {
      secrets.push(call.authorization);
    }
  }
  return secrets.filter((secret) => shown.includes(secret));
}

test('authorizes with Basic keys, then sends the bare token', async () => {
  const { fake, client } = setupFake();
  const order = await client.createOrder(cart);

  assert.equal(order.status, 'created');
  assert.equal(fake.calls[0]!.route, 'token');
  assert.match(fake.calls[0]!.authorization!, /^Basic /);
  assert.equal(fake.calls[1]!.route, 'create');
  assert.match(fake.calls[1]!.authorization!, /^[\w-]+\.[\w-]+\.\w+$/);
});

test('reuses one token for many calls', async () => {
  const { fake, client } = setupFake();
  const order = await client.createOrder(cart);
  await client.getOrder(order.id);
  await client.getOrder(order.id);
  assert.equal(fake.tokenRequests, 1);
});

test('concurrent calls share a single token request', async () => {
  const { fake, client } = setupFake();
  let open!: () => void;
  fake.gates.token = new Promise((resolve) => (open = resolve));

  const calls = Array.from({ length: 5 }, () => client.createOrder(cart));
  await new Promise((resolve) => setImmediate(resolve));
  open();
  const orders = await Promise.all(calls);

  assert.equal(orders.length, 5);
  assert.equal(fake.tokenRequests, 1);
});

test('a failed token request fails its waiters; the next retries', async () => {
  const { fake, client } = setupFake();
  fake.failures.token = [{ status: 500, body: 'down' }];
  const results = await Promise.allSettled(
    Array.from({ length: 3 }, () => client.createOrder(cart)),
  );
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    const { reason } = result as PromiseRejectedResult;
    assert.equal(reason.operation, 'authorize');
  }
  assert.equal(fake.calls.filter((call) => call.route === 'token').length, 1);

  await client.createOrder(cart);
  assert.equal(fake.tokenRequests, 1);
});

test('asks for a new token once a token nears its expiry', async () => {
  const { fake, client } = setupFake();
  // A 30 s token is inside the refresh margin: it is never reused.
  fake.tokenLifetime = 30;
  const order = await client.createOrder(cart);
  await client.getOrder(order.id);
  assert.equal(fake.tokenRequests, 2);
});

test("reuses a token whatever Ecart Pay's clock says", async () => {
  const { fake, client } = setupFake();
  // Two hours behind: by our clock the token expired before it arrived.
  fake.clockSkew = -2 * 60 * 60;
  const order = await client.createOrder(cart);
  await client.getOrder(order.id);
  assert.equal(fake.tokenRequests, 1);
});

test('falls back to a one-hour lifetime without exp', async () => {
  const { fake, client } = setupFake();
  fake.tokenLifetime = null;
  const order = await client.createOrder(cart);
  await client.getOrder(order.id);
  assert.equal(fake.tokenRequests, 1);
});

test('on 401 refreshes the token once and retries the call', async () => {
  const { fake, client } = setupFake();
  const order = await client.createOrder(cart);
  fake.revokeTokens();

  const again = await client.getOrder(order.id);
  assert.equal(again.id, order.id);
  assert.equal(fake.tokenRequests, 2);
});

test('concurrent calls refused with 401 share one refresh', async () => {
  const { fake, client } = setupFake();
  const order = await client.createOrder(cart);
  fake.revokeTokens();

  const orders = await Promise.all(
    Array.from({ length: 5 }, () => client.getOrder(order.id)),
  );
  assert.equal(orders.length, 5);
  assert.equal(fake.tokenRequests, 2);
});

test('a second 401 is an EcartPayError, not a loop', async () => {
  const { fake, client } = setupFake();
  const refused = {
    status: 401,
    body: { message: 'Unauthorized', statusCode: 401 },
  };
  fake.failures.get = [refused, refused, refused];

  await assert.rejects(client.getOrder('abc'), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'http');
    return true;
  });
  assert.equal(fake.calls.filter((call) => call.route === 'get').length, 2);
});

test('wrong keys fail with 401 and the API message', async () => {
  const fake = createFakeEcartPay();
  const client = createEcartPayClient({
    publicKey: PUBLIC_KEY,
    privateKey: 'priv_wrong_0000',
    baseUrl: BASE_URL,
    fetch: fake.fetch,
  });
  await assert.rejects(client.getOrder('abc'), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.status, 401);
    assert.equal(error.apiMessage, 'Invalid keys');
    assert.equal(error.operation, 'authorize');
    assert.ok(!inspect(error).includes('priv_wrong_0000'));
    return true;
  });
});

test('carries the status and message of an API error', async () => {
  const { client } = setupFake();
  await assert.rejects(client.getOrder('nope'), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.status, 404);
    assert.equal(error.apiMessage, 'Order not found');
    assert.match(error.message, /getOrder.*404.*Order not found/);
    return true;
  });
});

test('a slow answer fails with code timeout', async () => {
  const { fake, client } = setupFake(50);
  fake.delays.create = 10_000;
  await assert.rejects(client.createOrder(cart), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.code, 'timeout');
    assert.equal(error.status, undefined);
    return true;
  });
});

test('an unreachable host fails with code network', async () => {
  const client = createEcartPayClient({
    publicKey: PUBLIC_KEY,
    privateKey: PRIVATE_KEY,
    baseUrl: 'http://127.0.0.1:1',
  });
  await assert.rejects(client.getOrder('abc'), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.code, 'network');
    return true;
  });
});

test("the caller's signal cancels a call with code aborted", async () => {
  const { fake, client } = setupFake();
  fake.delays.create = 10_000;
  const controller = new AbortController();
  const call = client.createOrder(cart, { signal: controller.signal });
  controller.abort();
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.code, 'aborted');
    return true;
  });
});

test('a 2xx answer that is not an order is invalid_response', async () => {
  const { fake, client } = setupFake();
  fake.failures.get = [{ status: 200, body: '<html>maintenance</html>' }];
  await assert.rejects(client.getOrder('abc'), { code: 'invalid_response' });

  fake.failures.get = [{ status: 200, body: { hello: 'world' } }];
  await assert.rejects(client.getOrder('abc'), { code: 'invalid_response' });
});

test('5xx answers are errors with their status', async () => {
  const { fake, client } = setupFake();
  fake.failures.create = [{ status: 503, body: 'Service Unavailable' }];
  await assert.rejects(client.createOrder(cart), {
    name: 'EcartPayError',
    status: 503,
    code: 'http',
  });
});

test('neither the client nor its errors show keys or tokens', async () => {
  const { fake, client } = setupFake(50);
  const order = await client.createOrder(cart);
  assert.deepEqual(leaks(client, fake), []);

  const errors: unknown[] = [];
  fake.failures.get = [
    {
      status: 400,
      body: {
        message: `bad token ${fake.calls[1]!.authorization} for ${PRIVATE_KEY}`,
        statusCode: 400,
      },
    },
  ];
  errors.push(await client.getOrder(order.id).catch((error) => error));
  fake.delays.get = 1000;
  errors.push(await client.getOrder(order.id).catch((error) => error));

  for (const error of errors) {
    assert.ok(error instanceof EcartPayError);
    assert.deepEqual(leaks(error, fake), []);
  }
  assert.match((errors[0] as Error).message, /\[redacted\]/);
});

test('refundOrder posts amount and reason', async () => {
  const { fake, client } = setupFake();
  const order = await client.createOrder(cart);
  const refund = await client.refundOrder(order.id, {
    amount: 300,
    reason: 'requested',
  });
  assert.equal((refund as { status: string }).status, 'refunded');
  assert.equal(fake.calls.at(-1)!.route, 'refund');
});

test('refundOrder refuses a bad amount or reason before calling', async () => {
  const { fake, client } = setupFake();
  await assert.rejects(
    client.refundOrder('abc', { amount: -5, reason: 'requested' }),
    /amount/,
  );
  await assert.rejects(
    client.refundOrder('abc', { amount: 5, reason: 'bored' as never }),
    /reason/,
  );
  await assert.rejects(client.getOrder(''), TypeError);
  assert.equal(fake.calls.length, 0);
});

test('refuses missing keys and bad options at creation', () => {
  assert.throws(
    () => createEcartPayClient({ publicKey: '', privateKey: 'x' }),
    /publicKey is required/,
  );
  assert.throws(
    () =>
      createEcartPayClient({
        publicKey: 'a',
        privateKey: 'b',
        environment: 'staging' as 'sandbox',
      }),
    /environment/,
  );
  assert.throws(
    () =>
      createEcartPayClient({ publicKey: 'a', privateKey: 'b', timeoutMs: 0 }),
    /timeoutMs/,
  );
});

test('defaults to the sandbox host, production on request', async () => {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    seen.push(new URL(String(input)).origin);
    return new Response('{}', { status: 500 });
  };
  const make = (environment?: 'production'): EcartPayClient =>
    createEcartPayClient({
      publicKey: 'a',
      privateKey: 'b',
      environment,
      fetch,
    });

  await make().getOrder('x').catch(() => {});
  await make('production').getOrder('x').catch(() => {});
  assert.deepEqual(seen, [
    'https://sandbox.ecartpay.com',
    'https://ecartpay.com',
  ]);
});
