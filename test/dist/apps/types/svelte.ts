import 'ecartpay-checkout';
import type { SvelteHTMLElements } from 'svelte/elements';

type Props = SvelteHTMLElements['ecartpay-checkout'];

export const props: Props = {
  endpoint: '/api/checkout',
  currency: 'MXN',
  'onecartpay-success': (event) => event.detail.order.id,
};

// @ts-expect-error timeout is a number of milliseconds
export const wrong: Props = { timeout: 'soon' };
