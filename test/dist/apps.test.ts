/**
 * The packed package installed into small Vite apps (plain, React 19,
 * Vue 3, Svelte 5) and the CDN bundle on pages with no build step. Each
 * is opened in Chromium, takes a card payment against the sandbox, and
 * must hear `ecartpay-success` through its own event binding.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { Browser } from 'playwright-core';
import { build } from 'vite';

import {
  collectPageErrors,
  launchBrowser,
  paidOrderId,
  payWithTestCard,
} from './support/browser.ts';
import { ensureInstalled } from './support/package.ts';
import { startShop } from './support/shop.ts';

const fixtures = new URL('./apps/', import.meta.url).pathname;

declare global {
  interface Window {
    checkoutError?: Promise<{ code: string; message: string }>;
  }
}

/** An Ecart Pay order id, as the sandbox makes them. */
const ORDER_ID = /^[0-9a-f]{24}$/;

let consumer = '';
let browser: Browser;

before(async () => {
  consumer = ensureInstalled();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  rmSync(join(consumer, `apps-${process.pid}`), {
    recursive: true,
    force: true,
  });
});

/** Copies an app next to the installed package and builds it. */
async function buildApp(name: string): Promise<string> {
  // One folder per run: another run in the same tree may be building.
  const appDir = join(consumer, `apps-${process.pid}`, name);
  mkdirSync(appDir, { recursive: true });
  cpSync(join(fixtures, name), appDir, { recursive: true });

  await build({
    root: appDir,
    configFile: join(appDir, 'vite.config.js'),
    logLevel: 'warn',
    build: { outDir: join(appDir, 'dist'), emptyOutDir: true },
  });
  return join(appDir, 'dist');
}

/** Opens `path` on a shop serving `roots`, pays, returns the order id. */
async function payOn(roots: string[], path: string): Promise<string> {
  const shop = await startShop({ consumer, staticRoots: roots });
  const page = await browser.newPage();
  const errors = collectPageErrors(page);
  try {
    const separator = path.includes('?') ? '&' : '?';
    const payOrigin = encodeURIComponent(shop.sandboxUrl);
    await page.goto(`${shop.url}${path}${separator}pay-origin=${payOrigin}`);
    await payWithTestCard(page);
    const orderId = await paidOrderId(page);
    assert.deepEqual(errors, []);
    return orderId;
  } finally {
    await page.close();
    await shop.close();
  }
}

describe('Vite apps with the installed package', () => {
  for (const app of ['html', 'react', 'vue', 'svelte']) {
    test(`${app}: pays and hears ecartpay-success`, async () => {
      const built = await buildApp(app);
      assert.match(await payOn([built], '/'), ORDER_ID);
    });
  }
});

describe('CDN bundle on a page without a build step', () => {
  const pages = () => [
    join(fixtures, 'cdn'),
    join(consumer, 'node_modules/ecartpay-checkout/dist'),
  ];

  test('classic <script src> pays and hears ecartpay-success', async () => {
    assert.match(await payOn(pages(), '/classic.html'), ORDER_ID);
  });

  test('module script beside a second copy: no error, pays', async () => {
    assert.match(await payOn(pages(), '/module.html'), ORDER_ID);
  });

  test('an unloadable flow chunk is load-failed, nothing sent', async () => {
    const shop = await startShop({ consumer, staticRoots: pages() });
    const page = await browser.newPage();
    const orderRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/checkout')) {
        orderRequests.push(request.url());
      }
    });
    await page.route('**/chunks/checkout-flow-*.js', (route) => route.abort());
    try {
      await page.goto(`${shop.url}/classic.html`);
      await page.evaluate(async () => {
        await customElements.whenDefined('ecartpay-checkout');
        const checkout = document.querySelector('ecartpay-checkout')!;
        window.checkoutError = new Promise((resolve) =>
          checkout.addEventListener('ecartpay-error', (event) =>
            resolve((event as CustomEvent).detail),
          ),
        );
      });
      await page.getByRole('button', { name: 'Pay with Ecart Pay' }).click();

      const detail = (await page.evaluate(() => window.checkoutError))!;
      assert.equal(detail.code, 'load-failed');
      assert.match(detail.message, /reload the page/);
      assert.deepEqual(orderRequests, []);
      assert.equal(await page.locator('dialog[open]').count(), 0);
    } finally {
      await page.close();
      await shop.close();
    }
  });

  // Whitespace between the tags is slotted text; the element must treat
  // it as no content and keep its default label.
  test('a tag written over two lines keeps its label', async () => {
    const shop = await startShop({ consumer, staticRoots: pages() });
    const page = await browser.newPage();
    try {
      await page.goto(`${shop.url}/whitespace.html`);
      await page.evaluate(async () => {
        await customElements.whenDefined('ecartpay-checkout');
        const checkout = document.querySelector('ecartpay-checkout');
        await checkout?.updateComplete;
      });
      const name = 'Pay with Ecart Pay';
      const button = page.getByRole('button', { name });
      assert.equal(await button.count(), 1);
    } finally {
      await page.close();
      await shop.close();
    }
  });
});
