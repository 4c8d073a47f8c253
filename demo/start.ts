/**
 * The demo: a shop, its merchant backend and Ecart Pay, on two origins.
 *
 *   npm start      shop on http://localhost:5173, and the local Ecart Pay
 *                  emulator on http://127.0.0.1:4010
 *
 * With ECARTPAY_PUBLIC_KEY and ECARTPAY_PRIVATE_KEY set, the shop talks to
 * Ecart Pay's real sandbox instead (see the README).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer, type LogLevel } from 'vite';

import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
  SANDBOX_WEBHOOK_SECRET,
  startSandbox,
  type RunningSandbox,
} from '../src/sandbox/index.ts';
import { createEcartPayClient } from '../src/server/index.ts';
import { ECARTPAY_HOSTS } from '../src/shared/ecartpay.ts';
import { createMerchantBackend } from './server/backend.ts';
import { readTarget, type EcartPayTarget } from './server/environment.ts';
import { merchantBackendPlugin } from './server/vite-plugin.ts';

export interface DemoOptions {
  /** The shop's port on localhost; 0 picks a free one. Default 5173. */
  shopPort?: number;
  /** The emulator's port on 127.0.0.1; 0 picks a free one. Default 4010. */
  sandboxPort?: number;
  /** Where `ECARTPAY_*` and `PUBLIC_URL` are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Vite's log level. Default 'info'. */
  logLevel?: LogLevel;
  /**
   * Reload the page when a source file changes. Default true; tests turn
   * it off so an edit elsewhere in the tree cannot reload a page under
   * them.
   */
  watch?: boolean;
  /**
   * The `fetch` the merchant backend reaches Ecart Pay with. Default the
   * global one; tests pass a stand-in for the real sandbox.
   */
  fetch?: typeof fetch;
}

export interface RunningDemo {
  /** The shop's page, e.g. http://localhost:5173/ */
  shopUrl: string;
  /** The local emulator, or null when the real sandbox is used. */
  sandbox: RunningSandbox | null;
  close(): Promise<void>;
}

/** How the merchant reaches Ecart Pay: keys, host and webhook secret. */
interface Connection {
  publicKey: string;
  privateKey: string;
  baseUrl: string;
  webhookSecret?: string;
  /** The origin the hosted payment page is served from. */
  payOrigin: string;
  notifyOrigin?: string;
}

/** Starts Ecart Pay (emulated unless keys are set) and the shop. */
export async function startDemo(
  options: DemoOptions = {},
): Promise<RunningDemo> {
  const target = readTarget(options.env ?? process.env);
  const sandbox =
    target.kind === 'emulator'
      ? await startSandbox({ port: options.sandboxPort ?? 4010 })
      : null;

  try {
    const connection = connectionTo(target, sandbox);
    const shop = await startShop(connection, sandbox, options);
    return {
      shopUrl: shop.url,
      sandbox,
      async close() {
        await shop.close();
        await sandbox?.close();
      },
    };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}

function connectionTo(
  target: EcartPayTarget,
  sandbox: RunningSandbox | null,
): Connection {
  if (target.kind === 'sandbox') {
    return {
      publicKey: target.publicKey,
      privateKey: target.privateKey,
      baseUrl: ECARTPAY_HOSTS.sandbox,
      webhookSecret: target.webhookSecret,
      payOrigin: ECARTPAY_HOSTS.sandbox,
      notifyOrigin: target.publicUrl,
    };
  }
  return {
    publicKey: SANDBOX_PUBLIC_KEY,
    privateKey: SANDBOX_PRIVATE_KEY,
    baseUrl: sandbox!.url,
    webhookSecret: SANDBOX_WEBHOOK_SECRET,
    payOrigin: sandbox!.url,
  };
}

async function startShop(
  connection: Connection,
  sandbox: RunningSandbox | null,
  options: DemoOptions,
) {
  const client = createEcartPayClient({
    publicKey: connection.publicKey,
    privateKey: connection.privateKey,
    baseUrl: connection.baseUrl,
    fetch: options.fetch,
  });

  const backend = merchantBackendPlugin({
    payOrigins: [connection.payOrigin],
    createBackend: (shopOrigin) =>
      createMerchantBackend({
        client,
        shopOrigin,
        notifyOrigin: connection.notifyOrigin,
        webhookSecret: connection.webhookSecret,
        emulatorUrl: sandbox?.url,
      }),
  });

  const server = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    logLevel: options.logLevel ?? 'info',
    server: {
      port: options.shopPort ?? 5173,
      ...(options.watch === false && { hmr: false, watch: null }),
    },
    define: {
      'import.meta.env.VITE_ECARTPAY_PAY_ORIGINS': JSON.stringify(
        connection.payOrigin,
      ),
    },
    plugins: [backend],
  });
  await server.listen();

  const address = server.httpServer!.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://localhost:${port}/`, close: () => server.close() };
}

function printWelcome(demo: RunningDemo): void {
  console.log(`
  Ecart Pay checkout demo

  Open the shop:  ${demo.shopUrl}
${demo.sandbox ? emulatorNotes(demo.sandbox) : SANDBOX_NOTES}
  Ctrl+C stops the demo.
`);
}

function emulatorNotes(sandbox: RunningSandbox): string {
  return `  Payments go to the local Ecart Pay emulator at ${sandbox.url}.

  Test cards (any future expiry date, any CVC):
    4242 4242 4242 4242   approved
    4000 0000 0000 0002   declined
    4000 0000 0000 3220   3-D Secure challenge
  Cash (OXXO) stays pending until you press "Mark paid" in the shop's
  orders panel.
`;
}

const SANDBOX_NOTES =
  `  Payments go to Ecart Pay's sandbox, ${ECARTPAY_HOSTS.sandbox},
  with the keys from ECARTPAY_PUBLIC_KEY and ECARTPAY_PRIVATE_KEY. Pay
  with the test cards of Ecart Pay's sandbox. Notifications reach this
  shop only through PUBLIC_URL (a tunnel to this machine).
`;

async function main(): Promise<void> {
  const demo = await startDemo({ logLevel: 'warn' });
  printWelcome(demo);

  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const isEntryPoint =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(process.argv[1]).href;

if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
