/**
 * The page loads the button only; the payment window's code follows on
 * idle, on the pointer's or focus's first visit, or on the click. These
 * tests run first in a fresh page, where a click may come before that
 * code: whichever arrives first, the customer sees the same checkout.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import {
  checkoutFor,
  dialogOf,
  part,
  reportOf,
  scenario,
} from './helpers.ts';

describe('a checkout started as soon as the button shows', () => {
  it('opens the window on the pay page with one order', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    const opened = oneEvent(el, 'ecartpay-open');
    const first = el.open();
    const second = el.open();
    part(el, 'button').click();

    expect(second).to.equal(first);
    await opened;
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(true);
    expect((await reportOf(scene)).requests).to.have.length(1);

    const cancelled = oneEvent(el, 'ecartpay-cancel');
    el.close();
    expect((await cancelled).detail.source).to.equal('method');
  });

  it('close() right after open() is a cancel without an order', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    const outcome = el.open();
    el.close();

    expect((await cancelled).detail).to.deep.equal({
      order: null,
      source: 'method',
    });
    expect(await outcome).to.deep.equal({
      type: 'cancel',
      order: null,
      source: 'method',
    });
  });

  it('removal right after open() is a cancel on the element', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    const outcome = el.open();
    el.remove();

    expect((await cancelled).detail.source).to.equal('disconnect');
    expect((await outcome).type).to.equal('cancel');
  });
});

describe('the window\'s code, once here', () => {
  it('preload() resolves; window and button are both styled', async () => {
    await EcartPayCheckout.preload();
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    const button = part(el, 'button');
    const accent = getComputedStyle(button).backgroundColor;
    button.click();
    await el.updateComplete;

    const dialog = dialogOf(el);
    expect(dialog.open).to.equal(true);
    expect(getComputedStyle(dialog).borderTopWidth).to.equal('0px');
    expect(getComputedStyle(part(el, 'panel')).display).to.equal('flex');
    expect(getComputedStyle(button).backgroundColor).to.equal(accent);
    expect(accent).to.equal('rgb(31, 79, 209)');
    await expect(el).to.be.accessible();
    el.close();
  });
});
