import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import {
  a11ySnapshot,
  emulateMedia,
  findAccessibilityNode,
  sendKeys,
  sendMouse,
  setViewport,
} from '@web/test-runner-commands';
import { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import {
  checkoutFor,
  deepActiveElement,
  dialogOf,
  maybePart,
  openOnPayPage,
  part,
  scenario,
} from './helpers.ts';

/** Whether `node` is the window itself or inside it (frame included). */
function insideWindow(el: EcartPayCheckout, node: Element | null) {
  return node !== null && dialogOf(el).contains(node);
}

describe('the payment window', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('opens at once in a loading state, announced as busy', async () => {
    // At once once the window's code is here, as it is after the page's
    // idle time or the pointer's first pass over the button.
    await EcartPayCheckout.preload();
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    part(el, 'button').click();
    await el.updateComplete;

    const dialog = dialogOf(el);
    expect(dialog.open).to.equal(true);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(part(el, 'body').getAttribute('aria-busy')).to.equal('true');
    const status = part(el, 'status');
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.textContent!.trim()).to.equal('Creating your order…');
    await expect(el).to.be.accessible();
    el.close();
  });

  it('is labelled, accessible, not busy on the pay page', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await expect(el).to.be.accessible();
    await openOnPayPage(el);

    const dialog = dialogOf(el);
    const title = el.shadowRoot!.getElementById(
      dialog.getAttribute('aria-labelledby')!,
    );
    expect(title!.textContent).to.equal('Ecart Pay payment');
    expect(part(el, 'close-button').getAttribute('aria-label')).to.equal(
      'Close the payment window',
    );
    await el.updateComplete;
    expect(part(el, 'body').getAttribute('aria-busy')).to.equal('false');
    await expect(el).to.be.accessible();
    el.close();
    await expect(el).to.be.accessible();
  });

  it('puts the pay page right below the title bar', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);
    await el.updateComplete;

    // The idle status line stays in the tree, as a live region must, but
    // takes no room above the frame.
    const header = part(el, 'header').getBoundingClientRect();
    const frame = part(el, 'frame').getBoundingClientRect();
    expect(part(el, 'status').getBoundingClientRect().height).to.equal(0);
    expect(frame.top - header.bottom).to.be.below(1);
    el.close();
  });

  it('moves focus into the window and back to the button after', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    part(el, 'button').focus();
    const opened = oneEvent(el, 'ecartpay-open');
    await sendKeys({ press: 'Enter' });
    await opened;
    expect(insideWindow(el, deepActiveElement())).to.equal(true);

    const closed = oneEvent(el, 'ecartpay-close');
    el.close();
    await closed;
    expect(deepActiveElement()).to.equal(part(el, 'button'));
  });

  it('keeps Tab inside the window', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const outside = await fixture(html`<a href="#x">outside</a>`);
    await openOnPayPage(el);

    for (let press = 0; press < 6; press++) {
      if (press % 2) await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Tab' });
      if (press % 2) await sendKeys({ up: 'Shift' });
      // The modal dialog makes the page inert but, as Chromium means it
      // to, lets Tab leave for the browser's own UI, or rest on the
      // document itself between the frame and the page: then the active
      // element is the body. Never is it anything of the page behind.
      const active = deepActiveElement();
      const where = `press ${press}: ${active?.localName}` +
        ` ${active?.getAttribute('part')} focus=${document.hasFocus()}`;
      expect(active, where).not.to.equal(outside);
      const inWindow = insideWindow(el, active);
      expect(inWindow || active === document.body, where).to.equal(true);
    }
    el.close();
  });

  it('Esc asks to close with source escape, then cancels', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);
    part(el, 'close-button').focus();

    const request = oneEvent(el, 'ecartpay-request-close');
    const closed = oneEvent(el, 'ecartpay-close');
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    await sendKeys({ press: 'Escape' });

    const requestEvent = await request;
    expect(requestEvent.detail).to.deep.equal({ source: 'escape' });
    await closed;
    const { detail } = await cancelled;
    expect(detail.source).to.equal('escape');
    expect(detail.order!.id).to.match(/^ord_/);
    expect(dialogOf(el).open).to.equal(false);
  });

  it('Esc after a real click can be refused', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const box = part(el, 'button').getBoundingClientRect();
    const opened = oneEvent(el, 'ecartpay-open');
    await sendMouse({
      type: 'click',
      position: [Math.round(box.x + 4), Math.round(box.y + 4)],
    });
    await opened;

    el.addEventListener('ecartpay-request-close', (event) =>
      event.preventDefault(),
    );
    const request = oneEvent(el, 'ecartpay-request-close');
    await sendKeys({ press: 'Escape' });
    expect((await request).cancelable).to.equal(true);
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(true);
    el.close();
  });

  it('an Esc the browser will not let be refused closes it', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);
    part(el, 'close-button').focus();

    // Chromium lets one Esc be refused per user activation, so the
    // second Esc at the latest cannot be.
    const cancelable: boolean[] = [];
    el.addEventListener('ecartpay-request-close', (event) => {
      cancelable.push(event.cancelable);
      event.preventDefault();
    });
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    await sendKeys({ press: 'Escape' });
    if (dialogOf(el).open) await sendKeys({ press: 'Escape' });

    expect((await cancelled).detail.source).to.equal('escape');
    expect(cancelable.at(-1)).to.equal(false);
    expect(dialogOf(el).open).to.equal(false);
  });

  it('the close button asks to close, then cancels', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const { outcome } = await openOnPayPage(el);

    const request = oneEvent(el, 'ecartpay-request-close');
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    part(el, 'close-button').click();

    expect((await request).detail.source).to.equal('close-button');
    expect((await cancelled).detail.source).to.equal('close-button');
    expect(await outcome).to.deep.include({
      type: 'cancel',
      source: 'close-button',
    });
  });

  it('a click on the backdrop asks to close, then cancels', async () => {
    await setViewport({ width: 1000, height: 800 });
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);

    const request = oneEvent(el, 'ecartpay-request-close');
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    await sendMouse({ type: 'click', position: [5, 5] });

    expect((await request).detail.source).to.equal('backdrop');
    expect((await cancelled).detail.source).to.equal('backdrop');
  });

  it('a click inside the window does not close it', async () => {
    await setViewport({ width: 1000, height: 800 });
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);

    const title = part(el, 'title').getBoundingClientRect();
    let asked = false;
    el.addEventListener('ecartpay-request-close', () => (asked = true));
    await sendMouse({
      type: 'click',
      position: [Math.round(title.x + 2), Math.round(title.y + 2)],
    });

    expect(asked).to.equal(false);
    expect(dialogOf(el).open).to.equal(true);
    el.close();
  });

  it('preventDefault on ecartpay-request-close keeps it open', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);

    const keepOpen = (event: Event) => event.preventDefault();
    el.addEventListener('ecartpay-request-close', keepOpen);
    const request = oneEvent(el, 'ecartpay-request-close');
    part(el, 'close-button').click();
    await request;
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(true);
    expect(maybePart(el, 'frame')).not.to.equal(null);

    el.removeEventListener('ecartpay-request-close', keepOpen);
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    part(el, 'close-button').click();
    expect((await cancelled).detail.source).to.equal('close-button');
  });

  it('a customer who paid and then closed gets success', async () => {
    const scene = await scenario({
      pay: 'stay',
      status: [{ order: { status: 'paid' } }],
    });
    const el = await checkoutFor(scene);
    await openOnPayPage(el);

    const succeeded = oneEvent(el, 'ecartpay-success');
    part(el, 'close-button').click();
    expect((await succeeded).detail.order.status).to.equal('paid');
  });

  it('closing while the order is created cancels with no order', async () => {
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    const outcome = el.open();
    await el.updateComplete;

    const cancelled = oneEvent(el, 'ecartpay-cancel');
    part(el, 'close-button').click();
    expect((await cancelled).detail).to.deep.equal({
      order: null,
      source: 'close-button',
    });
    expect((await outcome).type).to.equal('cancel');
  });

  it('close() ends the checkout with source method', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    await openOnPayPage(el);

    const cancelled = oneEvent(el, 'ecartpay-cancel');
    const closed = oneEvent(el, 'ecartpay-close');
    el.close();
    await closed;
    expect((await cancelled).detail.source).to.equal('method');
  });

  it('locks page scroll while open, counting several windows', async () => {
    const scene = await scenario({ create: ['hang'] });
    const first = await checkoutFor(scene);
    const second = await checkoutFor(scene);
    const root = document.documentElement;

    first.open();
    second.open();
    await Promise.all([first.updateComplete, second.updateComplete]);
    expect(dialogOf(first).open && dialogOf(second).open).to.equal(true);
    expect(getComputedStyle(root).overflow).to.equal('hidden');
    first.close();
    expect(getComputedStyle(root).overflow).to.equal('hidden');
    second.close();
    expect(root.style.overflow).to.equal('');
  });

  it('fills the screen on a narrow viewport', async () => {
    await setViewport({ width: 360, height: 640 });
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    el.open();
    await el.updateComplete;

    const box = dialogOf(el).getBoundingClientRect();
    expect(box.width).to.equal(360);
    expect(box.height).to.equal(640);
    el.close();
  });
});

