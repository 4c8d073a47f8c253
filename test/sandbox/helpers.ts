import { after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '../../src/sandbox/index.ts';
import type { EcartPayOrder } from '../../src/shared/ecartpay.ts';

/** Starts a sandbox on a free port, closed after the test file. */
export async function useSandbox(
  options: SandboxOptions = {},
): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0, ...options });
  after(() => sandbox.close());
  return sandbox;
}

export function basicAuth(publicKey: string, privateKey: string): string {
  const pair = Buffer.from(`${publicKey}:${privateKey}`);
  return `Basic ${pair.toString('base64')}`;
}

export async function getToken(sandbox: RunningSandbox): Promise<string> {
  const response = await fetch(`${sandbox.url}/api/authorizations/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth(sandbox.publicKey, sandbox.privateKey),
    },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as { token: string };
  return body.token;
}

/** A valid order body; override any field. */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    currency: 'MXN',
    items: [{ name: 'Brazalete plateado BR3017', quantity: 1, price: 243.33 }],
    ...overrides,
  };
}

/** POSTs JSON to the API with a token; answers status and parsed body. */
export async function api(
  sandbox: RunningSandbox,
  token: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: token,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: await response.json(),
    headers: response.headers,
  };
}

export async function createOrder(
  sandbox: RunningSandbox,
  overrides: Record<string, unknown> = {},
): Promise<EcartPayOrder> {
  const token = await getToken(sandbox);
  const { status, body } = await api(
    sandbox,
    token,
    '/api/orders',
    orderBody(overrides),
  );
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

/** Submits a hosted-page form like a browser, without following. */
export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields),
  });
}

/** Card fields that pass validation; override the number or any other. */
export function cardFields(
  number: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    method: 'card',
    name: 'Ada Lovelace',
    number,
    expiry: '12/39',
    cvc: '123',
    ...overrides,
  };
}

export const APPROVED = '4242 4242 4242 4242';
export const DECLINED = '4000 0000 0000 0002';
export const CHALLENGE = '4000 0000 0000 3220';
