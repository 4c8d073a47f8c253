import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import {
  defineEcartPayCheckout,
  isTagTaken,
} from '../../src/element/define.ts';
import type { CreateOrderRequest } from '../../src/element/order-service.ts';
import {
  checkoutFor,
  dialogOf,
  frameLoad,
  openOnPayPage,
  part,
  payPageFrames,
  reportOf,
  scenario,
} from './helpers.ts';

/**
 * Records the window `message` listeners and the timers created while it
 * runs, so a test can tell that nothing was left behind.
 */
function leakTracker() {
  const listeners = new Set<unknown>();
  const timers = new Set<number>();
  const { addEventListener, removeEventListener } = window;
  const { setTimeout: set, clearTimeout: clear } = window;
  let recording = true;

  window.addEventListener = function (
    this: Window,
    ...args: Parameters<Window['addEventListener']>
  ) {
    if (args[0] === 'message') listeners.add(args[1]);
    return addEventListener.apply(this, args);
  } as Window['addEventListener'];
  window.removeEventListener = function (
    this: Window,
    ...args: Parameters<Window['removeEventListener']>
  ) {
    if (args[0] === 'message') listeners.delete(args[1]);
    return removeEventListener.apply(this, args);
  } as Window['removeEventListener'];
  window.setTimeout = ((handler: () => void, ms?: number) => {
    const id = set(() => {
      timers.delete(id);
      handler();
    }, ms);
    if (recording) timers.add(id);
    return id;
  }) as typeof window.setTimeout;
  window.clearTimeout = ((id: number) => {
    timers.delete(id);
    clear(id);
  }) as typeof window.clearTimeout;

  return {
    listeners,
    timers,
    /** Resolves once every recorded timer has fired or been cleared. */
    async settled() {
      recording = false;
      await waitUntil(() => timers.size === 0, 'timers left');
    },
    stop() {
      Object.assign(window, {
        addEventListener,
        removeEventListener,
        setTimeout: set,
        clearTimeout: clear,
      });
    },
  };
}

/** A createOrder that only ends when the checkout is abandoned. */
function neverCreated({ signal }: CreateOrderRequest) {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason)),
  );
}

describe('removing the element while the window is open', () => {
  it('closes the window, cancels, and leaves nothing behind', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const tracker = leakTracker();
    try {
      const { outcome } = await openOnPayPage(el);
      expect(tracker.listeners.size).to.equal(1);

      const closed = oneEvent(el, 'ecartpay-close');
      const cancelled = oneEvent(el, 'ecartpay-cancel');
      el.remove();
      await closed;
      expect((await cancelled).detail.source).to.equal('disconnect');
      expect(await outcome).to.deep.include({
        type: 'cancel',
        source: 'disconnect',
      });
      await el.updateComplete;

      expect(dialogOf(el).open).to.equal(false);
      expect(payPageFrames(el)).to.deep.equal([]);
      expect(tracker.listeners.size).to.equal(0);
      await tracker.settled();
      expect(document.documentElement.style.overflow).to.equal('');
    } finally {
      tracker.stop();
    }
  });

  it('while the order is being created: aborted, no order', async () => {
    const scene = await scenario({ create: ['hang'] });
    const el = await checkoutFor(scene);
    const tracker = leakTracker();
    try {
      const outcome = el.open();
      await el.updateComplete;
      el.remove();

      expect(await outcome).to.deep.equal({
        type: 'cancel',
        order: null,
        source: 'disconnect',
      });
      await tracker.settled();
      expect(tracker.listeners.size).to.equal(0);
    } finally {
      tracker.stop();
    }
  });

  it('while the status is confirmed: a cancel, request aborted', async () => {
    const scene = await scenario({ pay: 'paid', status: ['hang'] });
    const el = await checkoutFor(scene);
    const closed = oneEvent(el, 'ecartpay-close');
    const outcome = el.open();
    await closed;
    await waitUntil(
      async () => (await reportOf(scene)).statusRequests.length > 0,
      'the status was never asked',
    );

    el.remove();
    expect(await outcome).to.deep.include({
      type: 'cancel',
      source: 'disconnect',
    });
  });

  it('works again once put back', async () => {
    const scene = await scenario({ pay: 'paid' });
    const el = await checkoutFor(scene);
    const parent = el.parentElement!;
    const first = el.open();
    el.remove();
    expect((await first).type).to.equal('cancel');
    parent.append(el);

    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();
    expect((await succeeded).detail.order.status).to.equal('paid');
  });
});

