/**
 * 5. Memory: a shop page may open and close the payment window many times
 * (a customer who hesitates, a single-page shop that never reloads). After
 * 200 open-and-close cycles, each framing the pay page, and forced
 * garbage collection, this counts what is left behind: JS heap
 * growth, `<iframe>` and `<dialog>` elements no longer in the document but
 * still alive (leaked), and listeners on window and document; and, once
 * the browser has been idle, the frames still in the page (the element
 * keeps one blank frame ready for the next checkout). The
 * reference is a bare `<dialog>` that frames the same pay page and drops
 * the frame on close, cycled the same way on its own page.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import {
  CHECKOUT_BUTTON,
  clickCentre,
  closeCheckout,
  untilCheckoutReady,
  untilIdle,
} from '../lib/element-page.ts';
import { progress } from '../lib/bounded.ts';
import { kB, type Row } from '../lib/table.ts';

const CYCLES = 200;
const WARM_UP_CYCLES = 5;

interface Leftovers {
  heapBytes: number;
  frames: number;
  detachedFrames: number;
  detachedDialogs: number;
  listeners: number;
}

async function collectGarbage(cdp: CDPSession): Promise<void> {
  // Twice: objects freed by the first pass's finalizers go in the second.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
}

/** Live instances of `className` in the document, or out of it. */
async function countLive(
  cdp: CDPSession,
  className: string,
  where: 'in' | 'out',
): Promise<number> {
  const { result: prototype } = await cdp.send('Runtime.evaluate', {
    expression: `${className}.prototype`,
  });
  const { objects } = await cdp.send('Runtime.queryObjects', {
    prototypeObjectId: prototype.objectId!,
  });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId!,
    functionDeclaration: `function () {
      return this.filter((node) => node.isConnected === ${where === 'in'})
        .length;
    }`,
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObject', { objectId: objects.objectId! });
  await cdp.send('Runtime.releaseObject', { objectId: prototype.objectId! });
  return result.value as number;
}

async function countListeners(
  cdp: CDPSession,
  expression: string,
): Promise<number> {
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
    objectId: result.objectId!,
  });
  await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  return listeners.length;
}

async function leftovers(cdp: CDPSession): Promise<Leftovers> {
  await collectGarbage(cdp);
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return {
    heapBytes: usedSize,
    frames: await countLive(cdp, 'HTMLIFrameElement', 'in'),
    detachedFrames: await countLive(cdp, 'HTMLIFrameElement', 'out'),
    detachedDialogs: await countLive(cdp, 'HTMLDialogElement', 'out'),
    listeners:
      (await countListeners(cdp, 'window')) +
      (await countListeners(cdp, 'document')),
  };
}

/** What `cycle` leaves behind after {@link CYCLES} runs on `page`. */
async function cycled(
  page: Page,
  cycle: () => Promise<void>,
): Promise<{ before: Leftovers; half: Leftovers; after: Leftovers }> {
  const cdp = await page.context().newCDPSession(page);
  const started = performance.now();
  for (let run = 0; run < WARM_UP_CYCLES; run++) await cycle();
  const before = await leftovers(cdp);
  for (let run = 0; run < CYCLES / 2; run++) await cycle();
  const half = await leftovers(cdp);
  for (let run = 0; run < CYCLES / 2; run++) await cycle();
  await untilIdle(page, 2000);
  const after = await leftovers(cdp);
  await cdp.detach();
  const seconds = (performance.now() - started) / 1000;
  progress(`memory: ${page.url()}: ${seconds.toFixed(0)} s`);
  return { before, half, after };
}

/**
 * One cycle: open, wait until the window frames the pay page (the frame
 * is in place and navigating), close with the close button. Waiting for
 * the pay page to finish loading as well would triple the cycle's time
 * on a busy 2-core machine and exercise the same code of ours.
 */
async function elementCycle(page: Page): Promise<void> {
  await clickCentre(page, CHECKOUT_BUTTON, { fixed: true });
  await page.waitForFunction(
    () =>
      window.__bench.deepQueryAll(
        document.querySelector('ecartpay-checkout')!,
        'iframe[src]',
      ).length > 0,
  );
  await closeCheckout(page);
}

async function referenceCycle(page: Page): Promise<void> {
  await clickCentre(page, '#reference-open', { fixed: true });
  await page.waitForFunction(
    () => document.querySelector('#reference-dialog iframe[src]') !== null,
  );
  await clickCentre(page, '#reference-close');
  await page.waitForFunction(
    () => !document.querySelector('#reference-dialog iframe'),
  );
}

export async function measureMemory(
  context: BrowserContext,
  elementUrl: string,
  referenceUrl: string,
): Promise<Row[]> {
  const oursPage = await context.newPage();
  await oursPage.goto(elementUrl);
  await untilCheckoutReady(oursPage);
  const ours = await cycled(oursPage, () => elementCycle(oursPage));
  await oursPage.close();

  const referencePage = await context.newPage();
  await referencePage.goto(referenceUrl);
  const reference = await cycled(referencePage, () =>
    referenceCycle(referencePage),
  );
  await referencePage.close();

  const name = `memory after ${CYCLES} open/close cycles`;
  const row = (
    measure: string,
    figure: (run: typeof ours) => number,
    format: (value: number) => string,
    target = '',
  ): Row => {
    const ourValue = figure(ours);
    return {
      measure: `${name}, ${measure}`,
      ours: format(ourValue),
      reference: `${format(figure(reference))} bare dialog + frame`,
      ratio: '',
      target,
      verdict: target ? (ourValue === 0 ? 'pass' : 'fail') : '',
    };
  };
  const count = (value: number) => String(value);
  const signedKB = (bytes: number) => `${bytes >= 0 ? '+' : ''}${kB(bytes)}`;

  return [
    row(
      'JS heap growth after GC',
      (run) => run.after.heapBytes - run.before.heapBytes,
      signedKB,
    ),
    row(
      'of which in the second 100 cycles',
      (run) => run.after.heapBytes - run.half.heapBytes,
      signedKB,
    ),
    row('iframes in the page, idle', (run) => run.after.frames, count),
    row('detached iframes', (run) => run.after.detachedFrames, count, '0'),
    row('detached dialogs', (run) => run.after.detachedDialogs, count, '0'),
    row(
      'listeners added on window + document',
      (run) => run.after.listeners - run.before.listeners,
      count,
    ),
  ];
}
