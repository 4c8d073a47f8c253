import { CheckoutRequestError } from '../../src/server/index.ts';
import type { CreateOrderInput } from '../../src/shared/ecartpay.ts';

/** Text the shop shows in each of its languages. */
export interface Localized {
  es: string;
  en: string;
}

/** A product as the merchant sells it. Prices live here, nowhere else. */
export interface Product {
  sku: string;
  name: Localized;
  description: Localized;
  /** Unit price in major units of {@link SHOP_CURRENCY}. */
  price: number;
}

/** The one currency the shop prices its catalogue in. */
export const SHOP_CURRENCY = 'MXN';

/** Most units of one product a single order may hold. */
export const MAX_QUANTITY = 20;

export const CATALOGUE: readonly Product[] = [
  {
    sku: 'cafe-chiapas',
    name: { es: 'Café de Chiapas', en: 'Chiapas coffee' },
    description: {
      es: 'Grano tostado medio, 500 g. Notas de cacao y panela.',
      en: 'Medium-roast beans, 500 g. Notes of cocoa and panela.',
    },
    price: 189,
  },
  {
    sku: 'taza-barro',
    name: { es: 'Taza de barro', en: 'Clay mug' },
    description: {
      es: 'Hecha a mano en Oaxaca, 350 ml.',
      en: 'Handmade in Oaxaca, 350 ml.',
    },
    price: 145.5,
  },
  {
    sku: 'chocolate-mesa',
    name: { es: 'Chocolate de mesa', en: 'Table chocolate' },
    description: {
      es: 'Tablilla de cacao con canela, 250 g.',
      en: 'Cocoa tablet with cinnamon, 250 g.',
    },
    price: 98,
  },
  {
    sku: 'molinillo',
    name: { es: 'Molinillo', en: 'Molinillo whisk' },
    description: {
      es: 'Batidor de madera torneada para espumar.',
      en: 'Turned wooden whisk for frothing.',
    },
    price: 120,
  },
];

/** A 400 the browser sees, naming the field at fault. */
function rejected(field: string, reason: string): CheckoutRequestError {
  return new CheckoutRequestError(400, `${field}: ${reason}`);
}

const PRODUCTS_BY_SKU = new Map(CATALOGUE.map((p) => [p.sku, p]));

/**
 * Prices a cart on the server. The browser names SKUs and quantities; any
 * name or price it sends is ignored, so a customer editing the page cannot
 * change what they pay.
 *
 * @throws {CheckoutRequestError} 400 for a missing or empty cart, an unknown or
 *   repeated SKU, a quantity that is not a whole number from 1 to
 *   {@link MAX_QUANTITY}, or a currency other than {@link SHOP_CURRENCY}.
 */
export function priceCart(body: unknown): CreateOrderInput {
  const cart = asRecord(body, 'body');
  checkCurrency(cart.currency);

  if (!Array.isArray(cart.items) || cart.items.length === 0) {
    throw rejected('items', 'must be a non-empty array');
  }

  const seen = new Set<string>();
  const items = cart.items.map((line: unknown, index: number) => {
    const product = productOf(line, `items[${index}]`, seen);
    const quantity = quantityOf(line, `items[${index}].quantity`);
    return { name: product.name.es, quantity, price: product.price };
  });

  return { currency: SHOP_CURRENCY, items };
}

function checkCurrency(currency: unknown): void {
  if (currency === undefined || currency === SHOP_CURRENCY) return;
  throw rejected(
    'currency',
    `this shop sells in ${SHOP_CURRENCY} only, not ${String(currency)}`,
  );
}

function productOf(line: unknown, field: string, seen: Set<string>): Product {
  const { sku } = asRecord(line, field);
  if (typeof sku !== 'string' || sku === '') {
    throw rejected(`${field}.sku`, 'must be a non-empty string');
  }

  const product = PRODUCTS_BY_SKU.get(sku);
  if (!product) {
    throw rejected(`${field}.sku`, `unknown SKU "${sku}"`);
  }
  if (seen.has(sku)) {
    throw rejected(`${field}.sku`, `"${sku}" appears twice`);
  }

  seen.add(sku);
  return product;
}

function quantityOf(line: unknown, field: string): number {
  const { quantity } = asRecord(line, field);
  const whole = typeof quantity === 'number' && Number.isInteger(quantity);
  if (whole && quantity >= 1 && quantity <= MAX_QUANTITY) return quantity;

  throw rejected(
    field,
    `must be a whole number from 1 to ${MAX_QUANTITY}`,
  );
}

function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw rejected(field, 'must be a JSON object');
}
