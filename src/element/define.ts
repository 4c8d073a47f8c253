/**
 * Registers `<ecartpay-checkout>`. Importing this module twice (or two
 * copies of the package) registers the tag once and warns once in
 * development, instead of throwing as `customElements.define` would.
 */
import { devWarn } from './dev.ts';
import { EcartPayCheckout } from './ecartpay-checkout.ts';

export const TAG_NAME = 'ecartpay-checkout';

export function defineEcartPayCheckout(): void {
  const existing = customElements.get(TAG_NAME);
  if (!existing) {
    customElements.define(TAG_NAME, EcartPayCheckout);
    return;
  }
  if (existing !== EcartPayCheckout) {
    devWarn(
      'define-twice',
      `<${TAG_NAME}> is already defined by another copy of the package; ` +
        'this copy is not used. Load the package once.',
    );
  }
}

defineEcartPayCheckout();
