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
import type { Page } from 'playwright-core';
import {
  CHECKOUT_PATH,
  PLAIN_CHECKOUT_PATH,
  type BenchEnvironment,
} from '../lib/environment.ts';
import {
  CHECKOUT_BUTTON,
  clickCentre,
  untilCheckoutReady,
} from '../lib/element-page.ts';
import {
  clearServerEvents,
  handlerDuration,
  waitForServerEvent,
  type ServerEvent,
} from '../lib/server-log.ts';
import { median, p95 } from '../lib/stats.ts';
import { ms, ratio, verdict, type Row } from '../lib/table.ts';

const RUNS = 12;
const WARM_UP_RUNS = 2;
const OWN_TIME_TARGET_MS = 5;

interface PaySample {
  /** Click to the pay page's request at Ecart Pay. */
  total: number;
  /** The merchant backend's part of it. */
  backend: number;
  /** The page's own script from the click to the order request. */
  beforeRequest: number;
  /** And from the order's answer to the pay page's navigation. */
  afterAnswer: number;
}

/** Page-clock stamps (epoch ms) around the order request. */
interface OrderRequestTimes {
  /** The order request started (fetch called). */
  requested: number;
  /** Its answer was fully received. */
  answered: number;
  /** The pay page's navigation started (frame added, or tab sent). */
  navigated: number;
}

/**
 * A page that reports its clicks (probe.ts) and, for the plain shop,
 * when it sends the tab away, mapped to Node's clock.
 */
class ClickClock {
  private lastClick = Number.NaN;
  private offset = 0;
  lastNavigation: OrderRequestTimes | undefined;

  static async on(page: Page): Promise<ClickClock> {
    const clock = new ClickClock();
    await page.exposeFunction('__benchClicked', (at: number) => {
      clock.lastClick = at;
    });
    await page.exposeFunction(
      '__benchNavigating',
      (times: OrderRequestTimes) => {
        clock.lastNavigation = times;
      },
    );
    return clock;
  }

  /** After each load: how far the page's clock is from Node's. */
  async sync(page: Page): Promise<void> {
    this.offset = await page.evaluate(() => window.__benchClockOffset());
  }

  expectClick(): void {
    this.lastClick = Number.NaN;
    this.lastNavigation = undefined;
  }

  /** The last click in the page's clock; waits for its report. */
  async pageClick(): Promise<number> {
    for (let tries = 0; Number.isNaN(this.lastClick); tries++) {
      if (tries > 1000) throw new Error('the page reported no click');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    return this.lastClick;
  }

  /** The last click in Node's clock. */
  async nodeClick(): Promise<number> {
    return (await this.pageClick()) + this.offset;
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
): Promise<Pick<PaySample, 'total' | 'backend'>> {
  clearServerEvents();
  clock.expectClick();
  await click();

  const arrival = await waitForServerEvent(isPayPageRequest(sandboxUrl));
  return {
    total: arrival.at - (await clock.nodeClick()),
    backend: await handlerDuration('POST', backendPath),
  };
}

function scriptTimes(click: number, times: OrderRequestTimes) {
  return {
    beforeRequest: times.requested - click,
    afterAnswer: times.navigated - times.answered,
  };
}

/** The element's order request and frame, from Resource Timing. */
async function elementRequestTimes(page: Page): Promise<OrderRequestTimes> {
  const handle = await page.waitForFunction((orderPath) => {
    const entries = performance.getEntriesByType(
      'resource',
    ) as PerformanceResourceTiming[];
    const order = entries
      .filter(
        (entry) =>
          entry.initiatorType === 'fetch' &&
          new URL(entry.name).pathname === orderPath,
      )
      .at(-1);
    const frame = entries
      .filter((entry) => entry.initiatorType === 'iframe')
      .at(-1);
    if (!order || !frame) return null;
    return {
      requested: performance.timeOrigin + order.startTime,
      answered: performance.timeOrigin + order.responseEnd,
      navigated: performance.timeOrigin + frame.startTime,
    };
  }, CHECKOUT_PATH);
  return (await handle.jsonValue())!;
}

async function oursOnce(
  page: Page,
  clock: ClickClock,
  env: BenchEnvironment,
): Promise<PaySample> {
  await page.goto(`${env.shop.url}${env.pages.element}`);
  await untilCheckoutReady(page);
  await clock.sync(page);

  const sample = await timeClick(clock, env.sandboxUrl, CHECKOUT_PATH, () =>
    clickCentre(page, CHECKOUT_BUTTON),
  );
  const times = await elementRequestTimes(page);
  return { ...sample, ...scriptTimes(await clock.pageClick(), times) };
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
  if (!clock.lastNavigation) throw new Error('the plain shop did not report');
  const click = await clock.pageClick();
  return { ...sample, ...scriptTimes(click, clock.lastNavigation) };
}

/**
 * Both sides take turns in one tab, each from a fresh load of its shop
 * page: a second tab would be a background one, whose frames Chromium
 * throttles.
 */
export async function measureClickToPay(
  page: Page,
  env: BenchEnvironment,
): Promise<Row[]> {
  const clock = await ClickClock.on(page);
  const samples = { ours: [] as PaySample[], plain: [] as PaySample[] };
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    const oursSample = await oursOnce(page, clock, env);
    const plainSample = await plainOnce(page, clock, env);
    if (run < WARM_UP_RUNS) continue;
    samples.ours.push(oursSample);
    samples.plain.push(plainSample);
  }
  return summarise(samples.ours, samples.plain);
}

function summarise(ours: PaySample[], plain: PaySample[]): Row[] {
  const figure = (samples: PaySample[], pick: (s: PaySample) => number) =>
    samples.map(pick);
  const own = (sample: PaySample) => sample.total - sample.backend;
  const name = `click to pay page (${RUNS} runs)`;

  const row = (measure: string, ourValue: number, plainValue: number) => ({
    measure: `${name}, ${measure}`,
    ours: ms(ourValue),
    reference: `${ms(plainValue)} full-page redirect`,
    ratio: ratio(ourValue, plainValue),
    target: '',
    verdict: '' as const,
  });
  const medians = (pick: (s: PaySample) => number) =>
    [median(figure(ours, pick)), median(figure(plain, pick))] as const;

  const script = medians((s) => s.beforeRequest + s.afterAnswer);
  return [
    row('click to request at Ecart Pay, median', ...medians((s) => s.total)),
    row('merchant backend, median', ...medians((s) => s.backend)),
    row('total less backend, median', ...medians(own)),
    row(
      'total less backend, p95',
      p95(figure(ours, own)),
      p95(figure(plain, own)),
    ),
    row(
      'page script, click to order request, median',
      ...medians((s) => s.beforeRequest),
    ),
    row(
      'page script, answer to pay page request, median',
      ...medians((s) => s.afterAnswer),
    ),
    {
      ...row('page script on the path, median', ...script),
      target: `< ${ms(OWN_TIME_TARGET_MS)}`,
      verdict: verdict(script[0] < OWN_TIME_TARGET_MS),
    },
  ];
}
