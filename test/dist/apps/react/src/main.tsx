import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'ecartpay-checkout';

const payOrigin =
  new URLSearchParams(location.search).get('pay-origin') ?? undefined;

const items = [{ name: 'Tote bag', quantity: 1, price: 250 }];

function Shop() {
  const [paid, setPaid] = useState('');

  return (
    <main>
      <h1>React shop</h1>
      <ecartpay-checkout
        endpoint="/api/checkout"
        currency="MXN"
        items={items}
        pay-origins={payOrigin}
        onecartpay-success={(event) => setPaid(event.detail.order.id)}
      />
      <p role="status">{paid && `Paid order ${paid}`}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shop />
  </StrictMode>,
);
