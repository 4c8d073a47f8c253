/**
 * The package as npm publishes it: its fields, what the tarball holds,
 * the manifest, and the compiled `ecartpay-sandbox` command.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';

import {
  ensureInstalled,
  ensurePacked,
  root,
} from './support/package.ts';

interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  types: string;
  unpkg: string;
  customElements: string;
  sideEffects: string[];
  dependencies: Record<string, string>;
  files: string[];
}

const pkg = JSON.parse(
  readFileSync(join(root, 'package.json'), 'utf8'),
) as PackageJson;

let tarball = '';
let consumer = '';

before(() => {
  tarball = ensurePacked();
  consumer = ensureInstalled();
});

/** Every file package.json points at, as a path relative to the root. */
function referencedFiles(): string[] {
  const targets = Object.values(pkg.exports).flatMap((target) =>
    typeof target === 'string' ? [target] : Object.values(target),
  );
  const fields = [pkg.types, pkg.unpkg, pkg.customElements];
  return [...targets, ...Object.values(pkg.bin), ...fields]
    .filter((target) => !target.includes('*'))
    .map((target) => target.replace(/^\.\//, ''));
}

function tarballFiles(): string[] {
  const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  return listing
    .split('\n')
    .filter(Boolean)
    .map((entry) => entry.replace(/^package\//, ''));
}

test('every conditional export names its types first', () => {
  for (const [path, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    assert.equal(Object.keys(target)[0], 'types', `exports["${path}"]`);
  }
});

test('lit and zod are dependencies of the package', () => {
  assert.ok(pkg.dependencies.lit);
  assert.ok(pkg.dependencies.zod);
});

test('only the registering entry and the CDN files have side effects', () => {
  const registering = pkg.exports['.'] as Record<string, string>;
  assert.ok(pkg.sideEffects.includes(registering.default!));
  const classEntry = pkg.exports['./element'] as Record<string, string>;
  assert.ok(!pkg.sideEffects.includes(classEntry.default!));
});

test('the tarball holds every file package.json points at', () => {
  const files = tarballFiles();
  for (const file of referencedFiles()) {
    assert.ok(files.includes(file), `${file} missing from the tarball`);
  }
});

test('the tarball holds no sources, tests or fixtures', () => {
  const stray = tarballFiles().filter(
    (file) =>
      /^(src|test|demo|bench|test-results)\//.test(file) ||
      file.endsWith('.tgz'),
  );
  assert.deepEqual(stray, []);
});

test('custom-elements.json describes the tag, attributes, events', () => {
  const manifest = JSON.parse(
    readFileSync(join(root, 'custom-elements.json'), 'utf8'),
  ) as {
    modules: {
      declarations?: {
        tagName?: string;
        attributes?: { name: string }[];
        events?: { name: string }[];
      }[];
    }[];
  };
  const element = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .find((declaration) => declaration.tagName === 'ecartpay-checkout');

  assert.ok(element, 'no declaration with tagName ecartpay-checkout');
  const attributes = element.attributes?.map(({ name }) => name) ?? [];
  assert.ok(attributes.includes('endpoint'));
  assert.ok(attributes.includes('pay-origins'));
  const events = element.events?.map(({ name }) => name) ?? [];
  assert.ok(events.includes('ecartpay-success'));
});

test('custom-elements.json is generated, never committed', () => {
  const tracked = execFileSync('git', ['ls-files', 'custom-elements.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(tracked.trim(), '');
});

test('ecartpay-sandbox runs from the install and answers the API', async () => {
  const bin = join(consumer, 'node_modules/.bin/ecartpay-sandbox');
  assert.ok(existsSync(bin), 'npm did not link the bin');
  assert.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);

  const child = spawn(bin, ['--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (match) resolve(match[0]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });

    const credentials = Buffer.from(
      'pub_sandbox_ecartpay_checkout:priv_sandbox_ecartpay_checkout',
    ).toString('base64');
    const answer = await fetch(`${url}/api/authorizations/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}` },
    });
    assert.equal(answer.status, 200);
    assert.match(((await answer.json()) as { token: string }).token, /\./);
  } finally {
    child.kill('SIGTERM');
  }
});
