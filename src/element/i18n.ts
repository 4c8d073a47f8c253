/**
 * Every text a customer can read, in each language the element speaks.
 * Error texts are written for the customer; the `code` of the
 * `ecartpay-error` event is what the page's code should act on.
 */
import type { CheckoutErrorCode } from './events.ts';
import type { Language } from './language.ts';

/** Every error but `load-failed`, which the button reports itself. */
export type FlowErrorCode = Exclude<CheckoutErrorCode, 'load-failed'>;

export interface Messages {
  windowTitle: string;
  close: string;
  creatingOrder: string;
  loadingPayPage: string;
  frameTitle: string;
  confirming: string;
  continueInNewWindow: string;
  continueHint: string;
  leaving: string;
  errors: Record<FlowErrorCode, string>;
}

const en: Messages = {
  windowTitle: 'Ecart Pay payment',
  close: 'Close the payment window',
  creatingOrder: 'Creating your order…',
  loadingPayPage: 'Loading the payment page…',
  frameTitle: 'Ecart Pay payment page',
  confirming: 'Confirming your payment…',
  continueInNewWindow: 'Continue in a new window',
  continueHint: 'Payment page not showing?',
  leaving: 'Taking you to Ecart Pay…',
  errors: {
    'invalid-config':
      'This payment button is not set up correctly. ' +
      'Please contact the store.',
    'invalid-items':
      'We could not read your cart. Please refresh the page and try again.',
    'invalid-currency':
      'This store asked for a currency we cannot take. ' +
      'Please contact the store.',
    'order-failed': 'We could not create your order. Please try again.',
    'order-timeout': 'The store took too long to answer. Please try again.',
    network:
      'We could not reach the store. ' +
      'Check your connection and try again.',
    'invalid-order':
      'The store sent an order we could not read. Please try again later.',
    'forbidden-pay-link':
      'For your safety we did not open this payment page. ' +
      'Please contact the store.',
    'status-failed':
      'We could not confirm your payment yet. ' +
      'The store will let you know as soon as it is confirmed.',
    'framing-refused':
      'The payment page cannot be shown here. Please try again.',
    'popup-blocked':
      'Your browser blocked the payment window. ' +
      'Allow pop-ups for this site and try again.',
    'order-refunded': 'This payment has been refunded.',
  },
};

const es: Messages = {
  windowTitle: 'Pago con Ecart Pay',
  close: 'Cerrar la ventana de pago',
  creatingOrder: 'Creando tu pedido…',
  loadingPayPage: 'Cargando la página de pago…',
  frameTitle: 'Página de pago de Ecart Pay',
  confirming: 'Confirmando tu pago…',
  continueInNewWindow: 'Continuar en una ventana nueva',
  continueHint: '¿No ves la página de pago?',
  leaving: 'Te llevamos a Ecart Pay…',
  errors: {
    'invalid-config':
      'Este botón de pago no está bien configurado. ' +
      'Por favor contacta a la tienda.',
    'invalid-items':
      'No pudimos leer tu carrito. Actualiza la página e inténtalo de nuevo.',
    'invalid-currency':
      'La tienda pidió una moneda que no podemos aceptar. ' +
      'Por favor contacta a la tienda.',
    'order-failed': 'No pudimos crear tu pedido. Inténtalo de nuevo.',
    'order-timeout':
      'La tienda tardó demasiado en responder. Inténtalo de nuevo.',
    network:
      'No pudimos comunicarnos con la tienda. ' +
      'Revisa tu conexión e inténtalo de nuevo.',
    'invalid-order':
      'La tienda envió un pedido que no pudimos leer. ' +
      'Inténtalo más tarde.',
    'forbidden-pay-link':
      'Por tu seguridad no abrimos esta página de pago. ' +
      'Por favor contacta a la tienda.',
    'status-failed':
      'Aún no pudimos confirmar tu pago. ' +
      'La tienda te avisará en cuanto se confirme.',
    'framing-refused':
      'La página de pago no se puede mostrar aquí. Inténtalo de nuevo.',
    'popup-blocked':
      'Tu navegador bloqueó la ventana de pago. ' +
      'Permite las ventanas emergentes para este sitio e inténtalo de nuevo.',
    'order-refunded': 'Este pago fue reembolsado.',
  },
};

const catalogue: Record<Language, Messages> = { en, es };

export function messagesFor(language: Language): Messages {
  return catalogue[language];
}
