/**
 * 6. Script cost: main-thread time the CDN bundle adds to the shop's page
 * load (compiling and running it, the element's registration and first
 * render included), from Chromium's own counters (CDP
 * Performance.getMetrics), against the same page without it. Shopify's
 * Buy Button bundle is loaded the same way, the pages taking turns. The
 * payment flow's chunk is not part of the load: the element fetches it
 * when the browser is idle, which may or may not fall inside the window.
 */
import type {
  Browser,
  BrowserContext,
  CDPSession,
  Page,
} from 'playwright-core';
import { bounded } from '../lib/bounded.ts';
import { median } from '../lib/stats.ts';
import { ms, ratio, type Row } from '../lib/table.ts';

const LOADS = 10;
const WARM_UP_LOADS = 2;

export interface CostPages {
  /** The shop page without any widget. */
  empty: string;
  /** The same page loading our CDN bundle (undefined: not built). */
  ours?: string;
  /** The same page loading Shopify's Buy Button bundle. */
  reference: string;
}

interface LoadCost {
  script: number;
  task: number;
}

type Metrics = Record<string, number>;

/**
 * When each page's widget has done its load-time work. The CDN's classic
 * script only imports the ES module beside it, so our element is defined
 * some time after the load event: wait for it. The Buy Button's classic
 * script has run by then; its global says so. Each is measured up to the
 * next frame after that.
 */
const READY: Record<keyof CostPages, () => Promise<unknown>> = {
  empty: async () => {},
  ours: () => customElements.whenDefined('ecartpay-checkout'),
  reference: async () => {
    if (!('ShopifyBuy' in window)) throw new Error('Buy Button did not run');
  },
};

async function readMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    metrics.map((entry) => [entry.name, entry.value * 1000]),
  );
}

/**
 * Main-thread costs of one load of `url`, in ms: the growth of Chromium's
 * counters over the navigation, in a tab of its own. In a reused tab the
 * counters do not only grow: a navigation may start them again from
 * zero (a new document's renderer), so the difference with the previous
 * page's reading measured that page as much as this one. A fresh tab's
 * counters hold only its blank page before the navigation. Served with
 * `no-store`, the bundle is fetched and compiled afresh each time: no V8
 * code cache can form.
 */
async function loadCost(
  context: BrowserContext,
  url: string,
  ready: () => Promise<unknown>,
): Promise<LoadCost> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await readMetrics(cdp);
    await page.goto(url, { waitUntil: 'load' });
    await bounded(page.evaluate(ready), `the widget of ${url} ready`);
    await nextFrame(page);
    const after = await readMetrics(cdp);
    return {
      script: after.ScriptDuration - before.ScriptDuration,
      task: after.TaskDuration - before.TaskDuration,
    };
  } finally {
    await page.close();
  }
}

function nextFrame(page: Page): Promise<unknown> {
  return page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(resolve)),
  );
}

export async function measureScriptCost(
  browser: Browser,
  pages: CostPages,
): Promise<Row[]> {
  const sides = Object.entries(pages).filter(([, url]) => url) as Array<
    [keyof CostPages, string]
  >;
  const costs = new Map(sides.map(([side]) => [side, [] as LoadCost[]]));

  const context = await browser.newContext();
  try {
    for (let load = 0; load < WARM_UP_LOADS + LOADS; load++) {
      for (const [side, url] of sides) {
        const cost = await loadCost(context, url, READY[side]);
        if (load >= WARM_UP_LOADS) costs.get(side)!.push(cost);
      }
    }
  } finally {
    await context.close();
  }

  const added = (side: keyof CostPages, key: keyof LoadCost) => {
    const base = median(costs.get('empty')!.map((cost) => cost[key]));
    const with_ = costs.get(side);
    return with_ ? median(with_.map((cost) => cost[key])) - base : NaN;
  };

  const reference = 'Buy Button';
  const row = (key: keyof LoadCost, what: string): Row => ({
    measure: `script cost at load, ${what} added (median of ${LOADS})`,
    ours: pages.ours ? ms(added('ours', key)) : 'not measured: no bundle',
    reference: `${ms(added('reference', key))} ${reference}`,
    ratio: ratio(added('ours', key), added('reference', key)),
    target: '',
    verdict: '',
  });
  return [row('script', 'JS time'), row('task', 'main-thread time')];
}
