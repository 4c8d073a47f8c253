/**
 * Size budgets of what a merchant's customers download, gzipped with
 * node:zlib at level 9 (deterministic; 1 kB = 1000 bytes, as Vite
 * prints it), each file gzipped on its own as a server sends it.
 *
 * The element comes in two parts. What a page pays for when it loads is
 * the entry and the files it imports statically: the button. The payment
 * flow (window, validation with zod/mini, texts, popup and redirect) is
 * one chunk the entry reaches only through `import()`, fetched after the
 * page has loaded (when the browser is idle, or sooner on the
 * customer's intent), off the path to a working button. So:
 *
 * - the budgets (CDN 12 kB, npm 5 kB) hold for what loads with the page,
 *   each file counted once, the flow chunk left out;
 * - the flow chunk, and the CDN's load and flow together, have ceilings
 *   a little above today's sizes, so that they cannot grow unnoticed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, test } from 'node:test';
import { gzipSync } from 'node:zlib';

import {
  STATIC_IMPORT,
  bundleParts,
  importsOf,
  staticGraph,
} from '../../scripts/bundle-graph.ts';
import { ensureBuilt, root } from './support/package.ts';

const KB = 1000;

/**
 * What a page loads from the CDN: Lit and the button inside; the classic
 * script, the ES module and its shared chunk.
 */
const CDN_LOAD_BUDGET = 12 * KB;

/** What the npm entry adds to a page at load, Lit and zod left out. */
const NPM_LOAD_BUDGET = 5 * KB;

/**
 * Ceilings about 1 kB above the sizes when the flow was split out
 * (CDN flow 13.8 kB with zod/mini inside, npm flow 8.9 kB, CDN load and
 * flow 22.9 kB): lower them when the code shrinks.
 */
const CDN_FLOW_CEILING = 15 * KB;
const NPM_FLOW_CEILING = 10 * KB;
const CDN_TOTAL_CEILING = 24 * KB;

const CDN_CLASSIC = join(root, 'dist/cdn/ecartpay-checkout.js');
const CDN_MODULE = join(root, 'dist/cdn/ecartpay-checkout.esm.js');
const NPM_ENTRY = join(root, 'dist/ecartpay-checkout.js');

/** What zod leaves in a minified bundle: property and trait names. */
const ZOD_SIGNS = /\b_zod\b|\$ZodType|ZodMini/;


function gzipSize(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

function totalSize(files: string[]): number {
  return files.reduce((sum, file) => sum + gzipSize(file), 0);
}

function code(files: string[]): string {
  return files.map((file) => readFileSync(file, 'utf8')).join('\n');
}

/** A plain `<script src>`: the classic script, then the ES module. */
const cdnClassic = () =>
  bundleParts([CDN_CLASSIC, ...staticGraph([CDN_MODULE])]);

/** A `<script type="module">` of the ES module itself. */
const cdnModule = () => bundleParts(staticGraph([CDN_MODULE]));

const npm = () => bundleParts(staticGraph([NPM_ENTRY]));

function describeSizes(files: string[]): string {
  const sizes = files.map(
    (file) => `${relative(root, file)} ${gzipSize(file)} B`,
  );
  return `${totalSize(files)} B: ${sizes.join(', ')}`;
}

function assertAtMost(files: string[], limit: number): void {
  assert.ok(files.length > 0, 'no files measured');
  assert.ok(totalSize(files) <= limit, describeSizes(files));
}

before(ensureBuilt);

test('the CDN classic script loads only the ES module beside it', () => {
  const source = readFileSync(CDN_CLASSIC, 'utf8');
  assert.match(source, /["'`]ecartpay-checkout\.esm\.js["'`]/);
  assert.deepEqual(importsOf(CDN_CLASSIC, STATIC_IMPORT), []);
});

test('CDN at page load, classic script, is at most 12 kB gzipped', () => {
  assertAtMost(cdnClassic().load, CDN_LOAD_BUDGET);
});

test('CDN at page load, ES module, is at most 12 kB gzipped', () => {
  assertAtMost(cdnModule().load, CDN_LOAD_BUDGET);
});

test('npm entry at page load is at most 5 kB gzipped', () => {
  assertAtMost(npm().load, NPM_LOAD_BUDGET);
});

test('the CDN flow chunk, fetched after load, stays under 15 kB', () => {
  assertAtMost(cdnClassic().flow, CDN_FLOW_CEILING);
});

test('the npm flow chunk, fetched after load, stays under 10 kB', () => {
  assertAtMost(npm().flow, NPM_FLOW_CEILING);
});

test('CDN load and flow together stay under 24 kB', () => {
  const { load, flow } = cdnClassic();
  assertAtMost([...load, ...flow], CDN_TOTAL_CEILING);
});

for (const [name, shape] of [
  ['CDN', cdnClassic],
  ['npm', npm],
] as const) {
  test(`the ${name} flow chunk is reached only by import()`, () => {
    const { load, dynamicTargets, flow } = shape();
    const flowChunk = /\/checkout-flow-[^/]+\.js$/;
    assert.ok(
      dynamicTargets.some((file) => flowChunk.test(file)),
      `dynamic imports: ${dynamicTargets.map((f) => relative(root, f))}`,
    );
    assert.ok(flow.length > 0);
    assert.ok(!load.some((file) => flowChunk.test(file)), describeSizes(load));
  });
}

test('the CDN loads no zod with the page; the flow chunk brings it', () => {
  const { load, flow } = cdnClassic();
  assert.doesNotMatch(code(load), ZOD_SIGNS);
  assert.match(code(flow), ZOD_SIGNS);
});

test('the npm entry and flow chunk leave Lit and zod to the app', () => {
  const { load, flow } = npm();
  for (const files of [load, flow]) {
    const source = code(files);
    assert.match(source, /from\s*["'`]lit["'`]/);
    assert.doesNotMatch(source, /extends HTMLElement/);
    assert.doesNotMatch(source, ZOD_SIGNS);
  }
  assert.match(code(flow), /from\s*["'`]zod\/mini["'`]/);
});
