/**
 * Chromium for the dist suite, and paying on the sandbox's hosted page
 * the way a customer does.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../chromium.ts';

/** Generous: the machine is slow and busy, and nothing here is timed. */
export const STEP_TIMEOUT_MS = 30_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Errors the page threw, kept so that a test can show them. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Starts a checkout with the element's button and pays in the framed
 * pay page with the sandbox's approved test card.
 */
export async function payWithTestCard(page: Page): Promise<void> {
  await page
    .getByRole('button', { name: 'Pay with Ecart Pay' })
    .click({ timeout: STEP_TIMEOUT_MS });

  const payPage = page.frameLocator('iframe');
  const field = (name: string) => payPage.locator(`input[name="${name}"]`);
  await field('number').waitFor({ timeout: STEP_TIMEOUT_MS });
  await field('name').fill('Ada Lovelace');
  await field('number').fill('4242 4242 4242 4242');
  await field('expiry').fill('12/34');
  await field('cvc').fill('123');
  await payPage.locator('button.pay').click();
}

/** Waits for the text the app shows when its own listener heard success. */
export async function paidOrderId(page: Page): Promise<string> {
  const outcome = page.getByText(/^Paid order \S+$/);
  await outcome.waitFor({ timeout: STEP_TIMEOUT_MS });
  const text = (await outcome.textContent()) ?? '';
  return text.replace('Paid order ', '');
}
