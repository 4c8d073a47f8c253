import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import {
  checkoutFor,
  frameLoad,
  maybePart,
  openOnPayPage,
  part,
  payPageFrames,
  reportOf,
  scenario,
} from './helpers.ts';

function framesOf(el: EcartPayCheckout): HTMLIFrameElement[] {
  return [...el.shadowRoot!.querySelectorAll('iframe')];
}

/** The flow's code is here and the element has taken it up. */
async function prepared(el: EcartPayCheckout): Promise<void> {
  await EcartPayCheckout.preload();
  part(el, 'button').dispatchEvent(new Event('pointerenter'));
  await waitUntil(
    () => framesOf(el).length === 1,
    'no spare frame in the closed window',
  );
  await el.updateComplete;
}

describe('the pay page\'s frame', () => {
  it('waits blank and hidden in the closed window', async () => {
    const el = await checkoutFor(await scenario());
    await prepared(el);

    const [spare] = framesOf(el);
    expect(spare!.hasAttribute('src')).to.equal(false);
    expect(spare!.hidden).to.equal(true);
    expect(spare!.getAttribute('part')).to.equal(null);
    // No rights until it is given the pay link.
    expect(spare!.getAttribute('sandbox')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('is the frame the pay link goes to, loaded once', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    await prepared(el);
    const [spare] = framesOf(el);

    const opened = oneEvent(el, 'ecartpay-open');
    const outcome = el.open();
    await opened;
    await el.updateComplete;
    await frameLoad(el);

    expect(framesOf(el)).to.have.length(1);
    expect(framesOf(el)[0] === spare).to.equal(true);
    expect(part(el, 'frame') === spare).to.equal(true);
    expect(spare!.hidden).to.equal(false);
    expect(spare!.sandbox.contains('allow-scripts')).to.equal(true);
    expect(payPageFrames(el)).to.have.length(1);
    await expect(el).to.be.accessible();

    const cancelled = oneEvent(el, 'ecartpay-cancel');
    el.close();
    await cancelled;
    await outcome;
    expect((await reportOf(scene)).payPageLoads).to.equal(1);
  });

  it('is on its way before the order-created listeners run', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    await prepared(el);

    let framesAtCreated: string[] = [];
    el.addEventListener(
      'ecartpay-order-created',
      () => (framesAtCreated = payPageFrames(el)),
      { once: true },
    );
    const created = oneEvent(el, 'ecartpay-order-created');
    el.open();
    const { order } = (await created).detail;
    expect(framesAtCreated).to.deep.equal([order.pay_link]);
    el.close();
  });

  it('is dropped by a close() from an order-created listener', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    await prepared(el);

    el.addEventListener('ecartpay-order-created', () => el.close(), {
      once: true,
    });
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    const outcome = el.open();
    expect((await cancelled).detail.source).to.equal('method');
    expect((await outcome).type).to.equal('cancel');
    await el.updateComplete;
    expect(payPageFrames(el)).to.deep.equal([]);
    expect(part(el, 'dialog').hasAttribute('open')).to.equal(false);
  });

  it('is not reused: the next checkout gets a new blank one', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    await prepared(el);
    const [first] = framesOf(el);

    await openOnPayPage(el);
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    part(el, 'close-button').click();
    await cancelled;
    await el.updateComplete;
    expect(payPageFrames(el)).to.deep.equal([]);

    await waitUntil(
      () => framesOf(el).length === 1,
      'no new spare frame after the window closed',
    );
    const [next] = framesOf(el);
    expect(next === first).to.equal(false);
    expect(next!.hasAttribute('src')).to.equal(false);

    // The second checkout pays through the new frame.
    await openOnPayPage(el);
    expect(part(el, 'frame') === next).to.equal(true);
    expect((await reportOf(scene)).payPageLoads).to.equal(2);
    el.close();
  });

  it('opens without a spare: the frame is made for the pay link', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    await prepared(el);

    // A page that is never idle: the used frame gets no successor.
    const idle = window.requestIdleCallback;
    window.requestIdleCallback = () => 0;
    try {
      await openOnPayPage(el);
      const cancelled = oneEvent(el, 'ecartpay-cancel');
      part(el, 'close-button').click();
      await cancelled;
      await el.updateComplete;
      expect(framesOf(el)).to.have.length(0);

      let framesAtOpen = -1;
      el.addEventListener(
        'ecartpay-open',
        () => (framesAtOpen = framesOf(el).length),
        { once: true },
      );
      const { outcome } = await openOnPayPage(el);
      expect(framesAtOpen).to.equal(0);
      expect(payPageFrames(el)).to.have.length(1);
      expect((await reportOf(scene)).payPageLoads).to.equal(2);
      el.close();
      await outcome;
    } finally {
      window.requestIdleCallback = idle;
    }
  });

  for (const mode of ['popup', 'redirect']) {
    it(`is not kept with mode="${mode}"`, async () => {
      const scene = await scenario();
      const el = await fixture<EcartPayCheckout>(html`
        <ecartpay-checkout
          endpoint=${scene.endpoint}
          pay-origins=${scene.payOrigin}
          mode=${mode}
        ></ecartpay-checkout>
      `);
      await EcartPayCheckout.preload();
      part(el, 'button').dispatchEvent(new Event('pointerenter'));
      await waitUntil(
        () => maybePart(el, 'dialog'),
        'the window was not made',
      );
      await el.updateComplete;
      expect(framesOf(el)).to.have.length(0);
    });
  }
});