describe('motion and theming', () => {
  afterEach(async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
  });

  async function openedWindow() {
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    el.open();
    await el.updateComplete;
    return el;
  }

  it('animates the window only without prefers-reduced-motion', async () => {
    const moving = await openedWindow();
    expect(getComputedStyle(dialogOf(moving)).animationName).to.equal(
      'ecartpay-enter',
    );
    moving.close();

    await emulateMedia({ reducedMotion: 'reduce' });
    const still = await openedWindow();
    expect(getComputedStyle(dialogOf(still)).animationName).to.equal('none');
    expect(getComputedStyle(part(still, 'spinner')).animationName).to.equal(
      'none',
    );
    still.close();
  });

  it('takes --ecartpay-* custom properties and ::part() rules', async () => {
    const theme = await fixture(html`<style>
      .themed::part(close-button) {
        color: rgb(4, 5, 6);
      }
    </style>`);
    const el = await openedWindow();
    el.classList.add('themed');
    el.style.setProperty('--ecartpay-accent-color', 'rgb(1, 2, 3)');

    expect(getComputedStyle(part(el, 'button')).backgroundColor).to.equal(
      'rgb(1, 2, 3)',
    );
    expect(getComputedStyle(part(el, 'close-button')).color).to.equal(
      'rgb(4, 5, 6)',
    );
    el.close();
    theme.remove();
  });
});

