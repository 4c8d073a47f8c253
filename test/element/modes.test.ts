import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';
import type { CheckoutMode } from '../../src/element/events.ts';
import { tabNavigation } from '../../src/element/redirect-surface.ts';
import {
  ITEMS,
  checkoutFor,
  dialogOf,
  maybePart,
  openOnPayPage,
  part,
  reportOf,
  scenario,
  type Scenario,
} from './helpers.ts';

const PENDING_KEY = 'ecartpay-checkout:pending';

/**
 * Watches `window.open`: the windows it opened, or, when `blocked`, a
 * popup blocker's answer (`null`).
 */
function watchPopups({ blocked = false } = {}) {
  const opened: Window[] = [];
  const open = window.open;
  window.open = ((...args: Parameters<Window['open']>) => {
    if (blocked) return null;
    const popup = open.apply(window, args);
    if (popup) opened.push(popup);
    return popup;
  }) as Window['open'];
  return {
    opened,
    restore() {
      window.open = open;
      for (const popup of opened) popup.close();
    },
  };
}

/** Records where the tab would go instead of going. */
function watchTabNavigation() {
  const visits: string[] = [];
  const assign = tabNavigation.assign;
  tabNavigation.assign = (url) => visits.push(url);
  return {
    visits,
    restore() {
      tabNavigation.assign = assign;
    },
  };
}

function modesOf(el: EcartPayCheckout): CheckoutMode[] {
  const modes: CheckoutMode[] = [];
  el.addEventListener('ecartpay-open', (event) =>
    modes.push(event.detail.mode),
  );
  return modes;
}

async function checkoutWithMode(scene: Scenario, mode?: CheckoutMode) {
  const el = await checkoutFor(scene);
  if (mode) el.mode = mode;
  return el;
}

describe('popup mode', () => {
  let popups: ReturnType<typeof watchPopups>;
  afterEach(() => popups.restore());

  it('pays in a window of its own and confirms the status', async () => {
    await EcartPayCheckout.preload();
    popups = watchPopups();
    const scene = await scenario({ pay: 'paid' });
    const el = await checkoutWithMode(scene, 'popup');
    const modes = modesOf(el);
    const closed = oneEvent(el, 'ecartpay-close');
    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();

    expect(popups.opened).to.have.length(1);
    await closed;
    expect((await succeeded).detail.order.status).to.equal('paid');
    expect(modes).to.deep.equal(['popup']);
    expect(popups.opened[0].closed).to.equal(true);
    expect(dialogOf(el).open).to.equal(false);
  });

  it('a popup the customer closes is a cancel', async () => {
    popups = watchPopups();
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutWithMode(scene, 'popup');
    const opened = oneEvent(el, 'ecartpay-open');
    el.open();
    await opened;

    const closed = oneEvent(el, 'ecartpay-close');
    const cancelled = oneEvent(el, 'ecartpay-cancel');
    popups.opened[0].close();
    await closed;
    const { detail } = await cancelled;
    expect(detail.source).to.equal('popup-closed');
    expect(detail.order!.id).to.match(/^ord_/);
  });

  it('a blocked popup is popup-blocked, before any order', async () => {
    popups = watchPopups({ blocked: true });
    const scene = await scenario();
    const el = await checkoutWithMode(scene, 'popup');
    const failed = oneEvent(el, 'ecartpay-error');
    el.open();

    const { detail } = await failed;
    expect(detail.code).to.equal('popup-blocked');
    expect(detail.message).to.contain('blocked the payment window');
    expect((await reportOf(scene)).requests).to.have.length(0);
    await el.updateComplete;
    expect(part(el, 'message').textContent).to.contain(detail.message);
  });

  it('removing the element closes its popup', async () => {
    popups = watchPopups();
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutWithMode(scene, 'popup');
    const opened = oneEvent(el, 'ecartpay-open');
    const outcome = el.open();
    await opened;

    const closed = oneEvent(el, 'ecartpay-close');
    el.remove();
    await closed;
    expect(await outcome).to.deep.include({ source: 'disconnect' });
    expect(popups.opened[0].closed).to.equal(true);
  });

  it('close() closes the popup too', async () => {
    popups = watchPopups();
    const scene = await scenario({ pay: 'stay' });
    const el = await checkoutWithMode(scene, 'popup');
    const opened = oneEvent(el, 'ecartpay-open');
    const outcome = el.open();
    await opened;

    el.close();
    expect((await outcome).type).to.equal('cancel');
    expect(popups.opened[0].closed).to.equal(true);
  });
});

