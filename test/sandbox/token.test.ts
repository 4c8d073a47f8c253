import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
} from '../../src/sandbox/index.ts';
import { api, basicAuth, getToken, useSandbox } from './helpers.ts';

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

describe('POST /api/authorizations/token', async () => {
  let clock = Date.parse('2026-01-15T10:00:00Z');
  const sandbox = await useSandbox({ now: () => clock });

  const requestToken = (authorization?: string) =>
    fetch(`${sandbox.url}/api/authorizations/token`, {
      method: 'POST',
      headers: authorization ? { authorization } : {},
    });

  test('answers a JWT for the default test keys', async () => {
    const response = await requestToken(
      basicAuth(SANDBOX_PUBLIC_KEY, SANDBOX_PRIVATE_KEY),
    );
    assert.equal(response.status, 200);
    const { token } = (await response.json()) as { token: string };

    const [header, payload, signature] = token.split('.');
    assert.ok(signature && signature.length > 0);
    assert.deepEqual(decodePart(header!), { alg: 'HS512', typ: 'JWT' });
    const claims = decodePart(payload!);
    assert.match(String(claims.id), /^[0-9a-f]{24}$/);
    assert.equal(claims.iat, clock / 1000);
    assert.equal(claims.exp, clock / 1000 + 3600);
  });

  test('refuses wrong keys with 401 and the error shape', async () => {
    const response = await requestToken(
      basicAuth(SANDBOX_PUBLIC_KEY, 'not-the-private-key'),
    );
    assert.equal(response.status, 401);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.statusCode, 401);
    assert.equal(typeof body.message, 'string');
  });

  test('refuses a missing or non-Basic Authorization', async () => {
    assert.equal((await requestToken()).status, 401);
    assert.equal((await requestToken('Bearer abc')).status, 401);
    assert.equal((await requestToken('Basic !!!')).status, 401);
  });

  test('the token authorizes API calls sent bare', async () => {
    const token = await getToken(sandbox);
    const path = `/api/orders/${'a'.repeat(24)}`;
    const { status } = await api(sandbox, token, path);
    assert.equal(status, 404);
  });

  test('API calls without a token are 401', async () => {
    const response = await fetch(`${sandbox.url}/api/orders/${'a'.repeat(24)}`);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      message: 'Missing Authorization header',
      statusCode: 401,
    });
  });

  test('refuses "Bearer <token>": Ecart Pay wants the bare JWT', async () => {
    const token = await getToken(sandbox);
    const { status } = await api(sandbox, `Bearer ${token}`, '/api/orders', {});
    assert.equal(status, 401);
  });

  test('refuses a malformed token', async () => {
    for (const token of ['garbage', 'a.b', 'a.b.c.d', '..']) {
      const { status, body } = await api(sandbox, token, '/api/orders', {});
      assert.equal(status, 401, token);
      assert.equal(body.statusCode, 401);
    }
  });

  test('refuses a token whose payload was edited', async () => {
    const token = await getToken(sandbox);
    const [header, payload, signature] = token.split('.');
    const claims = decodePart(payload!);
    const longer = { ...claims, exp: Number(claims.exp) + 86_400 };
    const forged = [
      header,
      Buffer.from(JSON.stringify(longer)).toString('base64url'),
      signature,
    ].join('.');

    const { status } = await api(sandbox, forged, '/api/orders', {});
    assert.equal(status, 401);
  });

  test('refuses a token signed by another sandbox', async () => {
    const other = await useSandbox();
    const foreign = await getToken(other);
    const { status } = await api(sandbox, foreign, '/api/orders', {});
    assert.equal(status, 401);
  });

  test('a token expires after its lifetime', async () => {
    const token = await getToken(sandbox);
    const path = `/api/orders/${'b'.repeat(24)}`;

    clock += 3599_000;
    assert.equal((await api(sandbox, token, path)).status, 404);

    clock += 1_000;
    const expired = await api(sandbox, token, path);
    assert.equal(expired.status, 401);
    assert.match(expired.body.message, /expired/i);
  });

  test('tokenLifetimeSeconds shortens the lifetime', async () => {
    let now = 1_000_000_000_000;
    const short = await useSandbox({
      tokenLifetimeSeconds: 60,
      now: () => now,
    });
    const token = await getToken(short);
    const claims = decodePart(token.split('.')[1]!);
    assert.equal(Number(claims.exp) - Number(claims.iat), 60);

    now += 60_000;
    const path = `/api/orders/${'c'.repeat(24)}`;
    assert.equal((await api(short, token, path)).status, 401);
  });

  test('keys can be changed per sandbox', async () => {
    const custom = await useSandbox({
      publicKey: 'pub_custom',
      privateKey: 'priv_custom',
    });
    const wrong = await fetch(`${custom.url}/api/authorizations/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth(SANDBOX_PUBLIC_KEY, SANDBOX_PRIVATE_KEY),
      },
    });
    assert.equal(wrong.status, 401);
    assert.ok(await getToken(custom));
  });
});
