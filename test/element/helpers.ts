/**
 * Helpers for the element's browser tests: scenarios of the scripted
 * merchant fixture (see fixtures/merchant.mjs) and ways into the
 * element's shadow DOM.
 */
import { fixture, html } from '@open-wc/testing';
import '../../src/element/define.ts';
import type { EcartPayCheckout } from '../../src/element/ecartpay-checkout.ts';

export type Step =
  | 'order'
  | 'stored'
  | 'hang'
  | 'drop'
  | { status: number; body: unknown }
  | { order: Record<string, unknown> };

export interface ScenarioSpec {
  create?: Step[];
  status?: Step[];
  pay?: 'stay' | 'paid' | 'cash' | 'lie' | 'refund' | 'hostile' | 'deny';
}

export interface Scenario {
  id: string;
  endpoint: string;
  payOrigin: string;
}

export interface ScenarioReport {
  requests: { key: string; body: Record<string, unknown> }[];
  statusRequests: string[];
  payPageLoads: number;
  orders: Record<string, unknown>[];
}

export const ITEMS = [{ name: 'Brazalete', quantity: 2, price: 243.33 }];

export async function scenario(spec: ScenarioSpec = {}): Promise<Scenario> {
  const response = await fetch('/__fixture/scenarios', {
    method: 'POST',
    body: JSON.stringify(spec),
  });
  return response.json();
}

export async function reportOf(scene: Scenario): Promise<ScenarioReport> {
  const response = await fetch(`/__fixture/scenarios/${scene.id}`);
  return response.json();
}

/** An element wired to the scenario's endpoint and pay origin. */
export function checkoutFor(
  scene: Scenario,
  extra: { lang?: string; timeout?: number } = {},
): Promise<EcartPayCheckout> {
  return fixture<EcartPayCheckout>(html`
    <ecartpay-checkout
      endpoint=${scene.endpoint}
      pay-origins=${scene.payOrigin}
      items=${JSON.stringify(ITEMS)}
      currency="MXN"
      lang=${extra.lang ?? 'en'}
      timeout=${extra.timeout ?? 15000}
    ></ecartpay-checkout>
  `);
}

export function part<T extends Element = HTMLElement>(
  el: EcartPayCheckout,
  name: string,
): T {
  const found = el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part ${name}`);
  return found;
}

export function maybePart(el: EcartPayCheckout, name: string) {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

export function dialogOf(el: EcartPayCheckout): HTMLDialogElement {
  return part<HTMLDialogElement>(el, 'dialog');
}

/** The focused element, looking inside shadow roots. */
export function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  return active;
}

/**
 * The addresses the element's frames were sent to. A blank spare frame
 * may wait in the closed window; it has none, so it is not listed.
 */
export function payPageFrames(el: EcartPayCheckout): string[] {
  const frames = el.shadowRoot!.querySelectorAll('iframe');
  return [...frames].flatMap((frame) => frame.getAttribute('src') ?? []);
}

/** Resolves on the frame's next `load` event. */
export function frameLoad(el: EcartPayCheckout): Promise<HTMLIFrameElement> {
  const frame = part<HTMLIFrameElement>(el, 'frame');
  return new Promise((resolve) =>
    frame.addEventListener('load', () => resolve(frame), { once: true }),
  );
}

/**
 * Opens the window on the pay page and waits until the frame loaded.
 * The outcome comes back wrapped: an async function returning a bare
 * promise would wait for it.
 */
export async function openOnPayPage(el: EcartPayCheckout) {
  const opened = new Promise<void>((resolve) =>
    el.addEventListener('ecartpay-open', () => resolve(), { once: true }),
  );
  const outcome = el.open();
  await opened;
  await el.updateComplete;
  await frameLoad(el);
  return { outcome };
}
