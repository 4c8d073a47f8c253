import { createServer } from 'node:http';

import {
  createCheckoutHandler,
  createEcartPayClient,
  toNodeListener,
} from 'ecartpay-checkout/server';
import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
  startSandbox,
} from 'ecartpay-checkout/sandbox';

const sandbox = await startSandbox({ port: 0 });
const client = createEcartPayClient({
  publicKey: SANDBOX_PUBLIC_KEY,
  privateKey: SANDBOX_PRIVATE_KEY,
  baseUrl: sandbox.url,
});
const handler = createCheckoutHandler({
  client,
  resolveOrder: () => ({
    currency: 'MXN',
    items: [{ name: 'Tote bag', quantity: 1, price: 250 }],
  }),
});
createServer(toNodeListener(handler));

// @ts-expect-error the client needs both keys
createEcartPayClient({ publicKey: SANDBOX_PUBLIC_KEY });
