/**
 * Registers `<ecartpay-checkout>`. Importing this module twice (or two
 * copies of the package) registers the tag once and warns once in
 * development, instead of throwing as `customElements.define` would.
 */
import { devWarn } from './dev.ts';
import { EcartPayCheckout } from './ecartpay-checkout.ts';

export const TAG_NAME = 'ecartpay-checkout';

/**
 * Whether `tag` is defined already: by the same class, silently; by
 * another (a second copy of the package), with one development warning.
 */
export function isTagTaken(
  tag: string,
  element: CustomElementConstructor,
): boolean {
  const existing = customElements.get(tag);
  if (!existing) return false;
  if (existing !== element) {
    devWarn(
      `define-twice:${tag}`,
      `<${tag}> is already defined by another copy of the package; ` +
        'this copy is not used. Load the package once.',
    );
  }
  return true;
}

export function defineEcartPayCheckout(): void {
  if (isTagTaken(TAG_NAME, EcartPayCheckout)) return;
  customElements.define(TAG_NAME, EcartPayCheckout);
}

defineEcartPayCheckout();
