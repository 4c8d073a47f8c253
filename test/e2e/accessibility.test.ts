import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, it } from 'node:test';

import type { Page } from 'playwright-core';

import {
  CARDS,
  Customer,
  TIMEOUT_MS,
  useStage,
} from './harness.ts';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

declare global {
  interface Window {
    axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> };
  }
}

/** Every axe-core rule the page breaks, as `rule-id: selector, ...`. */
async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const { violations } = await page.evaluate(() => window.axe.run(document));
  return violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ` +
      violation.nodes.map((node) => node.target.join(' ')).join(', '),
  );
}

describe('the demo shop, checked with axe-core', { timeout: 120_000 }, () => {
  const stage = useStage();
  let customer: Customer;

  // Injecting axe-core is an inline script: the shop's CSP would block it.
  beforeEach(async () => {
    customer = await Customer.visit(stage(), { bypassCSP: true });
  });

  afterEach(async () => {
    await customer?.leave();
  });

  it('has no violations with a cart, in English and Spanish', async () => {
    await customer.addToCart('Chiapas coffee');
    await customer.addToCart('Table chocolate');
    assert.deepEqual(await accessibilityViolations(customer.page), []);

    await customer.page
      .getByRole('button', { name: 'ES', exact: true })
      .click();
    await customer.page.locator('html[lang="es"]').waitFor();
    assert.deepEqual(await accessibilityViolations(customer.page), []);
  });

  it('has no violations after a payment', async () => {
    await customer.startCheckout('Clay mug');
    await customer.payWithCard(CARDS.approved);
    await customer.loggedEvent('ecartpay-success');
    await customer.page.locator('#orders li[data-status="paid"]').waitFor({
      timeout: TIMEOUT_MS,
    });
    assert.deepEqual(await accessibilityViolations(customer.page), []);
  });

  it('has no violations on a narrow screen', async () => {
    await customer.page.setViewportSize({ width: 390, height: 844 });
    await customer.addToCart('Molinillo whisk');
    assert.deepEqual(await accessibilityViolations(customer.page), []);
  });
});
