/**
 * The package's browser entry: registers `<ecartpay-checkout>` and
 * exports its class and types. Import `./ecartpay-checkout.ts` instead
 * to get the class without registering the tag.
 */
import './define.ts';

export { EcartPayCheckout } from './ecartpay-checkout.ts';
export { defineEcartPayCheckout, TAG_NAME } from './define.ts';
export { DEFAULT_PAY_ORIGINS, RETURN_MESSAGE_TYPE } from './protocol.ts';
export type * from './events.ts';
export type { CheckoutOrder } from './order-schema.ts';
export type {
  CreateOrderBody,
  CreateOrderFunction,
  CreateOrderRequest,
  GetOrderFunction,
} from './order-service.ts';
export type { Language } from './language.ts';

// Typing of the tag for JSX (React, Preact), Vue and Svelte templates.
export type * from './frameworks.ts';