describe('a pay page that refuses frames', () => {
  let popups: ReturnType<typeof watchPopups>;
  let tab: ReturnType<typeof watchTabNavigation>;
  beforeEach(() => {
    tab = watchTabNavigation();
  });
  afterEach(async () => {
    popups.restore();
    tab.restore();
    sessionStorage.removeItem(PENDING_KEY);
    await executeServerCommand('sandbox-refuse-framing', { on: false });
  });

  it('the backend hint sends it straight to a popup', async () => {
    popups = watchPopups();
    const scene = await scenario({
      pay: 'paid',
      create: [{ order: { framing: 'refused' } }],
    });
    const el = await checkoutWithMode(scene);
    const modes = modesOf(el);
    const succeeded = oneEvent(el, 'ecartpay-success');
    el.open();

    await succeeded;
    expect(modes).to.deep.equal(['popup']);
    expect((await reportOf(scene)).payPageLoads).to.equal(1);
  });

  it('with the popup blocked too, the tab goes to Ecart Pay', async () => {
    popups = watchPopups({ blocked: true });
    const scene = await scenario({
      create: [{ order: { framing: 'refused' } }],
    });
    const el = await checkoutWithMode(scene);
    const opened = oneEvent(el, 'ecartpay-open');
    el.open();

    const { detail } = await opened;
    expect(detail.mode).to.equal('redirect');
    expect(tab.visits).to.deep.equal([detail.order.pay_link]);
    await el.updateComplete;
    expect(part(el, 'status').textContent).to.contain(
      'Taking you to Ecart Pay',
    );
    const saved = JSON.parse(sessionStorage.getItem(PENDING_KEY)!);
    expect(saved.order.id).to.equal(detail.order.id);
  });

  it('mode="modal" makes it an error: framing-refused', async () => {
    popups = watchPopups();
    const scene = await scenario({
      create: [{ order: { framing: 'refused' } }],
    });
    const el = await checkoutWithMode(scene, 'modal');
    const failed = oneEvent(el, 'ecartpay-error');
    el.open();

    const { detail } = await failed;
    expect(detail.code).to.equal('framing-refused');
    expect(detail.order!.id).to.match(/^ord_/);
    expect(popups.opened).to.have.length(0);
  });

  it('the customer can always continue in a new window', async () => {
    popups = watchPopups();
    await executeServerCommand('sandbox-refuse-framing', { on: true });
    const info = await executeServerCommand<
      { url: string; endpoint: string },
      void
    >('sandbox-info');
    const el = await fixture<EcartPayCheckout>(html`
      <ecartpay-checkout
        endpoint=${info.endpoint}
        pay-origins=${info.url}
        items=${JSON.stringify(ITEMS)}
        currency="MXN"
        lang="en"
      ></ecartpay-checkout>
    `);
    const modes = modesOf(el);
    const created = oneEvent(el, 'ecartpay-order-created');
    await openOnPayPage(el);
    const { order } = (await created).detail;
    await expect(el).to.be.accessible();

    const offer = part(el, 'new-window-button');
    expect(offer.textContent!.trim()).to.equal('Continue in a new window');
    const succeeded = oneEvent(el, 'ecartpay-success');
    offer.click();
    await el.updateComplete;
    expect(dialogOf(el).open).to.equal(false);

    await executeServerCommand('sandbox-pay-by-card', {
      id: order.id,
      number: '4242 4242 4242 4242',
    });
    expect((await succeeded).detail.order.status).to.equal('paid');
    expect(modes).to.deep.equal(['modal', 'popup']);
  });

  it('mode="modal" offers no new window', async () => {
    popups = watchPopups();
    const scene = await scenario();
    const el = await checkoutWithMode(scene, 'modal');
    await openOnPayPage(el);
    await el.updateComplete;
    expect(maybePart(el, 'new-window-button')).to.equal(null);
    el.close();
  });
});

