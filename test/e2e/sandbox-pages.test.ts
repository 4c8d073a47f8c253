/**
 * The hosted page in a real browser: framed cross-site with the sandbox
 * attribute an embedding shop uses, as a popup, and refused when framing
 * is off. HTTP-level tests cannot show what Chromium enforces (CSP
 * `form-action` on redirects, `frame-ancestors`, sandboxed forms).
 * Skipped when no Chromium is installed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

import {
  chromium,
  type Browser,
  type Frame,
  type Page,
} from 'playwright-core';

import {
  startSandbox,
  type RunningSandbox,
} from '../../src/sandbox/index.ts';
import {
  APPROVED,
  CHALLENGE,
  DECLINED,
  createOrder,
} from '../sandbox/helpers.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH as CHROMIUM } from '../chromium.ts';

/**
 * Generous on purpose: CI runs on two busy cores, where Chromium may take
 * many times longer than on a laptop. These limits only turn a hang into
 * a failure; no step is expected to come near them.
 */
const STEP_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 5 * 60_000;
const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core');

const FRAME_SANDBOX =
  'allow-forms allow-scripts allow-same-origin allow-popups ' +
  'allow-top-navigation-by-user-activation';

/**
 * A shop on another site (`localhost` against the sandbox's 127.0.0.1):
 * `/embed?src=` frames a pay link, `/thanks` is the landing page.
 */
async function startShop(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    if (url.pathname === '/thanks') {
      res.end(`<!doctype html><title>Thanks</title><p id="landed">ok</p>`);
      return;
    }
    const src = (url.searchParams.get('src') ?? '').replace(/"/g, '');
    res.end(
      `<!doctype html><title>Shop</title>` +
        `<iframe title="Payment" src="${src}" width="800" height="900" ` +
        `sandbox="${FRAME_SANDBOX}" allow="payment"></iframe>`,
    );
  });
  await new Promise<void>((resolve) =>
    server.listen(0, 'localhost', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, server };
}

async function fillCard(frame: Frame, number: string): Promise<void> {
  await frame.getByLabel('Name on card').fill('Ana López');
  await frame.getByLabel('Card number').fill(number);
  await frame.getByLabel('Expiry date').fill('12/39');
  await frame.getByLabel('Security code (CVC)').fill('123');
  await frame.getByRole('button', { name: /^Pay / }).click();
}

/** The frame the shop's iframe shows, once it has loaded `url`. */
async function payFrame(page: Page, url: RegExp): Promise<Frame> {
  await page.waitForFunction(() => document.querySelector('iframe'));
  const handle = await page.$('iframe');
  const frame = await handle!.contentFrame();
  await frame!.waitForURL(url);
  return frame!;
}

interface Axe {
  run(context: Document): Promise<{ violations: { id: string }[] }>;
}

/** The axe-core rules the page breaks (needs a page without CSP). */
async function axeViolations(target: Page): Promise<string[]> {
  await target.addScriptTag({ path: AXE_SCRIPT });
  const { violations } = await target.evaluate(() =>
    (window as unknown as { axe: Axe }).axe.run(document),
  );
  return violations.map((violation) => violation.id);
}

/** A test with its own timeout: a suite's would cover all its tests. */
function browserTest(name: string, run: () => Promise<void>): void {
  test(name, { timeout: TEST_TIMEOUT_MS }, run);
}

