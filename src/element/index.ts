/**
 * The package's browser entry: registers `<ecartpay-checkout>` and
 * exports its class and types. Import `./ecartpay-checkout.ts` instead
 * to get the class without registering the tag.
 */
import './define.ts';

export { EcartPayCheckout } from './ecartpay-checkout.ts';
export { defineEcartPayCheckout, TAG_NAME } from './define.ts';
export { DEFAULT_PAY_ORIGINS } from './pay-link.ts';
export { RETURN_MESSAGE_TYPE } from './modal-surface.ts';
export type * from './events.ts';
export type { CheckoutOrder } from './order-schema.ts';
export type {
  CreateOrderBody,
  CreateOrderFunction,
  CreateOrderRequest,
  GetOrderFunction,
} from './order-service.ts';
export type { Language } from './i18n.ts';

// Typing of the tag for JSX (React, Preact), Vue and Svelte templates.
export type * from './frameworks.ts';
