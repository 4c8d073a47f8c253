/**
 * Size budgets of what a merchant's customers download, gzipped with
 * node:zlib at level 9 (deterministic; 1 kB = 1000 bytes, as Vite
 * prints it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { before, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import { ensureBuilt, root } from './support/package.ts';

const KB = 1000;

/** The CDN bundle: Lit and zod/mini inside, so all a page loads. */
const CDN_BUDGET = 12 * KB;

/** The npm entry that registers the element, Lit and zod left out. */
const NPM_BUDGET = 5 * KB;

/**
 * The budgets above are targets the element does not meet yet (Lit alone
 * is about 6.8 kB and zod/mini about 6.6 kB gzipped in the CDN bundle;
 * the element's own code about 10 kB). Their tests run as todo and print
 * the measured size; BENCHMARKS.md tracks the gap. Until they hold, these
 * ceilings, a little above today's sizes, stop the bundles from growing
 * unnoticed.
 */
const CDN_CEILING = 23 * KB;
const NPM_CEILING = 11 * KB;
const TARGET_NOT_MET = 'target not met yet: see BENCHMARKS.md';

function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Relative imports of a built ES module: its own chunks. */
function localImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers = code.matchAll(
    /(?:\bfrom|\bimport)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g,
  );
  return [...specifiers].map((match) => join(dirname(file), match[1]!));
}

/** An entry and every file of the package it loads, each once. */
function moduleGraph(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    localImports(file).forEach(visit);
  };
  visit(entry);
  return [...seen];
}

function describeSizes(files: string[]): string {
  return files
    .map((file) => `${relative(root, file)} ${gzipSize(file)} B`)
    .join(', ');
}

before(ensureBuilt);

function npmEntrySize(): { total: number; files: string[] } {
  const files = moduleGraph(join(root, 'dist/ecartpay-checkout.js'));
  const total = files.reduce((sum, file) => sum + gzipSize(file), 0);
  return { total, files };
}

for (const name of ['ecartpay-checkout.js', 'ecartpay-checkout.esm.js']) {
  const cdnSize = () => gzipSize(join(root, 'dist/cdn', name));

  test(`CDN bundle ${name} stays under its ceiling`, () => {
    const size = cdnSize();
    assert.ok(size <= CDN_CEILING, `${name}: ${size} B gzipped`);
  });

  const title = `CDN bundle ${name} is at most 12 kB gzipped`;
  test(title, { todo: TARGET_NOT_MET }, () => {
    const size = cdnSize();
    assert.ok(size <= CDN_BUDGET, `${name}: ${size} B gzipped`);
  });
}

test('npm entry with its chunks stays under its ceiling', () => {
  const { total, files } = npmEntrySize();
  assert.ok(total <= NPM_CEILING, `${total} B: ${describeSizes(files)}`);
});

const npmTitle = 'npm entry with its chunks is at most 5 kB gzipped';
test(npmTitle, { todo: TARGET_NOT_MET }, () => {
  const { total, files } = npmEntrySize();
  assert.ok(total <= NPM_BUDGET, `${total} B: ${describeSizes(files)}`);
});

test('the npm entry leaves Lit and zod to the app', () => {
  const { files } = npmEntrySize();
  const code = files.map((file) => readFileSync(file, 'utf8')).join('\n');
  assert.match(code, /from\s*["'`]lit["'`]/);
  assert.match(code, /from\s*["'`]zod\/mini["'`]/);
  assert.doesNotMatch(code, /extends HTMLElement/);
  assert.doesNotMatch(code, /ZodMini|\$ZodType/);
});
