/**
 * The toolkit against the real sandbox emulator, end to end: the sandbox
 * notifies the handler over HTTP, signed, as Ecart Pay would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  createCheckoutHandler,
  createEcartPayClient,
  EcartPayError,
  toNodeListener,
} from '../../src/server/index.ts';
import { eventually, resolveFromCatalogue } from './helpers.ts';

const sandboxModule = await import('../../src/sandbox/index.ts').catch(
  () => undefined,
);
const skip = sandboxModule === undefined && 'src/sandbox is not there yet';

async function startShop(t: { after(fn: () => unknown): void }) {
  const { startSandbox, SANDBOX_WEBHOOK_SECRET } = sandboxModule!;
  const sandbox = await startSandbox({
    port: 0,
    notifyRetryDelaysMs: [20, 20],
  });
  t.after(() => sandbox.close());

  const client = createEcartPayClient({
    publicKey: sandbox.publicKey,
    privateKey: sandbox.privateKey,
    baseUrl: sandbox.url,
  });
  const changes: [string, string | undefined][] = [];
  const errors: unknown[] = [];
  const handler = createCheckoutHandler({
    client,
    resolveOrder: resolveFromCatalogue,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    redirectUrl: 'http://127.0.0.1/thanks',
    onStatusChange: (order, previous) => {
      changes.push([order.status, previous]);
    },
    onError: (error) => errors.push(error),
  });

  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}/api/checkout`;
  return { sandbox, client, endpoint, changes, errors };
}

test('payment and refund reach onStatusChange', { skip }, async (t) => {
  const { sandbox, client, endpoint, changes, errors } = await startShop(t);

  const created = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': 'sandbox-flow-1',
    },
    body: JSON.stringify({ items: [{ sku: 'tee', quantity: 2 }] }),
  });
  assert.equal(created.status, 200);
  const order = (await created.json()) as {
    id: string;
    pay_link: string;
    totals: { total: number };
  };
  assert.ok(order.pay_link.startsWith(sandbox.url));
  assert.equal(order.totals.total, 641);

  sandbox.markPaid(order.id);
  await sandbox.waitForDeliveries();
  await eventually(
    () => changes.some(([status]) => status === 'paid'),
    'the payment',
  );

  const status = await fetch(`${endpoint}/${order.id}`);
  assert.equal(((await status.json()) as { status: string }).status, 'paid');

  await client.refundOrder(order.id, { amount: 641, reason: 'requested' });
  await sandbox.waitForDeliveries();
  await eventually(
    () => changes.some(([status]) => status === 'refunded'),
    'the refund',
  );

  assert.deepEqual(changes, [
    ['created', undefined],
    ['paid', 'created'],
    ['refunded', 'paid'],
  ]);
  assert.deepEqual(errors, []);
});

test('an unsigned post to the notify route is refused', { skip }, async (t) => {
  const { endpoint } = await startShop(t);
  const response = await fetch(`${endpoint}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ event: 'orders.confirmation', data: { id: 'a' } }),
  });
  assert.equal(response.status, 401);
});

test('the client survives an expired token', { skip }, async (t) => {
  const { startSandbox } = sandboxModule!;
  let clock = Date.now();
  const sandbox = await startSandbox({ port: 0, now: () => clock });
  t.after(() => sandbox.close());
  const client = createEcartPayClient({
    publicKey: sandbox.publicKey,
    privateKey: sandbox.privateKey,
    baseUrl: sandbox.url,
  });

  const order = await client.createOrder({
    currency: 'MXN',
    items: [{ name: 'Mug', quantity: 1, price: 150 }],
  });
  clock += 2 * 60 * 60 * 1000;
  const again = await client.getOrder(order.id);
  assert.equal(again.id, order.id);
});

test('wrong keys are refused with a 401 EcartPayError', { skip }, async (t) => {
  const { startSandbox } = sandboxModule!;
  const sandbox = await startSandbox({ port: 0 });
  t.after(() => sandbox.close());
  const client = createEcartPayClient({
    publicKey: sandbox.publicKey,
    privateKey: 'priv_not_the_right_one',
    baseUrl: sandbox.url,
  });
  await assert.rejects(client.getOrder('abc'), (error: unknown) => {
    assert.ok(error instanceof EcartPayError);
    assert.equal(error.status, 401);
    assert.ok(!JSON.stringify(error).includes('priv_not_the_right_one'));
    assert.ok(!error.message.includes('priv_not_the_right_one'));
    return true;
  });
});
