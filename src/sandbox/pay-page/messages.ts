/** Languages of the hosted page. */
export type Language = 'en' | 'es';

/**
 * Picks the page's language: a `lang` query parameter first (state lives
 * in the URL, never in a cookie), then the best `Accept-Language` match.
 */
export function pickLanguage(
  query: string | null,
  acceptLanguage: string | undefined,
): Language {
  if (query === 'en' || query === 'es') return query;

  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params
        .map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1])
        .find((value) => value !== undefined);
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);

  for (const { tag } of ranked) {
    const primary = tag.split('-')[0];
    if (primary === 'es' || primary === 'en') return primary;
  }
  return 'en';
}

/** The locale used to format amounts for a language. */
export const LOCALES: Record<Language, string> = {
  en: 'en-US',
  es: 'es-MX',
};

/** Statuses of an order that can no longer be paid. */
export type SettledStatus = 'paid' | 'partially_refunded' | 'refunded';

export interface Messages {
  title: string;
  sandboxBadge: string;
  orderLabel: string;
  summaryHeading: string;
  quantity: string;
  shipping: string;
  subtotal: string;
  total: string;
  methodsLabel: string;
  card: string;
  cash: string;
  cardHeading: string;
  cardholder: string;
  cardNumber: string;
  expiry: string;
  expiryHint: string;
  cvc: string;
  pay: (amount: string) => string;
  errorSummary: string;
  testCardsHeading: string;
  testCards: [number: string, outcome: string][];
  testCardsNote: string;
  cashHeading: string;
  cashIntro: string;
  cashButton: string;
  cashReferenceHeading: string;
  cashInstructions: (amount: string) => string;
  cashPendingNote: string;
  backToShop: string;
  challengeTitle: string;
  challengeIntro: (amount: string) => string;
  /** Read before the last four digits, for screen readers. */
  cardEnding: string;
  challengeApprove: string;
  challengeFail: string;
  challengeNote: string;
  /** Pages of orders that can no longer be paid. */
  settled: Record<
    SettledStatus,
    { title: string; text: (number: string) => string }
  >;
  closeWindow: string;
  notFoundTitle: string;
  notFoundText: string;
  errors: {
    nameRequired: string;
    numberRequired: string;
    numberInvalid: string;
    numberUnknown: string;
    expiryRequired: string;
    expiryInvalid: string;
    expiryPast: string;
    cvcRequired: string;
    cvcInvalid: string;
    declined: string;
    authenticationFailed: string;
    challengeExpired: string;
  };
}

const en: Messages = {
  title: 'Pay your order',
  sandboxBadge: 'Sandbox: no real money moves',
  orderLabel: 'Order',
  summaryHeading: 'Order summary',
  quantity: 'Qty',
  shipping: 'Shipping',
  subtotal: 'Subtotal',
  total: 'Total',
  methodsLabel: 'Payment method',
  card: 'Card',
  cash: 'Cash (OXXO)',
  cardHeading: 'Pay by card',
  cardholder: 'Name on card',
  cardNumber: 'Card number',
  expiry: 'Expiry date',
  expiryHint: 'MM/YY',
  cvc: 'Security code (CVC)',
  pay: (amount) => `Pay ${amount}`,
  errorSummary: 'Please check the following:',
  testCardsHeading: 'Test cards',
  testCards: [
    ['4242 4242 4242 4242', 'approved'],
    ['4000 0000 0000 0002', 'declined'],
    ['4000 0000 0000 3220', '3-D Secure challenge'],
  ],
  testCardsNote: 'Any future expiry date and any 3-digit CVC.',
  cashHeading: 'Pay in cash at OXXO',
  cashIntro:
    'You get a payment reference to pay at any OXXO store. The order ' +
    'is confirmed when your payment arrives.',
  cashButton: 'Get payment reference',
  cashReferenceHeading: 'Your OXXO payment reference',
  cashInstructions: (amount) =>
    `Pay ${amount} in cash at any OXXO store with this reference.`,
  cashPendingNote:
    'Your order is waiting for payment. The shop is told as soon as ' +
    'the money arrives.',
  backToShop: 'Return to the shop',
  challengeTitle: '3-D Secure verification',
  challengeIntro: (amount) =>
    `Your bank asks you to confirm a payment of ${amount}.`,
  cardEnding: 'Card ending in ',
  challengeApprove: 'Approve',
  challengeFail: 'Fail authentication',
  challengeNote:
    'Sandbox bank: choose the outcome you want to test.',
  settled: {
    paid: {
      title: 'Payment received',
      text: (number) => `Order ${number} is paid. Thank you!`,
    },
    partially_refunded: {
      title: 'Payment received',
      text: (number) => `Order ${number} is paid; part of it was refunded.`,
    },
    refunded: {
      title: 'Order refunded',
      text: (number) => `Order ${number} was refunded.`,
    },
  },
  closeWindow: 'You can close this window.',
  notFoundTitle: 'Order not found',
  notFoundText: 'This payment link is not valid. Ask the shop for a new one.',
  errors: {
    nameRequired: 'Enter the name shown on the card.',
    numberRequired: 'Enter the card number.',
    numberInvalid: 'This card number is not valid.',
    numberUnknown:
      'The sandbox accepts only its test cards (see the list below).',
    expiryRequired: 'Enter the expiry date.',
    expiryInvalid: 'Enter the expiry date as MM/YY.',
    expiryPast: 'This card has expired.',
    cvcRequired: 'Enter the security code.',
    cvcInvalid: 'The security code is the 3 digits on the back.',
    declined:
      'Your card was declined. No charge was made. Try another card ' +
      'or another payment method.',
    authenticationFailed:
      'Your bank could not verify this payment. No charge was made. ' +
      'Try again or use another card.',
    challengeExpired:
      'The verification is no longer valid. Please enter your card again.',
  },
};

