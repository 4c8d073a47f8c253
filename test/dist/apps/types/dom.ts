// A page with no framework: the tag and events through the DOM's maps,
// and the class entry registered under another name.
import 'ecartpay-checkout';
import { EcartPayCheckout } from 'ecartpay-checkout/element';

const checkout = document.createElement('ecartpay-checkout');
export const sameClass: EcartPayCheckout = checkout;

checkout.addEventListener('ecartpay-success', (event) => {
  const orderId: string = event.detail.order.id;
  return orderId;
});

checkout.addEventListener('ecartpay-error', (event) => {
  // @ts-expect-error an error's detail has a code, not an order status
  return event.detail.status;
});

customElements.define('shop-checkout', class extends EcartPayCheckout {});
