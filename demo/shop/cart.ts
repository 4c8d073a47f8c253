/** One line of the cart: what the browser sends, never a price. */
export interface CartLine {
  sku: string;
  quantity: number;
}

const STORAGE_KEY = 'tostadero-cart';

/**
 * The customer's cart: SKUs and quantities, kept in sessionStorage so a
 * checkout that leaves the page (full redirect) finds it on return.
 * Fires `change` after every edit.
 */
export class Cart extends EventTarget {
  private readonly quantities = new Map<string, number>();

  constructor(private readonly maxQuantity: number) {
    super();
    for (const line of readStored()) {
      this.quantities.set(line.sku, line.quantity);
    }
  }

  lines(): CartLine[] {
    return [...this.quantities].map(([sku, quantity]) => ({ sku, quantity }));
  }

  isEmpty(): boolean {
    return this.quantities.size === 0;
  }

  add(sku: string): void {
    this.setQuantity(sku, (this.quantities.get(sku) ?? 0) + 1);
  }

  /** Sets a line's quantity; 0 or less removes it. */
  setQuantity(sku: string, quantity: number): void {
    if (quantity <= 0) this.quantities.delete(sku);
    else this.quantities.set(sku, Math.min(quantity, this.maxQuantity));
    this.changed();
  }

  clear(): void {
    this.quantities.clear();
    this.changed();
  }

  /** Keeps only the lines whose SKU `isKnown` accepts. */
  retain(isKnown: (sku: string) => boolean): void {
    for (const sku of this.quantities.keys()) {
      if (!isKnown(sku)) this.quantities.delete(sku);
    }
    this.changed();
  }

  private changed(): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(this.lines()));
    this.dispatchEvent(new Event('change'));
  }
}

function readStored(): CartLine[] {
  try {
    const lines: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY)!);
    return Array.isArray(lines) ? lines.filter(isCartLine) : [];
  } catch {
    return [];
  }
}

function isCartLine(value: unknown): value is CartLine {
  const line = value as Partial<CartLine> | null;
  return (
    typeof line?.sku === 'string' &&
    Number.isInteger(line.quantity) &&
    line.quantity! > 0
  );
}