const es: Messages = {
  title: 'Paga tu pedido',
  sandboxBadge: 'Sandbox: no se mueve dinero real',
  orderLabel: 'Pedido',
  summaryHeading: 'Resumen del pedido',
  quantity: 'Cant.',
  shipping: 'Envío',
  subtotal: 'Subtotal',
  total: 'Total',
  methodsLabel: 'Método de pago',
  card: 'Tarjeta',
  cash: 'Efectivo (OXXO)',
  cardHeading: 'Pagar con tarjeta',
  cardholder: 'Nombre en la tarjeta',
  cardNumber: 'Número de tarjeta',
  expiry: 'Fecha de vencimiento',
  expiryHint: 'MM/AA',
  cvc: 'Código de seguridad (CVC)',
  pay: (amount) => `Pagar ${amount}`,
  errorSummary: 'Revisa lo siguiente:',
  testCardsHeading: 'Tarjetas de prueba',
  testCards: [
    ['4242 4242 4242 4242', 'aprobada'],
    ['4000 0000 0000 0002', 'rechazada'],
    ['4000 0000 0000 3220', 'verificación 3-D Secure'],
  ],
  testCardsNote: 'Cualquier fecha futura y cualquier CVC de 3 dígitos.',
  cashHeading: 'Pagar en efectivo en OXXO',
  cashIntro:
    'Recibes una referencia para pagar en cualquier tienda OXXO. El ' +
    'pedido se confirma cuando llega tu pago.',
  cashButton: 'Obtener referencia de pago',
  cashReferenceHeading: 'Tu referencia de pago OXXO',
  cashInstructions: (amount) =>
    `Paga ${amount} en efectivo en cualquier OXXO con esta referencia.`,
  cashPendingNote:
    'Tu pedido espera el pago. La tienda recibe aviso en cuanto llegue ' +
    'el dinero.',
  backToShop: 'Volver a la tienda',
  challengeTitle: 'Verificación 3-D Secure',
  challengeIntro: (amount) =>
    `Tu banco te pide confirmar un pago de ${amount}.`,
  cardEnding: 'Tarjeta terminada en ',
  challengeApprove: 'Aprobar',
  challengeFail: 'Fallar la verificación',
  challengeNote: 'Banco de prueba: elige el resultado que quieres probar.',
  settled: {
    paid: {
      title: 'Pago recibido',
      text: (number) => `El pedido ${number} está pagado. ¡Gracias!`,
    },
    partially_refunded: {
      title: 'Pago recibido',
      text: (number) =>
        `El pedido ${number} está pagado; se reembolsó una parte.`,
    },
    refunded: {
      title: 'Pedido reembolsado',
      text: (number) => `El pedido ${number} fue reembolsado.`,
    },
  },
  closeWindow: 'Puedes cerrar esta ventana.',
  notFoundTitle: 'Pedido no encontrado',
  notFoundText:
    'Este enlace de pago no es válido. Pide uno nuevo a la tienda.',
  errors: {
    nameRequired: 'Escribe el nombre que aparece en la tarjeta.',
    numberRequired: 'Escribe el número de tarjeta.',
    numberInvalid: 'Este número de tarjeta no es válido.',
    numberUnknown:
      'El sandbox solo acepta sus tarjetas de prueba (ver la lista).',
    expiryRequired: 'Escribe la fecha de vencimiento.',
    expiryInvalid: 'Escribe la fecha de vencimiento como MM/AA.',
    expiryPast: 'Esta tarjeta está vencida.',
    cvcRequired: 'Escribe el código de seguridad.',
    cvcInvalid: 'El código de seguridad son los 3 dígitos del reverso.',
    declined:
      'Tu tarjeta fue rechazada. No se hizo ningún cargo. Prueba otra ' +
      'tarjeta u otro método de pago.',
    authenticationFailed:
      'Tu banco no pudo verificar este pago. No se hizo ningún cargo. ' +
      'Inténtalo de nuevo o usa otra tarjeta.',
    challengeExpired:
      'La verificación ya no es válida. Escribe tu tarjeta de nuevo.',
  },
};

export const MESSAGES: Record<Language, Messages> = { en, es };
