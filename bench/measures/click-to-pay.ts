/**
 * 3. Click to payment page: from the customer's click to the request for
 * the pay page arriving at Ecart Pay (the sandbox), less the time the
 * merchant's backend took to create the order; what is left is the
 * widget's own cost (its code, the browser's requests and frame). The
 * reference is the plain integration: a button that asks the same backend
 * for the order and sends the whole tab to `pay_link`, timed the same way.
 *
 * Clicks are stamped in the page; requests are stamped by Node as they
 * arrive (server-log.ts); the page's clock is mapped onto Node's by an
 * NTP-style exchange (clock.ts).
 */
import type { BrowserContext, Page } from 'playwright-core';
import {
  CHECKOUT_PATH,
  PLAIN_CHECKOUT_PATH,
  type BenchEnvironment,
} from '../lib/environment.ts';
import {
  CHECKOUT_BUTTON,
  clickCentre,
  closeCheckout,
} from '../lib/element-page.ts';
import {
  clearServerEvents,
  handlerDuration,
  waitForServerEvent,
  type ServerEvent,
} from '../lib/server-log.ts';
import { median, p95 } from '../lib/stats.ts';
import { ms, ratio, verdict, type Row } from '../lib/table.ts';

const RUNS = 15;
const WARM_UP_RUNS = 2;
const OWN_TIME_TARGET_MS = 5;

interface PaySample {
  /** Click to the pay page's request at Ecart Pay. */
  total: number;
  /** The merchant backend's part of it. */
  backend: number;
}

/** A page that reports its clicks, mapped to Node's clock. */
class ClickClock {
  private lastClick = Number.NaN;
  private offset = 0;

  static async on(page: Page): Promise<ClickClock> {
    const clock = new ClickClock();
    await page.exposeFunction('__benchClicked', (at: number) => {
      clock.lastClick = at;
    });
    return clock;
  }

  /** After each load: how far the page's clock is from Node's. */
  async sync(page: Page): Promise<void> {
    this.offset = await page.evaluate(() => window.__benchClockOffset());
  }

  expectClick(): void {
    this.lastClick = Number.NaN;
  }

  /** The last click, in Node's clock; waits for the report to arrive. */
  async click(): Promise<number> {
    for (let tries = 0; Number.isNaN(this.lastClick); tries++) {
      if (tries > 1000) throw new Error('the page reported no click');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return this.lastClick + this.offset;
  }
}

function isPayPageRequest(sandboxUrl: string) {
  const host = new URL(sandboxUrl).host;
  return (event: ServerEvent) =>
    event.phase === 'start' &&
    event.method === 'GET' &&
    event.host === host &&
    /^\/pay\/[0-9a-f]{24}(\?|$)/.test(event.path);
}

async function timeClick(
  clock: ClickClock,
  sandboxUrl: string,
  backendPath: string,
  click: () => Promise<void>,
): Promise<PaySample> {
  clearServerEvents();
  clock.expectClick();
  await click();

  const arrival = await waitForServerEvent(isPayPageRequest(sandboxUrl));
  return {
    total: arrival.at - (await clock.click()),
    backend: handlerDuration('POST', backendPath),
  };
}

async function oursOnce(
  page: Page,
  clock: ClickClock,
  env: BenchEnvironment,
): Promise<PaySample> {
  const sample = await timeClick(clock, env.sandboxUrl, CHECKOUT_PATH, () =>
    clickCentre(page, CHECKOUT_BUTTON),
  );
  await page.frameLocator('ecartpay-checkout iframe').locator('form').waitFor();
  await closeCheckout(page);
  return sample;
}

async function plainOnce(
  page: Page,
  clock: ClickClock,
  env: BenchEnvironment,
): Promise<PaySample> {
  await page.goto(`${env.shop.url}${env.pages.plain}`);
  await clock.sync(page);

  const sample = await timeClick(
    clock,
    env.sandboxUrl,
    PLAIN_CHECKOUT_PATH,
    () => clickCentre(page, '#plain-pay'),
  );
  await page.waitForURL(/\/pay\//);
  return sample;
}

async function newPage(context: BrowserContext) {
  const page = await context.newPage();
  return { page, clock: await ClickClock.on(page) };
}

export async function measureClickToPay(
  context: BrowserContext,
  env: BenchEnvironment,
): Promise<Row[]> {
  const ours = await newPage(context);
  const plain = await newPage(context);
  await ours.page.goto(`${env.shop.url}${env.pages.element}`);
  await ours.clock.sync(ours.page);

  const samples = { ours: [] as PaySample[], plain: [] as PaySample[] };
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const oursSample = await oursOnce(ours.page, ours.clock, env);
    const plainSample = await plainOnce(plain.page, plain.clock, env);
    if (run < WARM_UP_RUNS) continue;
    samples.ours.push(oursSample);
    samples.plain.push(plainSample);
  }
  await ours.page.close();
  await plain.page.close();

  return summarise(samples.ours, samples.plain);
}

function summarise(ours: PaySample[], plain: PaySample[]): Row[] {
  const own = (samples: PaySample[]) =>
    samples.map((sample) => sample.total - sample.backend);
  const backend = (samples: PaySample[]) =>
    samples.map((sample) => sample.backend);
  const reference = 'full-page redirect';
  const name = `click to pay page (${RUNS} runs)`;

  const row = (measure: string, ourValue: number, plainValue: number) => ({
    measure: `${name}, ${measure}`,
    ours: ms(ourValue),
    reference: `${ms(plainValue)} ${reference}`,
    ratio: ratio(ourValue, plainValue),
    target: '',
    verdict: '' as const,
  });

  const ownMedian = median(own(ours));
  return [
    {
      ...row('own time (backend excluded), median', ownMedian, median(own(plain))),
      target: `< ${ms(OWN_TIME_TARGET_MS)}`,
      verdict: verdict(ownMedian < OWN_TIME_TARGET_MS),
    },
    row('own time, p95', p95(own(ours)), p95(own(plain))),
    row(
      'merchant backend (excluded above), median',
      median(backend(ours)),
      median(backend(plain)),
    ),
  ];
}
