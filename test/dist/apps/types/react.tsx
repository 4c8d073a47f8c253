import { useRef } from 'react';
import 'ecartpay-checkout';
import type { EcartPayCheckout } from 'ecartpay-checkout';

export function Checkout() {
  const checkout = useRef<EcartPayCheckout>(null);

  return (
    <>
      <ecartpay-checkout
        ref={checkout}
        endpoint="/api/checkout"
        status-endpoint="/api/checkout/{id}"
        pay-origins="https://sandbox.ecartpay.com"
        items={[{ name: 'Tote bag', quantity: 1, price: 250 }]}
        timeout={5000}
        disabled
        className="checkout"
        onecartpay-success={(event) => event.detail.order.status}
        onecartpay-error={(event) => event.detail.code}
      >
        Pay now
      </ecartpay-checkout>
      {/* @ts-expect-error timeout is a number of milliseconds */}
      <ecartpay-checkout timeout="soon" />
      {/* @ts-expect-error a misspelt property */}
      <ecartpay-checkout endpont="/api/checkout" />
      {/* @ts-expect-error success carries the order, not an error code */}
      <ecartpay-checkout onecartpay-success={(event) => event.detail.code} />
    </>
  );
}