describe('moving the element during a checkout', () => {
  it('keeps the checkout and shows the window again', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    const elsewhere = await fixture(html`<section></section>`);
    const { outcome } = await openOnPayPage(el);
    let cancels = 0;
    el.addEventListener('ecartpay-cancel', () => cancels++);

    elsewhere.append(el);
    await el.updateComplete;
    await frameLoad(el);
    expect(cancels).to.equal(0);
    expect(dialogOf(el).matches(':modal')).to.equal(true);
    await expect(el).to.be.accessible();

    part(el, 'close-button').click();
    expect(await outcome).to.deep.include({
      type: 'cancel',
      source: 'close-button',
    });
  });
});

describe('one checkout at a time', () => {
  it('a double click creates one order', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    let created = 0;
    el.addEventListener('ecartpay-order-created', () => created++);
    const opened = oneEvent(el, 'ecartpay-open');
    part(el, 'button').click();
    part(el, 'button').click();
    await opened;

    expect(created).to.equal(1);
    expect((await reportOf(scene)).requests).to.have.length(1);
    el.close();
  });

  it('open() in flight returns the same promise', async () => {
    const scene = await scenario();
    const el = await checkoutFor(scene);
    const first = el.open();
    expect(el.open()).to.equal(first);
    el.close();
    expect((await first).type).to.equal('cancel');
    expect((await reportOf(scene)).requests.length).to.be.at.most(1);
  });

  it('opened and closed 200 times leaves nothing behind', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout></ecartpay-checkout>`,
    );
    el.createOrder = neverCreated;
    el.getOrder = () => ({});
    const tracker = leakTracker();
    let closes = 0;
    el.addEventListener('ecartpay-close', () => closes++);
    try {
      for (let round = 0; round < 200; round++) {
        const outcome = el.open();
        await el.updateComplete;
        el.close();
        expect((await outcome).type).to.equal('cancel');
      }
      await el.updateComplete;
      expect(closes).to.equal(200);
      expect(dialogOf(el).open).to.equal(false);
      expect(tracker.listeners.size).to.equal(0);
      await tracker.settled();
      expect(document.documentElement.style.overflow).to.equal('');
    } finally {
      tracker.stop();
    }
  });
});

describe('many checkouts with the pay page framed', () => {
  it('50 rounds leave no frame, dialog or listener', async () => {
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutFor(scene);
    const tracker = leakTracker();
    try {
      for (let round = 0; round < 50; round++) {
        const { outcome } = await openOnPayPage(el);
        part(el, 'close-button').click();
        expect((await outcome).type).to.equal('cancel');
      }
      await el.updateComplete;
      expect(payPageFrames(el)).to.deep.equal([]);
      // At most the blank spare for the next checkout.
      expect(el.shadowRoot!.querySelectorAll('iframe').length).to.be.at.most(1);
      expect(dialogOf(el).open).to.equal(false);
      expect(tracker.listeners.size).to.equal(0);
      await tracker.settled();
      expect((await reportOf(scene)).requests).to.have.length(50);
    } finally {
      tracker.stop();
    }
  });
});

describe('the page own functions', () => {
  it('createOrder replaces endpoint; status-endpoint confirms', async () => {
    const scene = await scenario({ pay: 'paid' });
    const el = await fixture<EcartPayCheckout>(html`
      <ecartpay-checkout
        pay-origins=${scene.payOrigin}
        currency="USD"
        status-endpoint=${`${scene.endpoint}/{id}?fresh=1`}
      ></ecartpay-checkout>
    `);
    el.order = { cart_id: 'c-9' };
    const seen: CreateOrderRequest[] = [];
    el.createOrder = async (request) => {
      seen.push(request);
      const response = await fetch(scene.endpoint, {
        method: 'POST',
        headers: { 'Idempotency-Key': request.idempotencyKey },
        body: JSON.stringify(request.body),
      });
      return response.json();
    };

    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();
    expect((await succeeded).detail.order.status).to.equal('paid');
    expect(seen).to.have.length(1);
    expect(seen[0].body).to.deep.equal({ cart_id: 'c-9', currency: 'USD' });
    expect(seen[0].signal).to.be.instanceOf(AbortSignal);
    const report = await reportOf(scene);
    expect(report.requests[0].key).to.equal(seen[0].idempotencyKey);
    expect(report.statusRequests).to.have.length(1);
  });

  it('getOrder replaces the status endpoint', async () => {
    const scene = await scenario({ pay: 'cash' });
    const el = await checkoutFor(scene);
    const asked: string[] = [];
    el.getOrder = async (id) => {
      asked.push(id);
      return { id, status: 'paid' };
    };

    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();
    const { detail } = await succeeded;
    expect(asked).to.deep.equal([detail.order.id]);
    expect((await reportOf(scene)).statusRequests).to.deep.equal([]);
  });

  it('a createOrder that throws is order-failed', async () => {
    const el = await fixture<EcartPayCheckout>(
      html`<ecartpay-checkout status-endpoint="/x"></ecartpay-checkout>`,
    );
    el.createOrder = () => {
      throw new Error('card declined by the merchant API');
    };
    const failed = oneEvent(el, 'ecartpay-error');
    el.open();
    expect((await failed).detail.code).to.equal('order-failed');
  });
});

describe('messages', () => {
  it('ignores return messages from anything but its own frame', async () => {
    const scene = await scenario({ pay: 'hostile' });
    const el = await checkoutFor(scene);
    const { outcome } = await openOnPayPage(el);

    // Our own listener runs after the element's, which came first.
    const delivered = oneEvent(window, 'message');
    window.postMessage({ type: 'ecartpay-return' }, '*');
    await delivered;

    el.close();
    expect((await outcome).type).to.equal('cancel');
  });
});

describe('registration and warnings', () => {
  it('registering again neither throws nor replaces the class', () => {
    const before = customElements.get('ecartpay-checkout');
    expect(() => defineEcartPayCheckout()).not.to.throw();
    expect(customElements.get('ecartpay-checkout')).to.equal(before);
  });

  it('a second copy of the element warns once, in development', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    const global = globalThis as { process?: unknown };
    global.process = { env: { NODE_ENV: 'development' } };
    try {
      class SecondCopy extends HTMLElement {}
      expect(isTagTaken('ecartpay-checkout', SecondCopy)).to.equal(true);
      expect(isTagTaken('ecartpay-checkout', SecondCopy)).to.equal(true);
      expect(isTagTaken('ecartpay-not-yet', SecondCopy)).to.equal(false);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.contain('another copy');
    } finally {
      console.warn = warn;
      delete global.process;
    }
  });

  it('is silent in production, warns once in development', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    const global = globalThis as { process?: unknown };
    try {
      const el = await fixture<EcartPayCheckout>(
        html`<ecartpay-checkout
          pay-origins="http://a.example"
        ></ecartpay-checkout>`,
      );
      el.endpoint = '/api/checkout';
      await el.open();
      expect(warnings).to.deep.equal([]);

      global.process = { env: { NODE_ENV: 'development' } };
      el.close();
      await el.open();
      el.close();
      await el.open();
      expect(warnings).to.have.length(1);
      expect(String(warnings[0][0])).to.contain('pay-origins');
    } finally {
      console.warn = warn;
      delete global.process;
    }
  });
});
