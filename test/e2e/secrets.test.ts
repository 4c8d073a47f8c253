/**
 * Keys, the webhook secret and Ecart Pay's tokens live on the merchant's
 * server. Over a whole checkout, paid in the frame, nothing the browser
 * receives (page, scripts, API answers, the pay page, the return page)
 * and nothing it sends holds one of them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'playwright-core';

import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
  SANDBOX_WEBHOOK_SECRET,
} from '../../src/sandbox/index.ts';
import {
  CARDS,
  Customer,
  TIMEOUT_MS,
  useStage,
} from './harness.ts';

const SECRETS = [
  SANDBOX_PUBLIC_KEY,
  SANDBOX_PRIVATE_KEY,
  SANDBOX_WEBHOOK_SECRET,
];

/** A JSON Web Token: three base64url parts, the first two JSON objects. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** Everything of one exchange the browser saw, as text. */
async function exchangeText(response: Response): Promise<string> {
  const request: Request = response.request();
  const parts = [
    response.url(),
    JSON.stringify(await request.allHeaders()),
    request.postData() ?? '',
    JSON.stringify(await response.allHeaders()),
  ];
  // Redirects and aborted frames have no body to read.
  const body = await response.text().catch(() => '');
  return [...parts, body].join('\n');
}

describe('secrets never reach the browser', { timeout: TIMEOUT_MS * 4 }, () => {
  const stage = useStage();

  it('holds none in what it receives or sends over a payment', async () => {
    const customer = await Customer.visit(stage());
    const seen: Promise<[string, string]>[] = [];
    customer.context.on('response', (response) => {
      seen.push(exchangeText(response).then((text) => [response.url(), text]));
    });

    try {
      await customer.page.reload();
      await customer.startCheckout('Chiapas coffee');
      await customer.payWithCard(CARDS.approved);
      await customer.loggedEvent('ecartpay-success');
    } finally {
      await customer.leave();
    }

    const exchanges = await Promise.all(seen);
    const urls = exchanges.map(([url]) => url);
    assert.ok(urls.some((url) => url.includes('/api/checkout')), 'backend');
    const payPages = exchanges.filter(([url]) => url.includes('/pay/'));
    assert.ok(
      payPages.some(([, text]) => text.includes('<form')),
      'the pay page was read, body included',
    );
    for (const [url, text] of exchanges) {
      for (const secret of SECRETS) {
        assert.ok(!text.includes(secret), `${url} carries ${secret}`);
      }
      assert.doesNotMatch(text, JWT, `${url} carries a token`);
    }
  });
});
