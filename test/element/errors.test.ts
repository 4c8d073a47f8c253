import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import type { CheckoutErrorCode } from '../../src/element/events.ts';
import {
  checkoutFor,
  dialogOf,
  part,
  payPageFrames,
  reportOf,
  scenario,
  type Scenario,
  type ScenarioSpec,
} from './helpers.ts';

async function errorOf(el: EcartPayCheckout) {
  const failed = oneEvent(el, 'ecartpay-error');
  const outcome = el.open();
  const { detail } = await failed;
  expect(await outcome).to.deep.include({ type: 'error', code: detail.code });
  return detail;
}

async function errorFor(spec: ScenarioSpec, timeout?: number) {
  const scene = await scenario(spec);
  const el = await checkoutFor(scene, { timeout });
  return { scene, el, detail: await errorOf(el) };
}

describe('creating the order fails', () => {
  it('a 4xx is order-failed and never retried', async () => {
    const body = { message: 'items[0].price is required', statusCode: 400 };
    const { scene, el, detail } = await errorFor({
      create: [{ status: 400, body }],
    });

    expect(detail.code).to.equal('order-failed');
    expect(detail.order).to.equal(undefined);
    expect(detail.message).to.equal(
      'We could not create your order. Please try again.',
    );
    expect((await reportOf(scene)).requests).to.have.length(1);

    // The customer reads the same message in the window.
    expect(part(el, 'message').textContent!.trim()).to.equal(detail.message);
    expect(dialogOf(el).open).to.equal(true);
  });

  it('a 500 is order-failed and never retried', async () => {
    const { scene, detail } = await errorFor({
      create: [{ status: 500, body: { message: 'x', statusCode: 500 } }],
    });
    expect(detail.code).to.equal('order-failed');
    expect((await reportOf(scene)).requests).to.have.length(1);
  });

  it('502/503/504 are retried under the same Idempotency-Key', async () => {
    const down = (status: number) => ({ status, body: { statusCode: status } });
    const scene = await scenario({
      create: [down(502), down(503), 'order'],
    });
    const el = await checkoutFor(scene);
    const opened = oneEvent(el, 'ecartpay-open');
    el.open();
    await opened;

    const { requests } = await reportOf(scene);
    expect(requests).to.have.length(3);
    expect(new Set(requests.map((request) => request.key)).size).to.equal(1);
    el.close();
  });

  it('gateway errors on every try are order-failed', async () => {
    const { scene, detail } = await errorFor({
      create: [{ status: 504, body: {} }],
    });
    expect(detail.code).to.equal('order-failed');
    expect((await reportOf(scene)).requests).to.have.length(3);
  });

  it('a backend that never answers is order-timeout', async () => {
    const { scene, detail } = await errorFor({ create: ['hang'] }, 300);
    expect(detail.code).to.equal('order-timeout');
    const { requests } = await reportOf(scene);
    expect(requests).to.have.length(3);
    expect(new Set(requests.map((request) => request.key)).size).to.equal(1);
  });

  it('a dropped connection is network, after retries', async () => {
    const { scene, detail } = await errorFor({ create: ['drop'] });
    expect(detail.code).to.equal('network');

    // Chromium itself resends a request whose reused connection was
    // reset, so the endpoint may see more than the element's three.
    const { requests } = await reportOf(scene);
    expect(requests.length).to.be.at.least(3);
    expect(new Set(requests.map((request) => request.key)).size).to.equal(1);
  });

  it('a new checkout sends a new Idempotency-Key', async () => {
    const scene = await scenario({
      create: [{ status: 400, body: { message: 'no', statusCode: 400 } }],
    });
    const el = await checkoutFor(scene);
    await errorOf(el);
    await errorOf(el);

    const { requests } = await reportOf(scene);
    expect(requests).to.have.length(2);
    expect(requests[0].key).not.to.equal(requests[1].key);
  });
});

