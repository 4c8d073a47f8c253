// The side-effect-free entry: this shop registers the class itself, under
// a name of its own.
import { EcartPayCheckout } from 'ecartpay-checkout/element';

customElements.define('shop-checkout', class extends EcartPayCheckout {});

const checkout = document.querySelector('shop-checkout');
const payOrigin = new URLSearchParams(location.search).get('pay-origin');
if (payOrigin) checkout.setAttribute('pay-origins', payOrigin);

checkout.addEventListener('ecartpay-success', (event) => {
  document.querySelector('#outcome').textContent =
    `Paid order ${event.detail.order.id}`;
});
