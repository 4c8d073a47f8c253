/**
 * `npm run bench`: what the checkout costs the shop that embeds it,
 * measured in one run, each figure beside a reference measured the same
 * way in the same run, so that ratios hold on a busy machine.
 *
 *   1. size of the CDN bundle and the npm entry (Buy Button beside them)
 *   2. click to the first frame showing the window (bare dialog)
 *   3. click to the pay page's request, backend excluded (plain redirect)
 *   4. approved payment to the shop usable again (plain redirect)
 *   5. leftovers after 200 open/close cycles (bare dialog with a frame)
 *   6. script cost at page load (Buy Button)
 *
 * Prints a Markdown table (see BENCHMARKS.md). Everything runs on the
 * loopback interface, every loop is bounded, and a watchdog ends the run
 * if it ever takes longer than it should.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './lib/browser.ts';
import { progress, STEP_TIMEOUT_MS } from './lib/bounded.ts';
import { prepareBundles } from './lib/bundles.ts';
import {
  CHECKOUT_BUTTON,
  clickCentre,
  closeCheckout,
  untilCheckoutReady,
} from './lib/element-page.ts';
import {
  startEnvironment,
  type BenchEnvironment,
} from './lib/environment.ts';
import { describeMachine, formatMachine } from './lib/machine.ts';
import { recordServerEvents } from './lib/server-log.ts';
import {
  formatTable,
  listItem,
  notMeasured,
  type Row,
} from './lib/table.ts';
import { measureBackToShop } from './measures/back-to-shop.ts';
import { measureClickToPay } from './measures/click-to-pay.ts';
import { measureClickToWindow } from './measures/click-to-window.ts';
import { measureMemory } from './measures/memory.ts';
import { measureScriptCost } from './measures/script-cost.ts';
import { measureSize, sizeNotes } from './measures/size.ts';

/** A safety net, not a budget: a loaded 2-core machine needs about 6. */
const WATCHDOG_MS = 12 * 60_000;

/**
 * `npm run bench -- window memory` runs only those measurements (and the
 * sizes): window, pay, back, memory, cost. All of them by default.
 * `--write` also puts the results into BENCHMARKS.md.
 */
const ARGS = process.argv.slice(2);
const ONLY = new Set(ARGS.filter((arg) => !arg.startsWith('--')));
const WRITE = ARGS.includes('--write');

const BENCHMARKS_MD = new URL('../BENCHMARKS.md', import.meta.url);
const RESULTS_START = '<!-- bench:results -->';
const RESULTS_END = '<!-- /bench:results -->';

/** Replaces the results section of BENCHMARKS.md with `report`. */
function writeResults(report: string): void {
  const text = readFileSync(BENCHMARKS_MD, 'utf8');
  const start = text.indexOf(RESULTS_START);
  const end = text.indexOf(RESULTS_END);
  if (start < 0 || end < start) {
    throw new Error(`BENCHMARKS.md has no ${RESULTS_START} section`);
  }
  const section = `${RESULTS_START}\n${report.trim()}\n`;
  writeFileSync(
    BENCHMARKS_MD,
    text.slice(0, start) + section + text.slice(end),
  );
}

/** Each measurement's name on the command line, and in the table. */
const LABELS: Record<string, string> = {
  window: 'click to window',
  pay: 'click to pay page',
  back: 'back to the shop',
  memory: 'memory',
  cost: 'script cost',
};

function selected(name: string): boolean {
  return ONLY.size === 0 || ONLY.has(name);
}

/** The rows of one measurement, or one row saying why it failed. */
async function attempt(
  key: string,
  measure: () => Promise<Row[]>,
): Promise<Row[]> {
  const name = LABELS[key] ?? key;
  progress(name);
  const started = performance.now();
  try {
    const rows = await measure();
    progress(`${name}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return rows;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${name} failed: ${message}`);
    return [notMeasured(name, message.split('\n')[0]!)];
  }
}

async function closeReferenceDialog(page: Page): Promise<void> {
  await clickCentre(page, '#reference-dialog button');
  await page.waitForFunction(
    () => !document.querySelector<HTMLDialogElement>('#reference-dialog')!.open,
  );
}

async function clickToWindow(page: Page, env: BenchEnvironment) {
  await page.goto(`${env.shop.url}${env.pages.elementHeld}`);
  await untilCheckoutReady(page);
  return measureClickToWindow(
    page,
    { trigger: CHECKOUT_BUTTON, openTest: 'oursOpen', close: closeCheckout },
    {
      trigger: '#reference-open',
      openTest: 'referenceOpen',
      close: closeReferenceDialog,
    },
  );
}

/** Runs `measure` in a new tab, closed afterwards. */
async function inNewTab(
  context: BrowserContext,
  measure: (page: Page) => Promise<Row[]>,
): Promise<Row[]> {
  const page = await context.newPage();
  try {
    return await measure(page);
  } finally {
    await page.close();
  }
}

/** Measurements 2 to 6, in one browser. */
async function measureInBrowser(
  browser: Browser,
  env: BenchEnvironment,
): Promise<Row[]> {
  const url = (path: string) => `${env.shop.url}${path}`;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  const rows: Row[] = [];
  const withElement = async (name: string, measure: () => Promise<Row[]>) => {
    if (!selected(name)) return;
    rows.push(
      ...(env.pages.element
        ? await attempt(name, measure)
        : [notMeasured(LABELS[name]!, 'no CDN bundle to load')]),
    );
  };

  await withElement('window', () =>
    inNewTab(context, (page) => clickToWindow(page, env)),
  );
  await withElement('pay', () =>
    inNewTab(context, (page) => measureClickToPay(page, env)),
  );
  await withElement('back', () =>
    inNewTab(context, (page) => measureBackToShop(page, env)),
  );
  await withElement('memory', () =>
    measureMemory(
      context,
      url(env.pages.element!),
      url(env.pages.memoryReference),
    ),
  );
  await context.close();

  if (!selected('cost')) return rows;
  rows.push(
    ...(await attempt('cost', () =>
      measureScriptCost(browser, {
        empty: url(env.pages.costEmpty),
        ours: env.pages.costOurs && url(env.pages.costOurs),
        reference: url(env.pages.costReference),
      }),
    )),
  );
  return rows;
}

async function main(): Promise<void> {
  const started = performance.now();
  const watchdog = setTimeout(() => {
    process.stderr.write('bench: took over 12 minutes, stopped\n');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  recordServerEvents();
  progress('bundles');
  const bundles = await prepareBundles();
  progress(`bundles: ${bundles.why}`);
  const rows = measureSize(bundles);
  const notes = sizeNotes(bundles);

  const browser = await launchChromium();
  const machine = describeMachine(browser.version());
  let env: BenchEnvironment | undefined;
  try {
    env = await startEnvironment(bundles);
    rows.push(...(await measureInBrowser(browser, env)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push(notMeasured('browser measurements', message.split('\n')[0]!));
  } finally {
    await env?.close();
    await browser.close();
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const selection = [...ONLY].join(' ');
  const command = selection ? `npm run bench -- ${selection}` : 'npm run bench';
  const report = [
    formatMachine(machine),
    `- command: \`${command}\` (took ${seconds} s)`,
    '',
    formatTable(rows),
    '',
    ...notes.map((note) => listItem(note)),
    '',
  ].join('\n');
  process.stdout.write(report);
  if (WRITE) writeResults(report);
}

await main();
