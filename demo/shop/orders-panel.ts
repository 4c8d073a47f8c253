import { byId, fromTemplate, part } from './dom.ts';
import { formatMoney, t, type Language, type MessageKey } from './i18n.ts';

/** An order as the merchant backend reports it (see orders-store.ts). */
interface OrderSummary {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * The merchant's orders, live from the backend's event stream. Each
 * status is Ecart Pay's own, read by the server when a notification (or
 * the customer's return) said the order changed; nothing the browser
 * claims reaches it.
 */
export class OrdersPanel {
  private readonly orders = new Map<string, OrderSummary>();
  private readonly marking = new Set<string>();

  constructor(
    private readonly canMarkPaid: boolean,
    private readonly language: () => Language,
  ) {}

  /** Follows `/api/orders/stream`; EventSource reconnects by itself. */
  connect(): void {
    const stream = new EventSource('/api/orders/stream');
    stream.addEventListener('orders', (event) => {
      this.orders.clear();
      for (const order of JSON.parse(event.data) as OrderSummary[]) {
        this.orders.set(order.id, order);
      }
      this.render();
    });
    stream.addEventListener('order', (event) => {
      const order = JSON.parse(event.data) as OrderSummary;
      this.orders.set(order.id, order);
      this.marking.delete(order.id);
      this.render();
    });
  }

  render(): void {
    const newestFirst = [...this.orders.values()].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    byId('orders').replaceChildren(...newestFirst.map((o) => this.row(o)));
    byId('orders-empty').hidden = this.orders.size > 0;
  }

  private row(order: OrderSummary): HTMLElement {
    const language = this.language();
    const row = fromTemplate('order-template');
    row.dataset.orderId = order.id;
    row.dataset.status = order.status;
    part(row, '.order-number').textContent = order.number;
    part(row, '.order-total').textContent = formatMoney(
      language,
      order.total,
      order.currency,
    );

    const status = part(row, '.status');
    status.textContent = t(language, statusKey(order.status));
    status.dataset.status = order.status;
    const updated = new Date(order.updatedAt).toLocaleTimeString(language);
    part(row, '.order-time').textContent = updated;
    part(row, '.order-time').setAttribute('datetime', order.updatedAt);

    const button = part<HTMLButtonElement>(row, '.mark-paid');
    if (this.canMarkPaid && order.status === 'created') {
      this.setUpMarkPaid(button, order);
    } else {
      button.remove();
    }
    return row;
  }

  private setUpMarkPaid(button: HTMLButtonElement, order: OrderSummary) {
    const language = this.language();
    button.textContent = t(language, 'orders.markPaid');
    button.setAttribute(
      'aria-label',
      t(language, 'orders.markPaidLabel', { number: order.number }),
    );
    button.disabled = this.marking.has(order.id);
    button.addEventListener('click', () => void this.markPaid(order.id));
  }

  /**
   * Asks the backend to have the emulator settle the cash payment. The
   * row turns paid only when the resulting notification arrives.
   */
  private async markPaid(id: string): Promise<void> {
    this.marking.add(id);
    this.render();
    const response = await fetch(
      `/api/orders/${encodeURIComponent(id)}/mark-paid`,
      { method: 'POST' },
    ).catch(() => null);
    if (!response?.ok) {
      this.marking.delete(id);
      this.render();
    }
  }
}

function statusKey(status: string): MessageKey {
  const known = ['created', 'paid', 'refunded', 'partially_refunded'];
  return known.includes(status)
    ? (`status.${status}` as MessageKey)
    : 'status.created';
}
