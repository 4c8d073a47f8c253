import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

import { basicAuth } from './helpers.ts';

const CLI = new URL('../../src/sandbox/cli.ts', import.meta.url).pathname;

/** Starts the CLI and resolves with its URL once the banner is out. */
async function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('Ctrl+C')) resolve(match[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`CLI exited with ${code} before listening`)),
    );
  });
  return { child, url, output: () => output };
}

/**
 * Per test, not per suite (a suite's timeout covers all its tests), and
 * generous: starting tsx in a child process takes seconds on two busy
 * cores. Only a hang should reach it.
 */
const EACH = { timeout: 180_000 };

describe('sandbox CLI', () => {
  test('prints the URL, keys and cards; stops on SIGTERM', EACH, async () => {
    const { child, url, output } = await runCli([]);
    assert.match(output(), /pub_sandbox_ecartpay_checkout/);
    assert.match(output(), /4242 4242 4242 4242 {2}approved/);
    assert.match(output(), /4000 0000 0000 0002 {2}declined/);
    assert.match(output(), /4000 0000 0000 3220 {2}3-D Secure/);

    const health = await fetch(`${url}/_sandbox/health`);
    assert.equal(health.status, 200);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  test('takes keys from the environment; --refuse-framing', EACH, async () => {
    const { child, url, output } = await runCli(['--refuse-framing'], {
      ECARTPAY_SANDBOX_PUBLIC_KEY: 'pub_from_env',
      ECARTPAY_SANDBOX_PRIVATE_KEY: 'priv_from_env_secret',
    });
    assert.doesNotMatch(output(), /priv_from_env_secret/);
    assert.match(output(), /framing\s+refused/);

    const token = await fetch(`${url}/api/authorizations/token`, {
      method: 'POST',
      headers: {
        authorization: basicAuth('pub_from_env', 'priv_from_env_secret'),
      },
    });
    assert.equal(token.status, 200);
    const state = await fetch(`${url}/_sandbox/framing`);
    assert.deepEqual(await state.json(), { refuse: true });

    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });
});
