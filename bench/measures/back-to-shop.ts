/**
 * 4. Back to the shop: from the moment Ecart Pay approves the payment
 * (the sandbox has answered the card form's POST) until the shop page is
 * usable again, for our modal window and for the plain integration whose
 * whole tab went to the pay page and comes back on a reloaded shop page.
 *
 * Two end points, each at the first frame that shows it:
 * - usable: our window is closed / the reloaded page has loaded;
 * - confirmed: the shop shows the status its backend confirmed (the
 *   element's `ecartpay-success`; the plain page's own status request).
 * The approval is stamped by Node, the frames by the page, mapped onto
 * Node's clock (clock.ts).
 */
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { bounded } from '../lib/bounded.ts';
import { type BenchEnvironment } from '../lib/environment.ts';
import {
  armOutcome,
  CHECKOUT_BUTTON,
  clickCentre,
  untilCheckoutReady,
} from '../lib/element-page.ts';
import {
  clearServerEvents,
  waitForServerEvent,
} from '../lib/server-log.ts';
import { median } from '../lib/stats.ts';
import { ms, type Row } from '../lib/table.ts';

const RUNS = 5;
const WARM_UP_RUNS = 1;

interface BackSample {
  usable: number;
  confirmed: number;
}

const APPROVED_CARD = {
  name: 'Ana Bench',
  number: '4242 4242 4242 4242',
  expiry: '12/39',
  cvc: '123',
};

/** Fills the sandbox's card form and submits it with a real click. */
async function pay(form: Frame | FrameLocator): Promise<void> {
  for (const [field, value] of Object.entries(APPROVED_CARD)) {
    await form.locator(`input[name="${field}"]`).fill(value);
  }
  clearServerEvents();
  await form.locator('button.pay').click();
}

/** When the sandbox finished answering the approved card form (Node). */
async function approvedAt(env: BenchEnvironment): Promise<number> {
  const host = new URL(env.sandboxUrl).host;
  const answer = await waitForServerEvent(
    (event) =>
      event.phase === 'finish' &&
      event.method === 'POST' &&
      event.host === host &&
      /^\/pay\/[0-9a-f]{24}$/.test(event.path),
  );
  return answer.at;
}

/** Page time (performance.now) to Node's clock. */
async function toNodeClock(page: Page): Promise<(time: number) => number> {
  const { origin, offset } = await page.evaluate(async () => ({
    origin: performance.timeOrigin,
    offset: await window.__benchClockOffset(),
  }));
  return (time) => origin + time + offset;
}

async function oursOnce(
  page: Page,
  env: BenchEnvironment,
): Promise<BackSample> {
  await page.goto(`${env.shop.url}${env.pages.element}`);
  await untilCheckoutReady(page);
  await clickCentre(page, CHECKOUT_BUTTON);
  const frame = page.frameLocator('ecartpay-checkout iframe');
  await frame.locator('form.card-form').waitFor();

  const outcome = await armOutcome(page);
  await page.evaluate(() => {
    const bench = window.__bench;
    const element = document.querySelector('ecartpay-checkout')!;
    const closed = bench.afterFrameWhen(() => !bench.anyDialogOpen(element));
    const confirmed = new Promise<number>((resolve) =>
      element.addEventListener(
        'ecartpay-success',
        () =>
          bench
            .afterFrameWhen(() => true)
            .then((frame) => resolve(frame.paintedAt)),
        { once: true },
      ),
    );
    window.__benchBack = Promise.all([closed, confirmed]).then(
      ([usable, confirmedAt]) => ({
        usable: usable.paintedAt,
        confirmed: confirmedAt,
        status: 'paid',
      }),
    );
  });

  await pay(frame);
  const approved = await approvedAt(env);
  const type = await outcome();
  if (type !== 'ecartpay-success') throw new Error(`checkout ended: ${type}`);

  const back = await bounded(
    page.evaluate(() => window.__benchBack!),
    'the shop back after payment',
  );
  const toNode = await toNodeClock(page);
  return {
    usable: toNode(back.usable) - approved,
    confirmed: toNode(back.confirmed) - approved,
  };
}

async function plainOnce(
  page: Page,
  env: BenchEnvironment,
): Promise<BackSample> {
  await page.goto(`${env.shop.url}${env.pages.plain}`);
  await clickCentre(page, '#plain-pay');
  await page.waitForURL(/\/pay\//);

  await pay(page.mainFrame());
  const approved = await approvedAt(env);
  await page.waitForURL(/order_id=/);

  const back = await bounded(
    page.evaluate(() => window.__benchBack!),
    'the plain shop page back after payment',
  );
  if (back.status !== 'paid') throw new Error(`order is ${back.status}`);
  const toNode = await toNodeClock(page);
  return {
    usable: toNode(back.usable) - approved,
    confirmed: toNode(back.confirmed) - approved,
  };
}

/**
 * Both sides take turns in one tab, each from a fresh load of its shop
 * page: a second tab would be a background one, whose frames Chromium
 * throttles.
 */
export async function measureBackToShop(
  page: Page,
  env: BenchEnvironment,
): Promise<Row[]> {
  const samples = { ours: [] as BackSample[], plain: [] as BackSample[] };
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const oursSample = await oursOnce(page, env);
    const plainSample = await plainOnce(page, env);
    if (run < WARM_UP_RUNS) continue;
    samples.ours.push(oursSample);
    samples.plain.push(plainSample);
  }

  const name = `back to the shop after payment (median of ${RUNS})`;
  const row = (key: keyof BackSample, what: string): Row => {
    const ourMedian = median(samples.ours.map((sample) => sample[key]));
    const plainMedian = median(samples.plain.map((sample) => sample[key]));
    return {
      measure: `${name}, ${what}`,
      ours: ms(ourMedian),
      reference: `${ms(plainMedian)} full-page redirect`,
      ratio: `redirect takes ${(plainMedian / ourMedian).toFixed(1)}x`,
      target: '',
      verdict: '',
    };
  };
  return [
    row('usable', 'shop usable'),
    row('confirmed', 'paid status shown'),
  ];
}