describe('language', () => {
  it('speaks Spanish with lang="es", button and errors', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout lang="es"></ecartpay-checkout>`,
    );
    expect(part(el, 'button').textContent!.trim()).to.equal(
      'Pagar con Ecart Pay',
    );
    const failed = oneEvent(el, 'ecartpay-error');
    el.open();
    const { detail } = await failed;
    expect(detail.message).to.equal(
      'Este botón de pago no está bien configurado. ' +
        'Por favor contacta a la tienda.',
    );
    await el.updateComplete;
    expect(part(el, 'close-button').getAttribute('aria-label')).to.equal(
      'Cerrar la ventana de pago',
    );
    await expect(el).to.be.accessible();
    el.close();
  });

  it('takes the closest lang: es-MX is Spanish', async () => {
    const wrapper = await fixture(
      html`<div lang="es-MX"><ecartpay-checkout></ecartpay-checkout></div>`,
    );
    const el = wrapper.querySelector('ecartpay-checkout')!;
    await el.updateComplete;
    expect(part(el, 'button').textContent!.trim()).to.equal(
      'Pagar con Ecart Pay',
    );
  });

  it('falls back to English for a language it does not speak', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout lang="fr"></ecartpay-checkout>`,
    );
    expect(part(el, 'button').textContent!.trim()).to.equal(
      'Pay with Ecart Pay',
    );
  });

  it('label replaces the text, and the slot replaces the label', async () => {
    const labelled = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout label="Pay 243.33 MXN"></ecartpay-checkout>`,
    );
    expect(part(labelled, 'button').textContent!.trim()).to.equal(
      'Pay 243.33 MXN',
    );

    const slotted = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout label="x"><b>Buy now</b></ecartpay-checkout>`,
    );
    const slot = part(slotted, 'button').querySelector('slot')!;
    const assigned = slot.assignedElements();
    expect(assigned.map((node) => node.textContent)).to.deep.equal([
      'Buy now',
    ]);
    await expect(slotted).to.be.accessible();
  });

  it('a tag written over two lines keeps its label', async () => {
    await fixture<EcartPayCheckout>(html`<ecartpay-checkout>
    </ecartpay-checkout>`);

    // The accessible name is what is rendered; textContent would also
    // count a slot's fallback text that is not shown.
    type AccessibilityNode = { role: string; name: string };
    const snapshot = (await a11ySnapshot({})) as unknown as {
      role: string;
      name: string;
      children: AccessibilityNode[];
    };
    const button = findAccessibilityNode<AccessibilityNode>(
      snapshot,
      (node) => node.role === 'button' && node.name === 'Pay with Ecart Pay',
    );
    expect(button).not.to.equal(null);
  });

  it('disabled disables the button', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout disabled></ecartpay-checkout>`,
    );
    expect(part<HTMLButtonElement>(el, 'button').disabled).to.equal(true);
    el.disabled = false;
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'button').disabled).to.equal(false);
  });
});
