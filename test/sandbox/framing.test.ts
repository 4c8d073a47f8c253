import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import type { RunningSandbox } from '../../src/sandbox/index.ts';
import {
  APPROVED,
  CHALLENGE,
  cardFields,
  createOrder,
  postForm,
  useSandbox,
} from './helpers.ts';

/** Every kind of hosted-page answer: pages, posts, redirects. */
async function hostedAnswers(sandbox: RunningSandbox): Promise<Response[]> {
  const order = await createOrder(sandbox, {
    redirect_url: 'https://shop.example/thanks',
  });
  const challenged = await createOrder(sandbox);
  const challenge = await postForm(
    challenged.pay_link,
    cardFields(CHALLENGE),
  );

  return [
    await fetch(order.pay_link),
    await fetch(`${sandbox.url}/checkout?id=${order.id}`),
    await fetch(`${order.pay_link}?method=cash`),
    await fetch(`${sandbox.url}/pay/${'0'.repeat(24)}`),
    await postForm(order.pay_link, { method: 'card' }),
    challenge,
    await fetch(new URL(challenge.headers.get('location')!, sandbox.url)),
    await postForm(order.pay_link, cardFields(APPROVED)),
    await fetch(order.pay_link),
    await fetch(order.pay_link, { method: 'DELETE' }),
    await fetch(order.pay_link, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    }),
  ];
}

function framingHeaders(response: Response) {
  return {
    xFrameOptions: response.headers.get('x-frame-options'),
    policy: response.headers.get('content-security-policy') ?? '',
  };
}

describe('framing switch', async () => {
  test('by default the hosted page may be framed by anyone', async () => {
    const sandbox = await useSandbox();
    for (const response of await hostedAnswers(sandbox)) {
      const { xFrameOptions, policy } = framingHeaders(response);
      assert.equal(xFrameOptions, null, response.url);
      assert.doesNotMatch(policy, /frame-ancestors/, response.url);
    }
  });

  test('refuseFraming: every hosted answer refuses', async () => {
    const sandbox = await useSandbox({ refuseFraming: true });
    assert.equal(sandbox.refuseFraming, true);
    for (const response of await hostedAnswers(sandbox)) {
      const { xFrameOptions, policy } = framingHeaders(response);
      assert.equal(xFrameOptions, 'DENY', response.url);
      assert.match(policy, /frame-ancestors 'none'/, response.url);
    }
  });

  test('setRefuseFraming() switches it at run time', async () => {
    const sandbox = await useSandbox();
    const order = await createOrder(sandbox);

    sandbox.setRefuseFraming(true);
    const refused = framingHeaders(await fetch(order.pay_link));
    assert.equal(refused.xFrameOptions, 'DENY');

    sandbox.setRefuseFraming(false);
    const allowed = framingHeaders(await fetch(order.pay_link));
    assert.equal(allowed.xFrameOptions, null);
  });

  test('POST /_sandbox/framing switches it over HTTP', async () => {
    const sandbox = await useSandbox();
    const order = await createOrder(sandbox);
    const setFraming = (body: string) =>
      fetch(`${sandbox.url}/_sandbox/framing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

    const on = await setFraming('{"refuse": true}');
    assert.equal(on.status, 200);
    assert.deepEqual(await on.json(), { refuse: true });
    assert.equal(sandbox.refuseFraming, true);
    const refused = framingHeaders(await fetch(order.pay_link));
    assert.match(refused.policy, /frame-ancestors 'none'/);

    const state = await fetch(`${sandbox.url}/_sandbox/framing`);
    assert.deepEqual(await state.json(), { refuse: true });

    await setFraming('{"refuse": false}');
    const allowed = framingHeaders(await fetch(order.pay_link));
    assert.equal(allowed.xFrameOptions, null);

    const bad = await setFraming('{"refuse": "yes"}');
    assert.equal(bad.status, 400);
    assert.equal(sandbox.refuseFraming, false);
  });

  test('the API is not a hosted page: no framing headers', async () => {
    const sandbox = await useSandbox({ refuseFraming: true });
    const response = await fetch(`${sandbox.url}/_sandbox/health`);
    assert.equal(response.headers.get('x-frame-options'), null);
  });
});
