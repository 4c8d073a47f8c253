#!/usr/bin/env node
/**
 * Runs the Ecart Pay sandbox on its own: `npm run sandbox -- --port 4010`.
 *
 *   --port <n>          port to listen on (default 4010; 0 = any free one)
 *   --host <address>    interface to listen on (default 127.0.0.1)
 *   --refuse-framing    hosted pages refuse to be framed
 *
 * Keys come from ECARTPAY_SANDBOX_PUBLIC_KEY, ECARTPAY_SANDBOX_PRIVATE_KEY
 * and ECARTPAY_SANDBOX_WEBHOOK_SECRET, or the documented test defaults.
 */
import { parseArgs } from 'node:util';

import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
  SANDBOX_WEBHOOK_SECRET,
  TEST_CARDS,
  startSandbox,
  type RunningSandbox,
} from './index.ts';

const OUTCOMES = {
  approve: 'approved',
  decline: 'declined',
  challenge: '3-D Secure challenge (approve or fail it)',
} as const;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'refuse-framing': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: ecartpay-sandbox [--port 4010] [--host 127.0.0.1] ' +
      '[--refuse-framing]\n',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be 0 to 65535, not "${values.port}"\n`);
  process.exit(2);
}

const env = process.env;
const usesDefaultKeys =
  env.ECARTPAY_SANDBOX_PUBLIC_KEY === undefined &&
  env.ECARTPAY_SANDBOX_PRIVATE_KEY === undefined;

const sandbox = await startSandbox({
  port,
  host: values.host,
  refuseFraming: values['refuse-framing'],
  publicKey: env.ECARTPAY_SANDBOX_PUBLIC_KEY ?? SANDBOX_PUBLIC_KEY,
  privateKey: env.ECARTPAY_SANDBOX_PRIVATE_KEY ?? SANDBOX_PRIVATE_KEY,
  webhookSecret:
    env.ECARTPAY_SANDBOX_WEBHOOK_SECRET ?? SANDBOX_WEBHOOK_SECRET,
}).catch((error: Error) => {
  process.stderr.write(`Could not start the sandbox: ${error.message}\n`);
  process.exit(1);
});

process.stdout.write(banner(sandbox, usesDefaultKeys));

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * What a developer needs to start: the URL, the test keys (only the
 * public defaults are printed; keys set in the environment stay secret)
 * and the test cards.
 */
function banner(running: RunningSandbox, defaults: boolean): string {
  const keys = defaults
    ? [
        `  public key      ${running.publicKey}`,
        `  private key     ${running.privateKey}`,
      ]
    : ['  keys            from the environment'];
  const secret =
    env.ECARTPAY_SANDBOX_WEBHOOK_SECRET === undefined
      ? running.webhookSecret
      : 'from the environment';
  const cards = Object.entries(TEST_CARDS).map(
    ([number, behaviour]) =>
      `  ${number.replace(/(\d{4})(?=\d)/g, '$1 ')}  ${OUTCOMES[behaviour]}`,
  );

  return [
    `Ecart Pay sandbox listening on ${running.url}`,
    `  API             ${running.url}/api`,
    ...keys,
    `  webhook secret  ${secret}`,
    `  framing         ${running.refuseFraming ? 'refused' : 'allowed'}`,
    'Test cards (any future expiry, any 3-digit CVC):',
    ...cards,
    '  or "Cash (OXXO)": POST /_sandbox/orders/{id}/pay marks it paid',
    'Ctrl+C stops it.',
    '',
  ].join('\n');
}
