/**
 * Drives the demo shop in headless Chromium as a customer would: a demo
 * started in-process on free ports, one browser, and a fresh browser
 * context (cookies, storage) for every test.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type FrameLocator,
  type Locator,
  type Page,
} from 'playwright-core';

import { startDemo, type RunningDemo } from '../../demo/start.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';

/** Generous: the machine running the suite has two busy cores. */
export const TIMEOUT_MS = 30_000;

const RESULTS_DIR = new URL('../../test-results/', import.meta.url);


export const CARDS = {
  approved: '4242 4242 4242 4242',
  declined: '4000 0000 0000 0002',
  challenge: '4000 0000 0000 3220',
} as const;

/** The demo with the local emulator, and a browser to visit it. */
export interface Stage {
  demo: RunningDemo;
  browser: Browser;
  close(): Promise<void>;
}

export async function startStage(): Promise<Stage> {
  const demo = await startDemo({
    shopPort: 0,
    sandboxPort: 0,
    env: {},
    logLevel: 'silent',
    watch: false,
  });
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    return {
      demo,
      browser,
      async close() {
        await browser.close();
        await demo.close();
      },
    };
  } catch (error) {
    await demo.close();
    throw error;
  }
}

/**
 * One stage for the suite it is called in: started before its first
 * test, closed after its last. Read it through the returned function.
 */
export function useStage(): () => Stage {
  let stage: Stage | undefined;
  before(async () => {
    stage = await startStage();
  });
  after(async () => {
    await stage?.close();
  });
  return () => {
    if (!stage) throw new Error('the stage has not started');
    return stage;
  };
}

/** A customer on the shop's page, in a browser context of their own. */
export class Customer {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /**
   * Opens the shop in English in a fresh browser context. `bypassCSP`
   * lets a test inject a checker script into the page.
   */
  static async visit(
    stage: Stage,
    { bypassCSP = false } = {},
  ): Promise<Customer> {
    const context = await stage.browser.newContext({
      bypassCSP,
      baseURL: stage.demo.shopUrl,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    await context.addInitScript(recordPolicyViolations);
    const page = await context.newPage();
    await page.goto(stage.demo.shopUrl);
    await page.locator('#products .product').first().waitFor();
    return new Customer(context, page);
  }

  async leave(): Promise<void> {
    await this.context.close();
  }

  /** What the shop's Content Security Policy blocked on its page. */
  async policyViolations(): Promise<string[]> {
    return this.page.evaluate(() => window.policyViolations ?? []);
  }

  /**
   * Runs one step of a scenario; when it fails, leaves a screenshot
   * named after the step in test-results/ before passing the error on.
   */
  async step<T>(name: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      await this.screenshot(name);
      throw error;
    }
  }

  async addToCart(productName: string): Promise<void> {
    await this.page
      .getByRole('button', { name: `Add ${productName} to the cart` })
      .click();
  }

  /** Puts `products` in the cart and opens the payment window. */
  async startCheckout(...products: string[]): Promise<void> {
    await this.step('start-checkout', async () => {
      for (const product of products) await this.addToCart(product);
      await this.checkout();
    });
  }

  /** Presses the element's button: the payment window opens. */
  async checkout(): Promise<void> {
    await this.page.getByRole('button', { name: 'Pay with Ecart Pay' }).click();
    await this.page.getByRole('dialog').waitFor();
  }

  /** The hosted payment page inside the element's window. */
  payPage(): FrameLocator {
    return this.page.frameLocator('ecartpay-checkout iframe');
  }

  /**
   * Fills the card form on the hosted page and submits it: in the
   * element's frame, or in `window` when the page opened in one.
   */
  async payWithCard(
    number: string,
    form: FrameLocator | Page = this.payPage(),
  ): Promise<void> {
    await form.getByLabel('Name on card').fill('Ana López');
    await form.getByLabel('Card number').fill(number);
    await form.getByLabel('Expiry date').fill(futureExpiry());
    await form.getByLabel('Security code (CVC)').fill('123');
    await form.getByRole('button', { name: /^Pay / }).click();
  }

  /** The entry of the event log for `type`, once it is logged. */
  async loggedEvent(type: string): Promise<Locator> {
    const entry = this.page.locator(`#event-log li[data-type="${type}"]`);
    await entry.first().waitFor();
    return entry;
  }

  /** How many times `type` was logged so far. */
  async countLogged(type: string): Promise<number> {
    return this.page.locator(`#event-log li[data-type="${type}"]`).count();
  }

  /** The orders panel's row of the order numbered `number`. */
  orderRow(number: string): Locator {
    return this.page.locator('#orders li.order', { hasText: number });
  }

  /** The customer-facing outcome under the cart. */
  outcome(): Locator {
    return this.page.locator('#outcome');
  }

  /** The order number the outcome names (e.g. OR12345678). */
  async outcomeOrderNumber(): Promise<string> {
    const text = await this.outcome().textContent();
    const number = /OR\d{8}/.exec(text ?? '')?.[0];
    if (!number) throw new Error(`No order number in "${text}"`);
    return number;
  }

  private async screenshot(step: string): Promise<void> {
    await mkdir(RESULTS_DIR, { recursive: true });
    const file = `${Date.now()}-${step.replace(/\W+/g, '-')}.png`;
    await this.page
      .screenshot({ path: join(RESULTS_DIR.pathname, file), fullPage: true })
      .catch(() => undefined);
  }
}

declare global {
  interface Window {
    policyViolations?: string[];
  }
}

/** Runs in every page of the context before its own scripts. */
function recordPolicyViolations(): void {
  const violations: string[] = [];
  window.policyViolations = violations;
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(`${event.effectiveDirective} ${event.blockedURI}`);
  });
}

/** An expiry date two years ahead, as MM/YY. */
function futureExpiry(): string {
  const date = new Date();
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const year = String((date.getFullYear() + 2) % 100).padStart(2, '0');
  return `${month}/${year}`;
}
