/**
 * What a browser downloads of the package holds no key, no webhook
 * secret and no Ecart Pay token: those live on the merchant's server.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';

import {
  SANDBOX_PRIVATE_KEY,
  SANDBOX_PUBLIC_KEY,
  SANDBOX_WEBHOOK_SECRET,
} from '../../src/sandbox/index.ts';
import { ensureBuilt, root } from './support/package.ts';

/** A JSON Web Token: three base64url parts, the first two JSON objects. */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/;

/** The CDN files, the npm browser entries and the chunks they load. */
function browserFiles(): string[] {
  const dist = join(root, 'dist');
  const chunks = readdirSync(join(dist, 'chunks'))
    .filter((name) => name.startsWith('ecartpay-checkout-'))
    .map((name) => join(dist, 'chunks', name));
  return [
    join(dist, 'cdn/ecartpay-checkout.js'),
    join(dist, 'cdn/ecartpay-checkout.esm.js'),
    join(dist, 'ecartpay-checkout.js'),
    join(dist, 'element.js'),
    ...chunks,
  ];
}

before(ensureBuilt);

test('the browser bundles hold no key, secret or token', () => {
  const files = browserFiles();
  assert.ok(files.length >= 5, `found ${files.length} files`);

  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    for (const secret of [
      SANDBOX_PUBLIC_KEY,
      SANDBOX_PRIVATE_KEY,
      SANDBOX_WEBHOOK_SECRET,
    ]) {
      assert.ok(!code.includes(secret), `${file} holds ${secret}`);
    }
    assert.doesNotMatch(code, JWT, `${file} holds a token`);
    assert.doesNotMatch(code, /authorizations\/token/, file);
  }
});
