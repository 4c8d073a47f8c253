import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import { ITEMS, frameLoad, openOnPayPage } from './helpers.ts';

interface SandboxInfo {
  url: string;
  endpoint: string;
}

async function sandboxCheckout(lang = 'en') {
  const info = await executeServerCommand<SandboxInfo, void>('sandbox-info');
  const el = await fixture<EcartPayCheckout>(html`
    <ecartpay-checkout
      endpoint=${info.endpoint}
      pay-origins=${info.url}
      items=${JSON.stringify(ITEMS)}
      currency="MXN"
      lang=${lang}
    ></ecartpay-checkout>
  `);
  return { el, info };
}

describe('against the sandbox and the server toolkit', () => {
  it('a card paid in the frame ends in a confirmed success', async () => {
    const { el, info } = await sandboxCheckout();
    const created = oneEvent(el, 'ecartpay-order-created');
    await openOnPayPage(el);
    const { order } = (await created).detail;
    expect(order.pay_link).to.equal(`${info.url}/pay/${order.id}`);
    expect(order.status).to.equal('created');

    const closed = oneEvent(el, 'ecartpay-close');
    const succeeded = oneEvent(el, 'ecartpay-success');
    await executeServerCommand('sandbox-pay-by-card', {
      id: order.id,
      number: '4242 4242 4242 4242',
    });
    await closed;
    const { detail } = await succeeded;
    expect(detail.order.id).to.equal(order.id);
    expect(detail.order.status).to.equal('paid');
  });

  it('a 3-D Secure challenge passed in the frame is a success', async () => {
    const { el } = await sandboxCheckout('es');
    const created = oneEvent(el, 'ecartpay-order-created');
    await openOnPayPage(el);
    const { order } = (await created).detail;

    const succeeded = oneEvent(el, 'ecartpay-success');
    await executeServerCommand('sandbox-pay-by-card', {
      id: order.id,
      number: '4000 0000 0000 3220',
    });
    await executeServerCommand('sandbox-answer-challenge', {
      id: order.id,
      outcome: 'approve',
    });
    expect((await succeeded).detail.order.status).to.equal('paid');
  });

  it('a declined card keeps the customer on the pay page', async () => {
    const { el } = await sandboxCheckout();
    const created = oneEvent(el, 'ecartpay-order-created');
    const { outcome } = await openOnPayPage(el);
    const { order } = (await created).detail;

    let closes = 0;
    el.addEventListener('ecartpay-close', () => closes++);
    const declinedPage = frameLoad(el);
    await executeServerCommand('sandbox-pay-by-card', {
      id: order.id,
      number: '4000 0000 0000 0002',
    });
    await declinedPage;
    expect(closes).to.equal(0);

    el.close();
    expect(await outcome).to.deep.include({ type: 'cancel' });
  });

  it('cash at OXXO ends pending, the order still created', async () => {
    const { el } = await sandboxCheckout();
    const created = oneEvent(el, 'ecartpay-order-created');
    await openOnPayPage(el);
    const { order } = (await created).detail;

    const pending = oneEvent(el, 'ecartpay-pending');
    await executeServerCommand('sandbox-pay-in-cash', { id: order.id });
    const { detail } = await pending;
    expect(detail.order.status).to.equal('created');
    expect(detail.code).to.equal(undefined);
  });

  it('a customer who paid and closed the window gets success', async () => {
    const { el } = await sandboxCheckout();
    const created = oneEvent(el, 'ecartpay-order-created');
    await openOnPayPage(el);
    const { order } = (await created).detail;

    await executeServerCommand('sandbox-mark-paid', { id: order.id });
    const succeeded = oneEvent(el, 'ecartpay-success');
    el.shadowRoot!.querySelector<HTMLElement>('[part="close-button"]')!.click();
    expect((await succeeded).detail.order.status).to.equal('paid');
  });
});
