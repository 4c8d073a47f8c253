/**
 * 3. Click to payment page: from the customer's click to the request for
 * the pay page, for our element and for the plain integration (a button
 * that asks the same backend for the order and sends the whole tab to
 * `pay_link`), each from a fresh load of its shop page, alternately.
 *
 * Timed runs, untraced: what the customer waits for.
 * - "click to request at Ecart Pay": the click's `event.timeStamp` (when
 *   the browser received the input) to the pay page's request arriving
 *   at the sandbox, stamped by Node (server-log.ts); the page's clock is
 *   mapped onto Node's by an NTP-style exchange (clock.ts).
 * - "merchant backend": how long the backend took to create the order.
 * - "total less backend": the first less the second, median and p95.
 * - "Resource Timing gap": click to the order request's `startTime`;
 *   the order's `responseEnd` to the pay page's start (the frame's
 *   `startTime`, or the plain page's `location.href`); then both summed.
 *   Not script alone: also the browser's input delivery, its fetch
 *   internals, the response body's completion and any frame the page
 *   waited behind.
 *
 * Traced runs, as many again, each after a timed one, so that the cost
 * of tracing stays out of the figures above. Each records a Chromium
 * trace (trace.ts) around the click and reads the page's renderer main
 * thread from the click's dispatch to the page handing the pay page's
 * navigation to the browser (path-work.ts has the exact rules). Script
 * is the page's JavaScript, every moment once: the click's listeners,
 * microtasks, timers, with what the browser does synchronously for them
 * (starting the fetch, creating the frame), less the style and layout
 * they force. Left out: the bench probe's click listener (probe.ts) and
 * the driver's injected listeners. Left in: the plain page's few lines
 * reporting its navigation to the bench, which count against it. The
 * trace's order request (the shop's backend path) splits that time,
 * each moment by when it ran, into three phases:
 * 1. "click to order request": the click's dispatch to the renderer
 *    sending the order request (its `ResourceSendRequest`);
 * 2. "while the backend works": from there to the answer's end as the
 *    network stamped it (`ResourceFinish`'s `finishTime`, Resource
 *    Timing's `responseEnd`); this work overlaps the wait, and delays
 *    nothing unless it is still running when the answer has come;
 * 3. "answer to handoff": from there to the handoff. Its part "tasks
 *    still running at the answer" is the tail, after the answer, of the
 *    main-thread tasks begun before it: phase 2 work that did delay.
 * Rows:
 * - "our script on the critical path": script in phases 1 and 3, which
 *   holds phase 2's tail; the target is on our median. It assumes the
 *   main thread is the path outside the wait: before the request leaves
 *   and after the answer, whatever runs there the navigation waits for.
 * - "script, 1 / 2 / 3": script in each phase; "script, of 3": its tail.
 * - "all our script between click and handoff": phases 1 to 3, the
 *   figure before this split, without a verdict: on this backend the
 *   window draws while it works, so phase 2 is off the path, but on a
 *   faster one more of it would run past the answer.
 * - "style, layout and paint": style, layout, hit tests, paint and
 *   compositing commit, forced by script or in frames, on the critical
 *   path, by phase, and all of it, split the same way.
 * Each median is taken over runs on its own, so the phases' medians need
 * not add up to the critical path's or the whole's. All carry the
 * trace's own cost: it made our click's processing (Event Timing's,
 * traced against untraced) 1 to 2 ms longer on the 2-core machine of
 * BENCHMARKS.md.
 *
 * BENCH_SHOW_TRACE=1 prints the first traced run's events and phases,
 * each side.
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
import { pathWork, type PathWork, type Work } from '../lib/path-work.ts';
import { PROBE_SCRIPT } from '../lib/probe.ts';
import {
  clearServerEvents,
  handlerDuration,
  waitForServerEvent,
  type ServerEvent,
} from '../lib/server-log.ts';
import { median, p95 } from '../lib/stats.ts';
import { ms, ratio, verdict, type Row } from '../lib/table.ts';
import { PageTracer } from '../lib/trace.ts';

const RUNS = 24;
const WARM_UP_RUNS = 2;
const OWN_TIME_TARGET_MS = 5;

/** Set to print the first traced run's events of each side on stderr. */
const SHOW_TRACE = Boolean(process.env.BENCH_SHOW_TRACE);

