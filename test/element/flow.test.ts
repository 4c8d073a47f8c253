import { expect, oneEvent } from '@open-wc/testing';
import { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import {
  ITEMS,
  checkoutFor,
  dialogOf,
  frameLoad,
  part,
  reportOf,
  scenario,
} from './helpers.ts';

describe('a checkout through the endpoint', () => {
  it('creates the order, shows the pay page, confirms paid', async () => {
    const scene = await scenario({ pay: 'paid' });
    const el = await checkoutFor(scene);
    el.order = { cart_id: 'c-1', items: 'overridden' };

    const created = oneEvent(el, 'ecartpay-order-created');
    const opened = oneEvent(el, 'ecartpay-open');
    const closed = oneEvent(el, 'ecartpay-close');
    const succeeded = oneEvent(el, 'ecartpay-success');
    part(el, 'button').click();

    const { detail: createdDetail } = await created;
    expect(createdDetail.order.id).to.match(/^ord_/);
    const { detail: openDetail } = await opened;
    expect(openDetail).to.deep.equal({
      order: createdDetail.order,
      mode: 'modal',
    });
    const closeEvent = await closed;
    expect(closeEvent.detail).to.deep.equal({});
    expect(dialogOf(el).open).to.equal(false);

    const { detail } = await succeeded;
    expect(detail.order.id).to.equal(createdDetail.order.id);
    expect(detail.order.status).to.equal('paid');

    const report = await reportOf(scene);
    expect(report.requests).to.have.length(1);
    const [request] = report.requests;
    expect(request.key).to.match(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(request.body).to.deep.equal({
      cart_id: 'c-1',
      items: ITEMS,
      currency: 'MXN',
    });
    expect(report.statusRequests).to.deep.equal([createdDetail.order.id]);
  });

  it('connects to the pay origins while the order is created', async () => {
    await EcartPayCheckout.preload();
    const scene = await scenario({ create: ['hang', 'hang'] });
    const el = await checkoutFor(scene);
    const hint = `link[rel="preconnect"][href="${scene.payOrigin}"]`;

    el.open();
    expect(document.head.querySelectorAll(hint)).to.have.length(1);
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    el.close();
    await cancelled;

    el.open();
    expect(document.head.querySelectorAll(hint)).to.have.length(1);
    el.close();
  });

  it('events bubble out of the element and cross shadow roots', async () => {
    const scene = await scenario({ pay: 'paid' });
    const el = await checkoutFor(scene);
    const heard = oneEvent(document, 'ecartpay-success');
    const outcome = el.open();

    const event = await heard;
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(await outcome).to.deep.include({ type: 'success' });
  });

  it('open() resolves with the outcome', async () => {
    const scene = await scenario({ pay: 'paid' });
    const el = await checkoutFor(scene);

    const outcome = await el.open();
    expect(outcome.type).to.equal('success');
  });

  it('cash leaves the order created: pending, not success', async () => {
    const scene = await scenario({ pay: 'cash' });
    const el = await checkoutFor(scene);
    const pending = oneEvent(el, 'ecartpay-pending');
    el.open();

    const { detail } = await pending;
    expect(detail.order.status).to.equal('created');
    expect(detail.code).to.equal(undefined);
  });

  it('a return URL claiming paid is only a hint: pending', async () => {
    const scene = await scenario({ pay: 'lie' });
    const el = await checkoutFor(scene);
    const pending = oneEvent(el, 'ecartpay-pending');
    const outcome = el.open();

    const { detail } = await pending;
    expect(detail.order.status).to.equal('created');
    expect((await outcome).type).to.equal('pending');
    const report = await reportOf(scene);
    expect(report.statusRequests.length).to.be.greaterThan(1);
  });

  it('a status that cannot be confirmed is pending with a code', async () => {
    const scene = await scenario({
      pay: 'paid',
      status: [{ status: 503, body: { message: 'down', statusCode: 503 } }],
    });
    const el = await checkoutFor(scene);
    const pending = oneEvent(el, 'ecartpay-pending');
    el.open();

    const { detail } = await pending;
    expect(detail.code).to.equal('status-failed');
    expect(detail.order.id).to.match(/^ord_/);
  });

  it('a status that fails once and then answers paid is success', async () => {
    const scene = await scenario({ pay: 'paid', status: ['drop', 'stored'] });
    const el = await checkoutFor(scene);
    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();

    const { detail } = await succeeded;
    expect(detail.order.status).to.equal('paid');
  });

  it('a refunded order is an error, never success', async () => {
    const scene = await scenario({ pay: 'refund' });
    const el = await checkoutFor(scene);
    const failed = oneEvent(el, 'ecartpay-error');
    el.open();

    const { detail } = await failed;
    expect(detail.code).to.equal('order-refunded');
    expect(detail.order?.status).to.equal('refunded');
  });

  it('a status answer for another order is not trusted', async () => {
    const scene = await scenario({
      pay: 'paid',
      status: [{ order: { id: 'someone-else', status: 'paid' } }],
    });
    const el = await checkoutFor(scene);
    const pending = oneEvent(el, 'ecartpay-pending');
    el.open();

    expect((await pending).detail.code).to.equal('status-failed');
  });

  it('the pay page is framed from its own origin, sandboxed', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    const opened = oneEvent(el, 'ecartpay-open');
    el.open();
    await opened;
    await el.updateComplete;

    const frame = await frameLoad(el);
    expect(new URL(frame.src).origin).to.equal(scene.payOrigin);
    expect(scene.payOrigin).not.to.equal(location.origin);
    expect(frame.title).to.equal('Ecart Pay payment page');
    expect(frame.getAttribute('allow')).to.equal('payment');
    expect(frame.referrerPolicy).to.equal('no-referrer');
    expect([...frame.sandbox].sort()).to.deep.equal([
      'allow-forms',
      'allow-popups',
      'allow-same-origin',
      'allow-scripts',
      'allow-top-navigation-by-user-activation',
    ]);
    el.close();
  });
});
