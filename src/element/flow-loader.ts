/**
 * Loads the payment flow (`checkout-flow.ts`) once per page. The flow,
 * with its window, validation and texts, is not needed for the button
 * to show and work, so it is fetched after the page has loaded: when
 * the browser is idle, or sooner when the customer points at or
 * focuses the button, and at the latest on the click.
 */
import type { CheckoutFlow } from './checkout-flow.ts';

export type CheckoutFlowClass = typeof CheckoutFlow;

let loaded: CheckoutFlowClass | null = null;
let loading: Promise<CheckoutFlowClass> | null = null;

/** The flow's class when its code is already here, for a click to use. */
export function loadedFlow(): CheckoutFlowClass | null {
  return loaded;
}

/**
 * The flow's class. A failed load is asked for again by the next call,
 * but Chromium (150) answers that from its module map, where the HTML
 * standard keeps a failed module fetch for the page's life
 * (https://github.com/whatwg/html/issues/6768): there, only a reload
 * loads it.
 */
export function loadFlow(): Promise<CheckoutFlowClass> {
  loading ??= import('./checkout-flow.ts').then(
    (module) => (loaded = module.CheckoutFlow),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * Runs `task` once the page's own work is done, so that the flow's
 * download and set-up do not compete with the shop's first render.
 */
export function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') {
    requestIdleCallback(task, { timeout: 3000 });
  } else {
    setTimeout(task, 500);
  }
}
