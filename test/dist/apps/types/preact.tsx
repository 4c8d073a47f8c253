import { render } from 'preact';
import 'ecartpay-checkout';

render(
  <ecartpay-checkout
    endpoint="/api/checkout"
    currency="MXN"
    class="checkout"
    onecartpay-success={(event) => event.detail.order.id}
  />,
  document.body,
);

// @ts-expect-error timeout is a number of milliseconds
render(<ecartpay-checkout timeout="soon" />, document.body);
