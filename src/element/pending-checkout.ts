/**
 * A checkout that left the page: in redirect mode the tab itself goes to
 * Ecart Pay, so what the element needs to finish the checkout on the
 * return page is kept in sessionStorage (this tab only, gone with it).
 * Only the order's non-personal fields are kept: no name, email or
 * address.
 */
import type { CheckoutOrder } from './order-schema.ts';
import { PENDING_CHECKOUT_KEY as STORAGE_KEY } from './protocol.ts';

/** A pending checkout older than this is dropped, not resumed. */
const LIFETIME_MS = 60 * 60 * 1000;

const KEPT_FIELDS = [
  'id',
  'number',
  'status',
  'currency',
  'totals',
  'pay_link',
  'redirect_url',
] as const;

export interface PendingCheckout {
  order: CheckoutOrder;
  /**
   * Where the status is read (the resolved `status-endpoint` or
   * `endpoint`), or `null` for an element confirming with `getOrder`.
   * Only an element with the same status source resumes the checkout.
   */
  statusSource: string | null;
  savedAt: number;
}

export function savePendingCheckout(
  order: CheckoutOrder,
  statusSource: string | null,
): void {
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) {
    if (order[field] !== undefined) kept[field] = order[field];
  }
  const record = { order: kept, statusSource, savedAt: Date.now() };
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(record));
  } catch {
    // Storage disabled or full: the return page will not resume it,
    // and the merchant's backend still learns the status from Ecart Pay.
  }
}

/**
 * Takes the pending checkout for `statusSource` out of storage, so that
 * only one element resumes it. Expired or unreadable records are
 * dropped.
 */
export function takePendingCheckout(
  statusSource: string | null,
): PendingCheckout | null {
  let record: PendingCheckout;
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    record = JSON.parse(text);
  } catch {
    return null;
  }

  const readable =
    typeof record?.order?.id === 'string' &&
    typeof record.savedAt === 'number';
  const expired = readable && Date.now() - record.savedAt > LIFETIME_MS;
  if (!readable || expired) {
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
  if (record.statusSource !== statusSource) return null;

  sessionStorage.removeItem(STORAGE_KEY);
  return record;
}

/** Whether `page` is the order's return page, by its hints. */
export function isReturnPage(page: URL, order: CheckoutOrder): boolean {
  if (page.searchParams.get('order_id') === order.id) return true;
  if (typeof order.redirect_url !== 'string') return false;
  try {
    const back = new URL(order.redirect_url);
    return back.origin === page.origin && back.pathname === page.pathname;
  } catch {
    return false;
  }
}
