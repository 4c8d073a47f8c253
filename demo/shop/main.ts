/**
 * The demo shop's page: catalogue, cart, the `<ecartpay-checkout>`
 * element, a log of its events and the merchant's orders as Ecart Pay's
 * notifications report them.
 */
import '../../src/element/index.ts';
import type { EcartPayCheckout } from '../../src/element/index.ts';

import { Cart } from './cart.ts';
import { byId, fromTemplate, part } from './dom.ts';
import { watchCheckout } from './checkout-events.ts';
import {
  formatMoney,
  isMessageKey,
  preferredLanguage,
  rememberLanguage,
  t,
  type Language,
  type MessageKey,
} from './i18n.ts';
import { OrdersPanel } from './orders-panel.ts';

interface Product {
  sku: string;
  name: Record<Language, string>;
  description: Record<Language, string>;
  price: number;
}

interface ShopSettings {
  currency: string;
  products: Product[];
  maxQuantity: number;
  ecartPay: 'emulator' | 'sandbox';
  canMarkPaid: boolean;
}

const settings: ShopSettings = await fetchSettings();
const productsBySku = new Map(settings.products.map((p) => [p.sku, p]));
const cart = new Cart(settings.maxQuantity);
const checkout = byId<EcartPayCheckout>('checkout');
let language: Language = preferredLanguage();
const orders = new OrdersPanel(settings.canMarkPaid, () => language);

cart.retain((sku) => productsBySku.has(sku));
cart.addEventListener('change', renderCart);
watchCheckout(checkout, {
  language: () => language,
  onOrderPlaced: () => cart.clear(),
});

for (const button of document.querySelectorAll<HTMLElement>('[data-lang]')) {
  button.addEventListener('click', () =>
    setLanguage(button.dataset.lang as Language),
  );
}

byId('surface-switch').addEventListener('change', (event) => {
  const { value } = event.target as HTMLInputElement;
  checkout.mode = (value || undefined) as EcartPayCheckout['mode'];
});

showMode();
setLanguage(language);
orders.connect();

async function fetchSettings(): Promise<ShopSettings> {
  const response = await fetch('/api/shop');
  if (!response.ok) throw new Error(`GET /api/shop: ${response.status}`);
  return response.json();
}

/** Switches the shop, and the element through `lang`, to `next`. */
function setLanguage(next: Language): void {
  language = next;
  rememberLanguage(next);
  document.documentElement.lang = next;
  document.title = t(next, 'page.title');

  translateStaticTexts();
  for (const button of document.querySelectorAll<HTMLElement>('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === next));
  }

  showMode();
  renderProducts();
  renderCart();
  orders.render();
}

function translateStaticTexts(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset.i18n!;
    if (isMessageKey(key)) element.textContent = t(language, key);
  }
  for (const element of document.querySelectorAll<HTMLElement>(
    '[data-i18n-label]',
  )) {
    const key = element.dataset.i18nLabel!;
    if (isMessageKey(key)) element.setAttribute('aria-label', t(language, key));
  }
}

function showMode(): void {
  const badge = byId('mode-badge');
  const key: MessageKey =
    settings.ecartPay === 'emulator' ? 'mode.emulator' : 'mode.sandbox';
  badge.textContent = t(language, key);
  badge.hidden = false;
}

function money(amount: number): string {
  return formatMoney(language, amount, settings.currency);
}

function renderProducts(): void {
  const cards = settings.products.map((product) => {
    const card = fromTemplate('product-template');
    const name = product.name[language];
    card.dataset.sku = product.sku;
    part<HTMLImageElement>(card, '.product-art').src = artOf(product.sku);
    part(card, '.product-name').textContent = name;
    part(card, '.product-description').textContent =
      product.description[language];
    part(card, '.price').textContent = money(product.price);

    const add = part(card, '.add-button');
    add.textContent = t(language, 'product.add');
    add.setAttribute('aria-label', t(language, 'product.addLabel', { name }));
    add.addEventListener('click', () => cart.add(product.sku));
    return card;
  });
  byId('products').replaceChildren(...cards);
}

function renderCart(): void {
  const focused = focusedCartControl();
  const lines = cart.lines().map(({ sku, quantity }) =>
    cartLine(productsBySku.get(sku)!, quantity),
  );
  byId('cart-lines').replaceChildren(...lines);
  if (focused) refocus(focused);

  const total = cart
    .lines()
    .reduce((sum, l) => sum + productsBySku.get(l.sku)!.price * l.quantity, 0);
  byId('cart-total').textContent = money(total);
  showCartJump(total);

  byId('cart-empty').hidden = !cart.isEmpty();
  byId('cart-total-line').hidden = cart.isEmpty();
  checkout.hidden = cart.isEmpty();
  byId('surface-switch').hidden = cart.isEmpty();
  checkout.order = { items: cart.lines() };
}

interface CartControl {
  sku: string;
  control: string;
}

/** The cart button that has focus, so a re-render can give it back. */
function focusedCartControl(): CartControl | null {
  const active = document.activeElement;
  const line = active?.closest<HTMLElement>('#cart-lines li');
  const control = ['less', 'more', 'remove'].find((name) =>
    active?.classList.contains(name),
  );
  return line && control ? { sku: line.dataset.sku!, control } : null;
}

/** Focus returns to the same button, or to the cart when it is gone. */
function refocus({ sku, control }: CartControl): void {
  const line = byId('cart-lines').querySelector(
    `li[data-sku="${CSS.escape(sku)}"]`,
  );
  const button = line?.querySelector<HTMLButtonElement>(`.${control}`);
  if (button && !button.disabled) button.focus();
  else byId('cart-title').focus();
}

/** On narrow screens the cart is far below: a bar leads to it. */
function showCartJump(total: number): void {
  const count = cart.lines().reduce((sum, line) => sum + line.quantity, 0);
  byId('cart-jump').hidden = count === 0;
  byId('cart-jump-count').textContent = t(language, 'cart.jump', {
    count: String(count),
  });
  byId('cart-jump-total').textContent = money(total);
}

function cartLine(product: Product, quantity: number): HTMLElement {
  const line = fromTemplate('cart-line-template');
  const name = product.name[language];
  line.dataset.sku = product.sku;
  part<HTMLImageElement>(line, '.cart-line-art').src = artOf(product.sku);
  part(line, '.cart-line-name').textContent = name;
  part(line, '.cart-line-total').textContent = money(
    product.price * quantity,
  );

  const count = part(line, '.quantity');
  count.textContent = String(quantity);
  count.setAttribute('aria-label', t(language, 'cart.quantity', { name }));

  const less = part<HTMLButtonElement>(line, '.less');
  const more = part<HTMLButtonElement>(line, '.more');
  const remove = part(line, '.remove');
  less.setAttribute('aria-label', t(language, 'cart.less', { name }));
  more.setAttribute('aria-label', t(language, 'cart.more', { name }));
  more.disabled = quantity >= settings.maxQuantity;
  remove.setAttribute('aria-label', t(language, 'cart.remove', { name }));

  less.addEventListener('click', () =>
    cart.setQuantity(product.sku, quantity - 1),
  );
  more.addEventListener('click', () =>
    cart.setQuantity(product.sku, quantity + 1),
  );
  remove.addEventListener('click', () => cart.setQuantity(product.sku, 0));
  return line;
}

function artOf(sku: string): string {
  return `/demo/shop/art/${sku}.svg`;
}