describe('an answer that is not a usable order', () => {
  const cases: [string, ScenarioSpec, CheckoutErrorCode][] = [
    ['not JSON', { create: [{ status: 200, body: 'oops' }] }, 'invalid-order'],
    [
      'no pay_link',
      { create: [{ status: 200, body: { id: 'o1' } }] },
      'invalid-order',
    ],
    [
      'a pay_link that is not a string',
      { create: [{ status: 200, body: { id: 'o1', pay_link: 42 } }] },
      'invalid-order',
    ],
    [
      'an order without an id, on a good pay_link',
      { create: [{ order: { id: '' } }] },
      'invalid-order',
    ],
    [
      'a pay_link on another origin',
      { create: [{ order: { pay_link: 'https://evil.example/pay/1' } }] },
      'forbidden-pay-link',
    ],
    [
      'a plain-http pay_link off loopback',
      { create: [{ order: { pay_link: 'http://ecartpay.com/pay/1' } }] },
      'forbidden-pay-link',
    ],
    [
      'a javascript: pay_link',
      { create: [{ order: { pay_link: 'javascript:alert(1)' } }] },
      'forbidden-pay-link',
    ],
  ];

  for (const [name, spec, code] of cases) {
    it(`${name}: ${code}, no frame`, async () => {
      const { el, detail } = await errorFor(spec);
      expect(detail.code).to.equal(code);
      expect(payPageFrames(el)).to.deep.equal([]);
    });
  }

  it('forbidden-pay-link carries the order', async () => {
    const { detail } = await errorFor({
      create: [{ order: { pay_link: 'https://evil.example/pay/1' } }],
    });
    expect(detail.order?.id).to.match(/^ord_/);
  });

  it('the default origins are Ecart Pay only', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    el.removeAttribute('pay-origins');
    expect((await errorOf(el)).code).to.equal('forbidden-pay-link');
  });
});

describe('invalid configuration', () => {
  let scene: Scenario;
  before(async () => {
    scene = await scenario();
  });

  async function configured(attributes: Record<string, string>) {
    const el = await checkoutFor(scene);
    for (const [name, value] of Object.entries(attributes)) {
      el.setAttribute(name, value);
    }
    return el;
  }

  const cases: [string, Record<string, string>, CheckoutErrorCode][] = [
    [
      'pay-origins off https',
      { 'pay-origins': 'http://evil.example' },
      'invalid-config',
    ],
    [
      'pay-origins with a path',
      { 'pay-origins': 'https://ecartpay.com/pay' },
      'invalid-config',
    ],
    ['an unknown mode', { mode: 'sideways' }, 'invalid-config'],
    ['a zero timeout', { timeout: '0' }, 'invalid-config'],
    [
      'an endpoint that is not http',
      { endpoint: 'ftp://shop/x' },
      'invalid-config',
    ],
    ['items that are not JSON', { items: '[{name:' }, 'invalid-items'],
    ['an empty cart', { items: '[]' }, 'invalid-items'],
    [
      'a quantity of zero',
      { items: '[{"name":"a","quantity":0,"price":1}]' },
      'invalid-items',
    ],
    [
      'a negative price',
      { items: '[{"name":"a","quantity":1,"price":-1}]' },
      'invalid-items',
    ],
    ['an unknown currency', { currency: 'XYZ' }, 'invalid-currency'],
  ];

  for (const [name, attributes, code] of cases) {
    it(`${name}: ${code}, no request`, async () => {
      const before = (await reportOf(scene)).requests.length;
      const el = await configured(attributes);

      expect((await errorOf(el)).code).to.equal(code);
      expect((await reportOf(scene)).requests).to.have.length(before);
    });
  }

  it('no endpoint and no createOrder: invalid-config', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout lang="en"></ecartpay-checkout>`,
    );
    const detail = await errorOf(el);
    expect(detail.code).to.equal('invalid-config');
    expect(detail.message).to.contain('not set up correctly');
  });

  it('createOrder without a way to confirm: invalid-config', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout></ecartpay-checkout>`,
    );
    let called = false;
    el.createOrder = () => {
      called = true;
      return {};
    };
    expect((await errorOf(el)).code).to.equal('invalid-config');
    expect(called).to.equal(false);
  });

  it('an order property that is not an object: invalid-config', async () => {
    const el = await checkoutFor(scene);
    el.order = ['nope'] as unknown as Record<string, unknown>;
    expect((await errorOf(el)).code).to.equal('invalid-config');
  });
});
