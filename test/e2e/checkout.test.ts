import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';

import {
  CARDS,
  Customer,
  TIMEOUT_MS,
  useStage,
} from './harness.ts';

const SLOW = { timeout: TIMEOUT_MS * 4 };

describe('the demo shop, paid through the element', () => {
  const stage = useStage();
  let customer: Customer;

  beforeEach(async () => {
    customer = await Customer.visit(stage());
  });

  afterEach(async () => {
    if (!customer) return;
    let violations: string[];
    try {
      violations = await customer.policyViolations();
    } finally {
      await customer.leave();
    }
    assert.deepEqual(violations, [], 'the shop needs no CSP exception');
  });

  /** The order's row in the orders panel, once it shows `paid`. */
  function paidRow(number: string) {
    return customer
      .orderRow(number)
      .and(customer.page.locator('[data-status="paid"]'));
  }

  /** Whether Ecart Pay's notification that `orderId` is `status` landed. */
  function notificationDelivered(orderId: string, status: string): boolean {
    return stage().demo.sandbox!.deliveries().some(
      (delivery) =>
        delivery.data.id === orderId &&
        delivery.data.status === status &&
        delivery.state === 'delivered',
    );
  }

  it('takes a card payment and records the order paid', SLOW, async () => {
    await customer.startCheckout('Chiapas coffee', 'Clay mug');

    await customer.step('pay', async () => {
      await customer.payWithCard(CARDS.approved);
      await customer.loggedEvent('ecartpay-success');
    });

    const number = await customer.step('see-success', async () => {
      const outcome = customer.outcome();
      await outcome
        .and(customer.page.locator('[data-outcome="success"]'))
        .waitFor();
      assert.match(await outcome.textContent() ?? '', /Payment received/);
      await customer.page.getByRole('dialog').waitFor({ state: 'hidden' });
      return customer.outcomeOrderNumber();
    });

    await customer.step('order-paid-in-panel', async () => {
      const row = paidRow(number);
      await row.waitFor();
      const orderId = await row.getAttribute('data-order-id');
      await stage().demo.sandbox!.waitForDeliveries();
      assert.ok(notificationDelivered(orderId!, 'paid'));
    });
  });

  it('lets the customer retry after a declined card', SLOW, async () => {
    await customer.startCheckout('Table chocolate');

    await customer.step('declined', async () => {
      await customer.payWithCard(CARDS.declined);
      const alert = customer.payPage().getByRole('alert');
      await alert.getByText('Your card was declined').waitFor();
    });

    await customer.step('approved-after-decline', async () => {
      await customer.payWithCard(CARDS.approved);
      await customer.loggedEvent('ecartpay-success');
    });

    await customer.step('one-order-no-error', async () => {
      assert.equal(await customer.countLogged('ecartpay-order-created'), 1);
      assert.equal(await customer.countLogged('ecartpay-error'), 0);
      const number = await customer.outcomeOrderNumber();
      await paidRow(number).waitFor();
    });
  });

  it('passes a 3-D Secure challenge', SLOW, async () => {
    await customer.startCheckout('Molinillo whisk');

    await customer.step('challenge', async () => {
      await customer.payWithCard(CARDS.challenge);
      const bank = customer.payPage();
      await bank
        .getByRole('heading', { name: '3-D Secure verification', exact: true })
        .waitFor();
      await bank.getByRole('button', { name: 'Approve' }).click();
    });

    await customer.step('paid-after-challenge', async () => {
      await customer.loggedEvent('ecartpay-success');
      await paidRow(await customer.outcomeOrderNumber()).waitFor();
    });
  });

  it('leaves a cash order pending until the money arrives', SLOW, async () => {
    await customer.startCheckout('Clay mug');

    await customer.step('cash-reference', async () => {
      const payPage = customer.payPage();
      await payPage.getByRole('link', { name: 'Cash (OXXO)' }).click();
      await payPage
        .getByRole('button', { name: 'Get payment reference' })
        .click();
      await payPage.getByRole('link', { name: 'Return to the shop' }).click();
    });

    const number = await customer.step('pending', async () => {
      await customer.loggedEvent('ecartpay-pending');
      await customer.page.getByRole('dialog').waitFor({ state: 'hidden' });
      await customer.page.locator('#cart-empty').waitFor();
      const number = await customer.outcomeOrderNumber();
      await customer
        .orderRow(number)
        .and(customer.page.locator('[data-status="created"]'))
        .waitFor();
      return number;
    });

    await customer.step('cash-arrives', async () => {
      await customer.page
        .getByRole('button', { name: `Mark paid: order ${number}` })
        .click();
      const row = paidRow(number);
      await row.waitFor();
      const orderId = await row.getAttribute('data-order-id');
      await stage().demo.sandbox!.waitForDeliveries();
      assert.ok(notificationDelivered(orderId!, 'paid'));
      assert.equal(await customer.countLogged('ecartpay-success'), 0);
    });
  });

  it('goes straight to a popup when framing is refused', SLOW, async () => {
    stage().demo.sandbox!.setRefuseFraming(true);
    try {
      // The backend reads the pay page's headers and answers the order
      // with `framing: 'refused'`: no frame is tried, no link to press.
      const payWindow = await customer.step('open-window', async () => {
        await customer.addToCart('Table chocolate');
        const opened = customer.context.waitForEvent('page');
        await customer.page
          .getByRole('button', { name: 'Pay with Ecart Pay' })
          .click();
        return opened;
      });

      await customer.step('pay-in-window', async () => {
        await customer.payWithCard(CARDS.approved, payWindow);
        await customer.loggedEvent('ecartpay-success');
        await paidRow(await customer.outcomeOrderNumber()).waitFor();
      });

      await customer.step('only-the-popup', async () => {
        const opens = customer.page.locator(
          '#event-log li[data-type="ecartpay-open"]',
        );
        assert.equal(await opens.count(), 1);
        assert.match((await opens.textContent()) ?? '', /mode=popup/);
      });
    } finally {
      stage().demo.sandbox!.setRefuseFraming(false);
    }
  });

  it('pays on a full page and resumes on the return page', SLOW, async () => {
    const { page } = customer;

    await customer.step('choose-full-page', async () => {
      await customer.addToCart('Chiapas coffee');
      await page.getByLabel('Full page').check();
      await page.getByRole('button', { name: 'Pay with Ecart Pay' }).click();
    });

    await customer.step('pay-on-ecartpay', async () => {
      const ecartPay = stage().demo.sandbox!.url;
      await page.waitForURL((url) => url.origin === ecartPay);
      await customer.payWithCard(CARDS.approved, page);
    });

    const number = await customer.step('resumed-on-return', async () => {
      await page.waitForURL(/\/demo\/shop\/return\.html\?/);
      const outcome = page.locator('#outcome[data-source="element"]');
      await outcome.waitFor();
      assert.equal(await outcome.getAttribute('data-outcome'), 'success');
      return customer.outcomeOrderNumber();
    });

    await customer.step('back-in-the-shop', async () => {
      await page.getByRole('link', { name: 'Back to the shop' }).click();
      await paidRow(number).waitFor();
      await page.locator('#cart-empty').waitFor();
    });
  });

  it('speaks Spanish, the element included', SLOW, async () => {
    await customer.step('switch-language', async () => {
      await customer.addToCart('Clay mug');
      await customer.page
        .getByRole('button', { name: 'ES', exact: true })
        .click();
      await customer.page
        .getByRole('heading', { name: 'Café y cacao de México' })
        .waitFor();
      await customer.page
        .getByRole('button', { name: 'Pagar con Ecart Pay' })
        .waitFor();
      assert.equal(
        await customer.page.locator('html').getAttribute('lang'),
        'es',
      );
    });
  });

  it('confirms the status on the return page, not the hint', SLOW, async () => {
    const order = await customer.step('paid-order', async () => {
      const response = await customer.page.request.post('/api/checkout', {
        data: { items: [{ sku: 'molinillo', quantity: 1 }] },
      });
      const order = (await response.json()) as { id: string; number: string };
      stage().demo.sandbox!.markPaid(order.id);
      return order;
    });

    await customer.step('return-page', async () => {
      const hint = new URLSearchParams({ order_id: order.id, status: 'x' });
      await customer.page.goto(`/demo/shop/return.html?${hint}`);
      const outcome = customer.page.locator('#outcome[data-outcome]');
      await outcome.waitFor();
      assert.equal(await outcome.getAttribute('data-outcome'), 'success');
      const text = (await outcome.textContent()) ?? '';
      assert.match(text, /Payment received/);
      assert.ok(text.includes(order.number), text);
    });
  });

  it('cancels when the customer closes the window', SLOW, async () => {
    await customer.startCheckout('Chiapas coffee');

    await customer.step('close-before-paying', async () => {
      await customer.payPage().getByLabel('Card number').waitFor();
      await customer.page
        .getByRole('button', { name: 'Close the payment window' })
        .click();
      const cancel = await customer.loggedEvent('ecartpay-cancel');
      assert.match(await cancel.textContent() ?? '', /source=close-button/);
    });

    await customer.step('cart-kept', async () => {
      await customer.page.getByRole('dialog').waitFor({ state: 'hidden' });
      assert.match(
        await customer.outcome().textContent() ?? '',
        /You closed the payment window/,
      );
      assert.equal(await customer.countLogged('ecartpay-success'), 0);
      await customer.page
        .locator('#cart-lines li', { hasText: 'Chiapas coffee' })
        .waitFor();
    });
  });
});
