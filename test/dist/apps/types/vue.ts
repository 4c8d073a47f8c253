import 'ecartpay-checkout';
import type { GlobalComponents } from 'vue';

type Checkout = GlobalComponents['ecartpay-checkout'];
type Props = InstanceType<Checkout>['$props'];

export const props: Props = {
  endpoint: '/api/checkout',
  'pay-origins': 'https://sandbox.ecartpay.com',
  items: [{ name: 'Tote bag', quantity: 1, price: 250 }],
  onEcartpaySuccess: (event) => event.detail.order.id,
  onEcartpayRequestClose: (event) => event.detail.source,
};

// @ts-expect-error timeout is a number of milliseconds
export const wrong: Props = { timeout: 'soon' };
