/**
 * Registers `<ecartpay-checkout>`. Importing this module twice (or two
 * copies of the package) registers the tag once and warns once in
 * development, instead of throwing as `customElements.define` would.
 */
import { devWarn } from './dev.ts';
import { EcartPayCheckout } from './ecartpay-checkout.ts';

export const TAG_NAME = 'ecartpay-checkout';

/**
 * Defines `tag` as `element` unless it is defined already: by the same
 * class, silently; by another (a second copy of the package), with one
 * development warning. Never throws for a tag taken.
 */
export function defineOnce(
  tag: string,
  element: CustomElementConstructor,
): void {
  const existing = customElements.get(tag);
  if (!existing) {
    customElements.define(tag, element);
    return;
  }
  if (existing !== element) {
    devWarn(
      `define-twice:${tag}`,
      `<${tag}> is already defined by another copy of the package; ` +
        'this copy is not used. Load the package once.',
    );
  }
}

export function defineEcartPayCheckout(): void {
  defineOnce(TAG_NAME, EcartPayCheckout);
}

defineEcartPayCheckout();
