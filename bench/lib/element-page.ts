/**
 * Driving `<ecartpay-checkout>` on a bench page the way a customer does:
 * real mouse clicks on its button and on its window's close button, and
 * waiting on its documented events, never on fixed sleeps.
 */
import type { Page } from 'playwright-core';
import { bounded } from './bounded.ts';

export const CHECKOUT_BUTTON = 'ecartpay-checkout button[part="button"]';
export const CLOSE_BUTTON = 'ecartpay-checkout button[part="close-button"]';

/** The element's outcomes: exactly one ends each checkout. */
const OUTCOMES = [
  'ecartpay-success',
  'ecartpay-pending',
  'ecartpay-cancel',
  'ecartpay-error',
];

/**
 * Starts listening for the element's next outcome; the returned function
 * waits for it and resolves with its type. Call it before the action that
 * ends the checkout.
 */
export async function armOutcome(page: Page): Promise<() => Promise<string>> {
  // No named function inside: tsx would wrap it in a helper that the
  // page does not have (esbuild's keepNames `__name`).
  await page.evaluate((types) => {
    const element = document.querySelector('ecartpay-checkout')!;
    const stop = new AbortController();
    window.__benchOutcome = new Promise<string>((resolve) => {
      for (const type of types) {
        element.addEventListener(
          type,
          (event) => {
            stop.abort();
            resolve(event.type);
          },
          { signal: stop.signal },
        );
      }
    });
  }, OUTCOMES);
  return () =>
    bounded(
      page.evaluate(() => window.__benchOutcome!),
      'the checkout\'s outcome event',
    );
}

/**
 * Waits, after a page load, until the element's payment window's code
 * is here, as it is for a customer who reads the page for a moment
 * before paying (the element fetches it when the browser is idle). Uses
 * the element's public `preload()`, which resolves once it has loaded.
 */
export async function untilCheckoutReady(page: Page): Promise<void> {
  await bounded(
    page.evaluate(async () => {
      await customElements.whenDefined('ecartpay-checkout');
      const element = customElements.get('ecartpay-checkout') as unknown as {
        preload(): Promise<void>;
      };
      await element.preload();
    }),
    'the checkout\'s window code',
  );
}

/**
 * After the page's next idle moment, and what the browser ran in it
 * (the element's idle tasks among them), or after `timeoutMs`: a page
 * that is never idle must not stall the bench.
 */
export async function untilIdle(page: Page, timeoutMs: number) {
  await page.evaluate(
    (timeout) =>
      new Promise((resolve) => requestIdleCallback(resolve, { timeout })),
    timeoutMs,
  );
}

type Box = { x: number; y: number; width: number; height: number };

/**
 * Where the page's fixed buttons are, per page and address: looking up a
 * box costs a round trip to the browser, which on a busy machine is most
 * of a short cycle. Only for what does not move (not the window's own
 * close button, which slides in).
 */
const fixedBoxes = new WeakMap<Page, Map<string, Box>>();

async function boxOf(page: Page, selector: string, fixed: boolean) {
  const key = `${page.url()} ${selector}`;
  const known = fixed ? fixedBoxes.get(page)?.get(key) : undefined;
  if (known) return known;

  const box = await page.locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  if (fixed) {
    if (!fixedBoxes.has(page)) fixedBoxes.set(page, new Map());
    fixedBoxes.get(page)!.set(key, box);
  }
  return box;
}

/**
 * Clicks the centre of what `selector` finds, with the real mouse.
 * `fixed`: the element never moves on this page, its box may be reused.
 */
export async function clickCentre(
  page: Page,
  selector: string,
  { fixed = false } = {},
): Promise<void> {
  const box = await boxOf(page, selector, fixed);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Closes the element's window with its close button; waits for the end. */
export async function closeCheckout(page: Page): Promise<void> {
  const ended = await armOutcome(page);
  await clickCentre(page, CLOSE_BUTTON);
  await ended();
}

/** Whether any `<dialog>` of the element is open. */
export function checkoutOpen(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    window.__bench.anyDialogOpen(document.querySelector('ecartpay-checkout')!),
  );
}