describe('redirect mode', () => {
  let tab: ReturnType<typeof watchTabNavigation>;
  const start = location.href;
  beforeEach(() => {
    tab = watchTabNavigation();
  });
  afterEach(() => {
    tab.restore();
    history.replaceState(null, '', start);
    sessionStorage.removeItem(PENDING_KEY);
  });

  async function leaveForEcartPay(scene: Scenario) {
    const el = await checkoutWithMode(scene, 'redirect');
    const opened = oneEvent(el, 'ecartpay-open');
    el.open();
    const { detail } = await opened;
    el.remove();
    return detail.order;
  }

  it('saves the checkout, without personal data, and leaves', async () => {
    const scene = await scenario({
      create: [{ order: { email: 'ada@example.com', first_name: 'Ada' } }],
    });
    const order = await leaveForEcartPay(scene);

    expect(tab.visits).to.deep.equal([order.pay_link]);
    const saved = sessionStorage.getItem(PENDING_KEY)!;
    expect(JSON.parse(saved).order.id).to.equal(order.id);
    expect(saved).not.to.contain('ada@example.com');
    expect(saved).not.to.contain('Ada');
  });

  it('an element on the return page confirms and fires success', async () => {
    const scene = await scenario({ status: [{ order: { status: 'paid' } }] });
    const order = await leaveForEcartPay(scene);
    history.replaceState(
      null,
      '',
      `/__fixture/return?order_id=${order.id}&status=paid`,
    );

    const landed = document.createElement('ecartpay-checkout');
    landed.setAttribute('endpoint', scene.endpoint);
    const succeeded = oneEvent(landed, 'ecartpay-success');
    await fixture(html`<div></div>`).then((root) => root.append(landed));

    const { detail } = await succeeded;
    expect(detail.order.id).to.equal(order.id);
    expect(sessionStorage.getItem(PENDING_KEY)).to.equal(null);
  });

  it('cash on the return page is pending', async () => {
    const scene = await scenario();
    const order = await leaveForEcartPay(scene);
    history.replaceState(null, '', `/__fixture/return?order_id=${order.id}`);

    const landed = document.createElement('ecartpay-checkout');
    landed.setAttribute('endpoint', scene.endpoint);
    const pending = oneEvent(landed, 'ecartpay-pending');
    await fixture(html`<div></div>`).then((root) => root.append(landed));
    expect((await pending).detail.order.status).to.equal('created');
  });

  it('back on another page unpaid: cancel with source navigation', async () => {
    const scene = await scenario();
    await leaveForEcartPay(scene);

    const landed = document.createElement('ecartpay-checkout');
    landed.setAttribute('endpoint', scene.endpoint);
    const cancelled = oneEvent(landed, 'ecartpay-cancel');
    await fixture(html`<div></div>`).then((root) => root.append(landed));
    expect((await cancelled).detail.source).to.equal('navigation');
  });

  it('only an element with the same endpoint resumes it', async () => {
    const scene = await scenario();
    const other = await scenario();
    await leaveForEcartPay(scene);

    let strangerHeard = 0;
    const stranger = document.createElement('ecartpay-checkout');
    stranger.setAttribute('endpoint', other.endpoint);
    stranger.addEventListener('ecartpay-cancel', () => strangerHeard++);
    const owner = document.createElement('ecartpay-checkout');
    owner.setAttribute('endpoint', scene.endpoint);
    const cancelled = oneEvent(owner, 'ecartpay-cancel');
    const root = await fixture(html`<div></div>`);
    root.append(stranger, owner);

    expect((await cancelled).detail.source).to.equal('navigation');
    expect(strangerHeard).to.equal(0);
  });
});

describe('several elements on one page', () => {
  it('each keeps its own checkout and events', async () => {
    const slow = await scenario({ pay: 'stay' });
    const quick = await scenario({ pay: 'paid' });
    const first = await checkoutFor(slow);
    const second = await checkoutFor(quick);
    const heardByFirst: string[] = [];
    for (const type of ['ecartpay-success', 'ecartpay-cancel'] as const) {
      first.addEventListener(type, () => heardByFirst.push(type));
    }

    const { outcome: firstOutcome } = await openOnPayPage(first);
    const secondOutcome = await second.open();
    expect(secondOutcome.type).to.equal('success');
    expect(heardByFirst).to.deep.equal([]);
    expect(dialogOf(first).open).to.equal(true);

    first.close();
    expect((await firstOutcome).type).to.equal('cancel');
    expect(heardByFirst).to.deep.equal(['ecartpay-cancel']);
  });
});
