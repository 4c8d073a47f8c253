import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  createMemoryIdempotencyStore,
  createMemoryStatusStore,
} from '../../src/server/index.ts';

const pending = (fingerprint: string) =>
  ({ state: 'pending', fingerprint }) as const;

test('the idempotency store claims a key once', async () => {
  const store = createMemoryIdempotencyStore();
  assert.equal(await store.claim('k', pending('a')), undefined);
  assert.deepEqual(await store.claim('k', pending('b')), pending('a'));
  await store.release('k');
  assert.equal(await store.claim('k', pending('b')), undefined);
});

test('the idempotency store forgets keys after their TTL', async () => {
  let clock = 1_000;
  const store = createMemoryIdempotencyStore({ ttlMs: 10, now: () => clock });
  await store.claim('k', pending('a'));

  clock += 9;
  assert.deepEqual(await store.claim('k', pending('b')), pending('a'));

  clock += 1;
  assert.equal(await store.claim('k', pending('b')), undefined);
});

test('the idempotency store keeps at most maxEntries keys', async () => {
  const store = createMemoryIdempotencyStore({ maxEntries: 2 });
  for (const key of ['a', 'b', 'c']) await store.claim(key, pending(key));
  assert.equal(await store.claim('a', pending('x')), undefined, 'a forgotten');
  assert.deepEqual(await store.claim('c', pending('x')), pending('c'));
});

test('the status store keeps the most recently changed orders', async () => {
  const store = createMemoryStatusStore({ maxEntries: 2 });
  const record = { status: 'paid', updatedAt: '2026-01-01T00:00:00Z' } as const;
  await store.set('a', record);
  await store.set('b', record);
  await store.set('a', record);
  await store.set('c', record);
  assert.deepEqual(await store.get('a'), record);
  assert.equal(await store.get('b'), undefined);
});
