/**
 * The installed package imported in Node, as a server-side renderer
 * (Next.js, Nuxt, SvelteKit, Astro) does: no entry may throw. Each case
 * runs in a fresh Node process, so that one import's globals (Lit's DOM
 * shim) cannot hide another's failure.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';

import { ensureInstalled } from './support/package.ts';

let consumer = '';

before(() => {
  consumer = ensureInstalled();
});

/** Runs an ES module script in a fresh Node and parses what it prints. */
function runInNode(script: string, env: Record<string, string> = {}) {
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    { cwd: consumer, encoding: 'utf8', env: { ...process.env, ...env } },
  );
  return JSON.parse(output) as Record<string, unknown>;
}

test('the registering entry imports in Node and registers', () => {
  const result = runInNode(`
    const module = await import('ecartpay-checkout');
    console.log(JSON.stringify({
      exportsClass: typeof module.EcartPayCheckout === 'function',
      registered:
        globalThis.customElements?.get('ecartpay-checkout') ===
        module.EcartPayCheckout,
    }));
  `);
  assert.deepEqual(result, { exportsClass: true, registered: true });
});

test('the class entry imports in Node and registers nothing', () => {
  const result = runInNode(`
    const { EcartPayCheckout } = await import('ecartpay-checkout/element');
    console.log(JSON.stringify({
      exportsClass: typeof EcartPayCheckout === 'function',
      registered:
        globalThis.customElements?.get('ecartpay-checkout') !== undefined,
    }));
  `);
  assert.deepEqual(result, { exportsClass: true, registered: false });
});

test('the server and sandbox entries import in Node', () => {
  const result = runInNode(`
    const server = await import('ecartpay-checkout/server');
    const sandbox = await import('ecartpay-checkout/sandbox');
    console.log(JSON.stringify({
      server: typeof server.createCheckoutHandler,
      sandbox: typeof sandbox.startSandbox,
    }));
  `);
  assert.deepEqual(result, { server: 'function', sandbox: 'function' });
});

test('three copies of the package register once and warn once', () => {
  const installed = join(consumer, 'node_modules/ecartpay-checkout');
  const copies = ['a', 'b'].map((name) =>
    join(consumer, `copy-${process.pid}-${name}`),
  );
  for (const copy of copies) {
    cpSync(join(installed, 'dist'), join(copy, 'dist'), { recursive: true });
  }

  const entries = [installed, ...copies].map((dir) =>
    JSON.stringify(join(dir, 'dist/ecartpay-checkout.js')),
  );
  const result = runInNode(
    `
    const warnings = [];
    console.warn = (text) => warnings.push(String(text));
    const classes = [];
    for (const entry of [${entries.join(', ')}]) {
      classes.push((await import(entry)).EcartPayCheckout);
    }
    console.log(JSON.stringify({
      distinctCopies: new Set(classes).size,
      registeredFirst:
        customElements.get('ecartpay-checkout') === classes[0],
      warnings: warnings.length,
    }));
  `,
    { NODE_ENV: 'development' },
  );

  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  assert.deepEqual(result, {
    distinctCopies: 3,
    registeredFirst: true,
    warnings: 1,
  });
});