interface PaySample {
  /** Click to the pay page's request at Ecart Pay. */
  total: number;
  /** The merchant backend's part of it. */
  backend: number;
  /** Click to the order request's start, by Resource Timing. */
  beforeRequest: number;
  /** The order's answer to the pay page's start, by Resource Timing. */
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

/** One way to pay: its shop page, its button, its backend. */
interface Shop {
  path: string;
  backendPath: string;
  /** After the load, until a customer could pay. */
  ready(page: Page): Promise<void>;
  click(page: Page): Promise<void>;
  /** After the click: waits for the pay page's start and reads times. */
  requestTimes(page: Page, clock: ClickClock): Promise<OrderRequestTimes>;
}

const PAY_PATH = /^\/pay\/[0-9a-f]{24}(\?|$)/;

function isPayPageRequest(sandboxUrl: string) {
  const host = new URL(sandboxUrl).host;
  return (event: ServerEvent) =>
    event.phase === 'start' &&
    event.method === 'GET' &&
    event.host === host &&
    PAY_PATH.test(event.path);
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

/** The plain shop reports its times itself, before the tab goes. */
async function plainRequestTimes(
  page: Page,
  clock: ClickClock,
): Promise<OrderRequestTimes> {
  await page.waitForURL(/\/pay\//);
  if (!clock.lastNavigation) throw new Error('the plain shop did not report');
  return clock.lastNavigation;
}

function shops(env: BenchEnvironment): { ours: Shop; plain: Shop } {
  return {
    ours: {
      path: env.pages.element!,
      backendPath: CHECKOUT_PATH,
      ready: untilCheckoutReady,
      click: (page) => clickCentre(page, CHECKOUT_BUTTON),
      requestTimes: elementRequestTimes,
    },
    plain: {
      path: env.pages.plain,
      backendPath: PLAIN_CHECKOUT_PATH,
      ready: async () => {},
      click: (page) => clickCentre(page, '#plain-pay'),
      requestTimes: plainRequestTimes,
    },
  };
}

async function load(page: Page, env: BenchEnvironment, shop: Shop) {
  await page.goto(`${env.shop.url}${shop.path}`);
  await shop.ready(page);
}

function scriptTimes(click: number, times: OrderRequestTimes) {
  return {
    beforeRequest: times.requested - click,
    afterAnswer: times.navigated - times.answered,
  };
}

async function timedRun(
  page: Page,
  clock: ClickClock,
  env: BenchEnvironment,
  shop: Shop,
): Promise<PaySample> {
  await load(page, env, shop);
  await clock.sync(page);
  clearServerEvents();
  clock.expectClick();
  await shop.click(page);

  const arrival = await waitForServerEvent(isPayPageRequest(env.sandboxUrl));
  const times = await shop.requestTimes(page, clock);
  const click = await clock.pageClick();
  return {
    total: arrival.at - (await clock.nodeClick()),
    backend: await handlerDuration('POST', shop.backendPath),
    ...scriptTimes(click, times),
  };
}

function pathnameOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : '';
}

/**
 * Where the probe's click listener is in a page: the trace names a
 * listener by its script's URL and its 1-based line.
 */
function probeListenerLine(html: string): number {
  const probeAt = html.indexOf(PROBE_SCRIPT);
  const listenerAt = PROBE_SCRIPT.indexOf("addEventListener('click'");
  if (probeAt < 0 || listenerAt < 0) {
    throw new Error('the bench page has no probe click listener');
  }
  return html.slice(0, probeAt + listenerAt).split('\n').length;
}

/**
 * Tells the bench's code from the page's: the probe's listener, and
 * what the driver injects (scripts without a URL).
 */
function benchCode(env: BenchEnvironment, shop: Shop) {
  const line = probeListenerLine(env.shop.pages[shop.path]!);
  return (call: Record<string, unknown>) => {
    const url = String(call.url ?? '');
    if (url === '') return true;
    return pathnameOf(url) === shop.path && call.lineNumber === line;
  };
}

async function tracedRun(
  page: Page,
  tracer: PageTracer,
  clock: ClickClock,
  env: BenchEnvironment,
  shop: Shop,
): Promise<PathWork> {
  await load(page, env, shop);
  clearServerEvents();
  clock.expectClick();
  const events = await tracer.record(async () => {
    await shop.click(page);
    await waitForServerEvent(isPayPageRequest(env.sandboxUrl));
    await shop.requestTimes(page, clock);
  });
  return pathWork(events, {
    isTarget: (url) => PAY_PATH.test(pathnameOf(url)),
    isOrderRequest: (url) => pathnameOf(url) === shop.backendPath,
    isBench: benchCode(env, shop),
  });
}

interface Samples {
  timed: PaySample[];
  traced: PathWork[];
}

/**
 * Both sides take turns in one tab: a second tab would be a background
 * one, whose frames Chromium throttles.
 */
export async function measureClickToPay(
  page: Page,
  env: BenchEnvironment,
): Promise<Row[]> {
  const clock = await ClickClock.on(page);
  const tracer = await PageTracer.on(page);
  const { ours, plain } = shops(env);
  const samples = {
    ours: { timed: [], traced: [] } as Samples,
    plain: { timed: [], traced: [] } as Samples,
  };
  try {
    for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
      for (const [side, shop] of [['ours', ours], ['plain', plain]] as const) {
        const timed = await timedRun(page, clock, env, shop);
        const traced = await tracedRun(page, tracer, clock, env, shop);
        if (run < WARM_UP_RUNS) continue;
        if (SHOW_TRACE && run === WARM_UP_RUNS) showTrace(side, traced);
        samples[side].timed.push(timed);
        samples[side].traced.push(traced);
      }
    }
  } finally {
    await tracer.detach();
  }
  return summarise(samples.ours, samples.plain);
}

/** The phases' rows, each with the part of a run's work it shows. */
const PHASES: [string, (work: PathWork) => Work][] = [
  ['1: click to order request', (work) => work.beforeRequest],
  ['2: while the backend works', (work) => work.whileBackendWorks],
  ['3: answer to handoff', (work) => work.afterAnswer],
  ['of 3: tasks still running at the answer', (work) => work.carriedPastAnswer],
];

function showTrace(side: string, work: PathWork): void {
  const parts: [string, Work][] = [
    ...PHASES.map(([phase, part]) => [phase, part(work)] as [string, Work]),
    ['critical path (1 + 3)', work.criticalPath],
    ['all', work.all],
  ];
  const lines = parts.map(
    ([phase, part]) =>
      `  ${phase}: script ${ms(part.script)}, ` +
      `rendering ${ms(part.rendering)}`,
  );
  process.stderr.write(
    `${side}: window ${ms(work.window)}, request sent at ` +
      `+${ms(work.requestSent)}, answered at +${ms(work.answered)}, ` +
      `bench ${ms(work.all.bench)}\n${lines.join('\n')}\n` +
      `${work.describe()}\n`,
  );
}

function summarise(ours: Samples, plain: Samples): Row[] {
  const name = `click to pay page (${RUNS} runs)`;
  const row = (measure: string, ourValue: number, plainValue: number) => ({
    measure: `${name}, ${measure}`,
    ours: ms(ourValue),
    reference: `${ms(plainValue)} full-page redirect`,
    ratio: ratio(ourValue, plainValue),
    target: '',
    verdict: '' as const,
  });
  const timed = (pick: (sample: PaySample) => number) =>
    [median(ours.timed.map(pick)), median(plain.timed.map(pick))] as const;
  const traced = (pick: (work: PathWork) => number) =>
    [median(ours.traced.map(pick)), median(plain.traced.map(pick))] as const;
  const own = (sample: PaySample) => sample.total - sample.backend;

  /** The traced rows of one kind of work, one a phase. */
  const phaseRows = (kind: keyof Work, label: string) =>
    PHASES.map(([phase, part]) =>
      row(`${label}, ${phase}, median`, ...traced((w) => part(w)[kind])),
    );

  const critical = traced((work) => work.criticalPath.script);
  return [
    row('click to request at Ecart Pay, median', ...timed((s) => s.total)),
    row('merchant backend, median', ...timed((s) => s.backend)),
    row('total less backend, median', ...timed(own)),
    row(
      'total less backend, p95',
      p95(ours.timed.map(own)),
      p95(plain.timed.map(own)),
    ),
    row(
      'Resource Timing gap, click to order request, median',
      ...timed((s) => s.beforeRequest),
    ),
    row(
      'Resource Timing gap, answer to pay page request, median',
      ...timed((s) => s.afterAnswer),
    ),
    row(
      'Resource Timing gaps summed (script and browser work), median',
      ...timed((s) => s.beforeRequest + s.afterAnswer),
    ),
    {
      ...row('our script on the critical path, median', ...critical),
      target: `< ${ms(OWN_TIME_TARGET_MS)}`,
      verdict: verdict(critical[0] < OWN_TIME_TARGET_MS),
    },
    ...phaseRows('script', 'script'),
    row(
      'all our script between click and handoff, median',
      ...traced((work) => work.all.script),
    ),
    row(
      'style, layout and paint on the critical path, median',
      ...traced((work) => work.criticalPath.rendering),
    ),
    ...phaseRows('rendering', 'style, layout and paint'),
    row(
      'all style, layout and paint between click and handoff, median',
      ...traced((work) => work.all.rendering),
    ),
  ];
}
