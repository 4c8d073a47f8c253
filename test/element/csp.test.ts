import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import type { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import { ITEMS, scenario } from './helpers.ts';

/** Loads the strict-CSP shop page in a frame, element defined. */
async function strictShop() {
  const frame = await fixture<HTMLIFrameElement>(
    html`<iframe title="shop" src="/__fixture/csp-page"></iframe>`,
  );
  if (frame.contentDocument?.readyState !== 'complete') {
    await oneEvent(frame, 'load');
  }
  const shop = frame.contentWindow!;
  await shop.customElements.whenDefined('ecartpay-checkout');

  const violations: string[] = [];
  shop.document.addEventListener('securitypolicyviolation', (event) =>
    violations.push(`${event.violatedDirective} ${event.blockedURI}`),
  );
  return { shop, violations };
}

describe('under a strict Content-Security-Policy', () => {
  it('checks out with no violation and no inline style', async () => {
    const scene = await scenario({ pay: 'paid' });
    const { shop, violations } = await strictShop();

    const el = shop.document.createElement(
      'ecartpay-checkout',
    ) as EcartPayCheckout;
    el.setAttribute('endpoint', scene.endpoint);
    el.setAttribute('pay-origins', scene.payOrigin);
    el.setAttribute('items', JSON.stringify(ITEMS));
    shop.document.body.append(el);

    const opened = oneEvent(el, 'ecartpay-open');
    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();
    await opened;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('[style]')).to.have.length(0);
    // The element's styles apply: Lit adopts them as constructed sheets.
    const button = el.shadowRoot!.querySelector('[part="button"]')!;
    expect(shop.getComputedStyle(button).borderRadius).to.equal('8px');
    expect((await succeeded).detail.order.status).to.equal('paid');

    // A violation of our own making proves the listener hears them.
    const sentinel = oneEvent(shop.document, 'securitypolicyviolation');
    const inline = shop.document.createElement('style');
    inline.textContent = 'body { color: red }';
    shop.document.head.append(inline);
    await sentinel;
    expect(violations).to.have.length(1);
    expect(violations[0]).to.match(/^style-src/);
  });
});