describe('hosted page in Chromium', {
  skip: existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`,
}, async () => {
  let browser: Browser;
  let sandbox: RunningSandbox;
  let shop: { origin: string; server: Server };

  before(async () => {
    sandbox = await startSandbox({ port: 0 });
    shop = await startShop();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      timeout: STEP_TIMEOUT_MS,
      args: CHROMIUM_ARGS,
    });
  }, { timeout: TEST_TIMEOUT_MS });

  after(async () => {
    await browser?.close();
    shop?.server.close();
    await sandbox?.close();
  });

  /** A fresh page whose every wait allows for a busy machine. */
  async function newPage(options: { bypassCSP?: boolean } = {}) {
    const page = await browser.newPage(options);
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    return page;
  }

  async function embed(payLink: string): Promise<Page> {
    const page = await newPage();
    const src = encodeURIComponent(payLink);
    await page.goto(`${shop.origin}/embed?src=${src}`);
    return page;
  }

  browserTest('framed: decline, 3-D Secure, land in the frame', async () => {
    const order = await createOrder(sandbox, {
      redirect_url: `${shop.origin}/thanks?cart=7`,
    });
    const page = await embed(order.pay_link);
    const frame = await payFrame(page, /\/pay\//);

    await fillCard(frame, DECLINED);
    await frame.getByRole('alert').waitFor();
    assert.match(await frame.getByRole('alert').innerText(), /declined/);

    await fillCard(frame, CHALLENGE);
    await frame.getByRole('button', { name: 'Approve' }).click();
    await frame.waitForURL(/\/thanks\?/);

    const landed = new URL(frame.url());
    assert.equal(landed.searchParams.get('cart'), '7');
    assert.equal(landed.searchParams.get('order_id'), order.id);
    assert.equal(landed.searchParams.get('status'), 'paid');
    assert.match(page.url(), /\/embed\?/, 'the shop page stays on top');
    assert.equal(sandbox.getOrder(order.id).status, 'paid');
    await page.close();
  });

  browserTest('framed: cash returns to the shop, status=pending', async () => {
    const order = await createOrder(sandbox, {
      redirect_url: `${shop.origin}/thanks`,
    });
    const page = await embed(order.pay_link);
    const frame = await payFrame(page, /\/pay\//);

    await frame.getByRole('link', { name: 'Cash (OXXO)' }).click();
    await frame
      .getByRole('button', { name: 'Get payment reference' })
      .click();
    await frame.getByRole('link', { name: 'Return to the shop' }).click();
    await frame.waitForURL(/\/thanks\?/);

    const landed = new URL(frame.url());
    assert.equal(landed.searchParams.get('status'), 'pending');
    assert.equal(sandbox.getOrder(order.id).status, 'created');
    await page.close();
  });

  browserTest('refused framing: the browser blocks the frame', async () => {
    const order = await createOrder(sandbox);
    sandbox.setRefuseFraming(true);
    try {
      const page = await newPage();
      const blocked = page.waitForEvent('console', (message) =>
        /frame-ancestors/.test(message.text()),
      );
      const src = encodeURIComponent(order.pay_link);
      await page.goto(`${shop.origin}/embed?src=${src}`);
      await blocked;
      await page.close();
    } finally {
      sandbox.setRefuseFraming(false);
    }
  });

  browserTest('as a popup: approval navigates the popup itself', async () => {
    const order = await createOrder(sandbox, {
      redirect_url: `${shop.origin}/thanks`,
    });
    const opener = await newPage();
    await opener.goto(`${shop.origin}/thanks`);
    const [popup] = await Promise.all([
      opener.waitForEvent('popup'),
      opener.evaluate((link) => void window.open(link, 'pay'), order.pay_link),
    ]);
    await popup.waitForLoadState();

    await fillCard(popup.mainFrame(), APPROVED);
    await popup.waitForURL(/\/thanks\?.*status=paid/);
    assert.equal(new URL(opener.url()).search, '');
    await opener.close();
  });

  browserTest('the form, its errors and the result pass axe-core', async () => {
    const order = await createOrder(sandbox);
    const page = await newPage({ bypassCSP: true });
    await page.goto(order.pay_link);
    assert.deepEqual(await axeViolations(page), []);

    await page.getByRole('button', { name: /^Pay / }).click();
    await page.getByRole('alert').waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await fillCard(page.mainFrame(), APPROVED);
    await page
      .getByRole('heading', { name: 'Payment received', exact: true })
      .waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  });
});
