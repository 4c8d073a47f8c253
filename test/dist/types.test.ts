/**
 * The package's types as a merchant's TypeScript sees them, installed
 * from the tarball: the tag in React 19 and Preact JSX, Vue's and
 * Svelte's templates, the DOM's maps, the server toolkit. The React and
 * framework-free checks read the package's declarations with
 * `skipLibCheck: false`; the others skip them, as Vite's templates do,
 * because checking Vue's and Svelte's own declarations takes a minute.
 * Each fixture also holds `@ts-expect-error` lines, so a typing that
 * accepts anything fails the check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ensureInstalled, root } from './support/package.ts';

const fixtures = new URL('./apps/types/', import.meta.url).pathname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const vueTsc = join(root, 'node_modules/vue-tsc/bin/vue-tsc.js');

let checks = '';

before(() => {
  const consumer = ensureInstalled();
  checks = join(consumer, `types-${process.pid}`);
  cpSync(fixtures, checks, { recursive: true });
});

after(() => {
  rmSync(checks, { recursive: true, force: true });
});

/** Runs tsc on a project; its diagnostics become the failure message. */
function typeCheck(project: string, compiler = tsc): void {
  try {
    execFileSync(process.execPath, [compiler, '-p', project], {
      encoding: 'utf8',
    });
  } catch (error) {
    const { stdout } = error as { stdout?: string };
    assert.fail(stdout || String(error));
  }
}

test('React 19 JSX accepts the tag, its properties and events', () => {
  typeCheck(join(checks, 'tsconfig.react.json'));
});

test('Preact JSX accepts the tag, its properties and events', () => {
  typeCheck(join(checks, 'tsconfig.preact.json'));
});

test('a Vue template binds the props and typed events of the tag', () => {
  typeCheck(join(checks, 'tsconfig.vue.json'), vueTsc);
});

test('Vue, Svelte, the DOM maps and the server toolkit type-check', () => {
  typeCheck(join(checks, 'tsconfig.json'));
});

test('a project with no framework installed type-checks too', () => {
  // Outside the repository, so that no framework is found above it.
  const project = mkdtempSync(join(tmpdir(), 'ecartpay-types-'));
  try {
    cpSync(checks, project, { recursive: true });
    symlinkSync(
      join(checks, '..', 'node_modules'),
      join(project, 'node_modules'),
    );
    typeCheck(join(project, 'tsconfig.dom.json'));
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
