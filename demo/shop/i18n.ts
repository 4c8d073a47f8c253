/** The shop's own texts; the element translates its own. */
export type Language = 'es' | 'en';

const es = {
  'page.title': 'Tostadero · demo de Ecart Pay',
  skip: 'Ir a los productos',
  'brand.tagline': 'Demo de pago con Ecart Pay',
  'mode.emulator': 'Sandbox local',
  'mode.sandbox': 'Sandbox de Ecart Pay',
  'lang.label': 'Idioma',
  'catalogue.title': 'Café y cacao de México',
  'catalogue.lead':
    'Una tienda de ejemplo: agrega productos y paga con el ' +
    'elemento <ecartpay-checkout>. Nada se cobra de verdad.',
  'product.add': 'Agregar',
  'product.addLabel': 'Agregar {name} al carrito',
  'cart.title': 'Tu carrito',
  'cart.empty': 'Tu carrito está vacío. Agrega un producto para pagar.',
  'cart.total': 'Total',
  'cart.jump': 'Ver carrito ({count})',
  'cart.less': 'Quitar uno de {name}',
  'cart.more': 'Agregar uno de {name}',
  'cart.remove': 'Eliminar {name} del carrito',
  'cart.quantity': 'Cantidad de {name}',
  'surface.legend': 'Mostrar la página de pago',
  'surface.auto': 'Automático',
  'surface.modal': 'En esta página',
  'surface.popup': 'Ventana nueva',
  'surface.redirect': 'Página completa',
  'outcome.success': '¡Pago recibido! Pedido {number}.',
  'outcome.pending':
    'Pedido {number} pendiente: lo confirmaremos cuando llegue el pago.',
  'outcome.cancel': 'Cerraste la ventana de pago. Tu carrito sigue aquí.',
  'outcome.error': 'No se completó el pago: {message}',
  'cards.title': 'Tarjetas de prueba',
  'cards.hint': 'Cualquier fecha futura y cualquier CVC.',
  'cards.approved': 'aprobada',
  'cards.declined': 'rechazada',
  'cards.challenge': 'reto 3-D Secure',
  'cards.cash':
    'Efectivo (OXXO): queda pendiente hasta que lo marques pagado.',
  'orders.title': 'Pedidos de la tienda',
  'orders.lead':
    'El servidor de la tienda los actualiza con las notificaciones de ' +
    'Ecart Pay, nunca con lo que dice el navegador.',
  'orders.empty': 'Aún no hay pedidos.',
  'orders.markPaid': 'Marcar pagado',
  'orders.markPaidLabel': 'Marcar pagado: pedido {number}',
  'status.created': 'Pendiente',
  'status.paid': 'Pagado',
  'status.refunded': 'Reembolsado',
  'status.partially_refunded': 'Reembolso parcial',
  'log.title': 'Eventos del elemento',
  'log.empty': 'Los eventos ecartpay-* aparecerán aquí.',
  'log.clear': 'Limpiar',
  'return.title': 'Volviendo a la tienda…',
  'return.done': 'Tu pago',
  'return.back': 'Volver a la tienda',
  'return.unknown':
    'No pudimos confirmar tu pago. Revisa tus pedidos en la tienda.',
};

export type MessageKey = keyof typeof es;

const en: Record<MessageKey, string> = {
  'page.title': 'Tostadero · Ecart Pay demo',
  skip: 'Skip to the products',
  'brand.tagline': 'Ecart Pay checkout demo',
  'mode.emulator': 'Local sandbox',
  'mode.sandbox': 'Ecart Pay sandbox',
  'lang.label': 'Language',
  'catalogue.title': 'Coffee and cocoa from Mexico',
  'catalogue.lead':
    'An example shop: add products and pay with the ' +
    '<ecartpay-checkout> element. Nothing is really charged.',
  'product.add': 'Add',
  'product.addLabel': 'Add {name} to the cart',
  'cart.title': 'Your cart',
  'cart.empty': 'Your cart is empty. Add a product to pay.',
  'cart.total': 'Total',
  'cart.jump': 'View cart ({count})',
  'cart.less': 'One less {name}',
  'cart.more': 'One more {name}',
  'cart.remove': 'Remove {name} from the cart',
  'cart.quantity': 'Quantity of {name}',
  'surface.legend': 'Show the payment page',
  'surface.auto': 'Automatic',
  'surface.modal': 'On this page',
  'surface.popup': 'New window',
  'surface.redirect': 'Full page',
  'outcome.success': 'Payment received! Order {number}.',
  'outcome.pending':
    'Order {number} is pending: we will confirm it when the money arrives.',
  'outcome.cancel': 'You closed the payment window. Your cart is still here.',
  'outcome.error': 'The payment did not go through: {message}',
  'cards.title': 'Test cards',
  'cards.hint': 'Any future expiry date and any CVC.',
  'cards.approved': 'approved',
  'cards.declined': 'declined',
  'cards.challenge': '3-D Secure challenge',
  'cards.cash': 'Cash (OXXO): stays pending until you mark it paid.',
  'orders.title': 'Shop orders',
  'orders.lead':
    "The shop's server updates them from Ecart Pay's notifications, " +
    'never from what the browser says.',
  'orders.empty': 'No orders yet.',
  'orders.markPaid': 'Mark paid',
  'orders.markPaidLabel': 'Mark paid: order {number}',
  'status.created': 'Pending',
  'status.paid': 'Paid',
  'status.refunded': 'Refunded',
  'status.partially_refunded': 'Partly refunded',
  'log.title': 'Element events',
  'log.empty': 'ecartpay-* events will show up here.',
  'log.clear': 'Clear',
  'return.title': 'Back to the shop…',
  'return.done': 'Your payment',
  'return.back': 'Back to the shop',
  'return.unknown':
    'We could not confirm your payment. Check your orders in the shop.',
};

const messages: Record<Language, Record<MessageKey, string>> = { es, en };

const LANGUAGE_KEY = 'tostadero-language';

/** The customer's last choice, else their browser's language. */
export function preferredLanguage(): Language {
  const stored = localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'es' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export function rememberLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
}

/** The text for `key`, with `{name}` placeholders filled from `values`. */
export function t(
  language: Language,
  key: MessageKey,
  values: Record<string, string> = {},
): string {
  return messages[language][key].replace(
    /\{(\w+)\}/g,
    (placeholder, name: string) => values[name] ?? placeholder,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return key in es;
}

/** Amounts as the shop's customers read them: $1,234.50 MXN. */
export function formatMoney(
  language: Language,
  amount: number,
  currency: string,
): string {
  const locale = language === 'es' ? 'es-MX' : 'en-US';
  const number = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).format(amount);
  return `${number} ${currency}`;
}
