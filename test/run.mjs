#!/usr/bin/env node
// Runs every suite of the project and ends with one plain line,
// `N passed, N failed, N skipped`, summed over all of them.
//
//   node test/run.mjs            every suite
//   node test/run.mjs node e2e   only the named suites
//
// Suites:
//   node     server toolkit and sandbox, in Node (node:test)
//   browser  the element in headless Chromium (web-test-runner)
//   e2e      the demo shop driven in Chromium (node:test + playwright-core)
//   dist     built bundles, size budgets and the packed package (node:test)
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Test files below `dir` whose names end in `.test.ts`. */
function testFiles(dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true })
    .filter((name) => String(name).endsWith('.test.ts'))
    .map((name) => join(dir, String(name)))
    .sort();
}

function nodeSuite(dirs) {
  return () => {
    const files = dirs.flatMap(testFiles);
    if (files.length === 0) return null;
    return {
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        '--test',
        '--test-reporter=spec',
        '--test-concurrency=1',
        ...files,
      ],
      count: countNodeTest,
    };
  };
}

const suites = {
  node: nodeSuite(['test/server', 'test/sandbox']),
  browser: () =>
    testFiles('test/element').length === 0
      ? null
      : {
          command: join(root, 'node_modules/.bin/web-test-runner'),
          args: ['--config', 'web-test-runner.config.mjs'],
          count: countWebTestRunner,
        },
  e2e: nodeSuite(['test/e2e']),
  dist: nodeSuite(['test/dist']),
};

function countNodeTest(output) {
  const read = (word) => {
    const match = output.match(new RegExp(`^\\S*\\s*${word} (\\d+)$`, 'm'));
    return match ? Number(match[1]) : 0;
  };
  return {
    passed: read('pass'),
    failed: read('fail') + read('cancelled'),
    skipped: read('skipped') + read('todo'),
  };
}

function countWebTestRunner(output) {
  const match = output.match(/wtr: (\d+) passed, (\d+) failed, (\d+) skipped/);
  if (!match) return { passed: 0, failed: 0, skipped: 0 };
  return {
    passed: Number(match[1]),
    failed: Number(match[2]),
    skipped: Number(match[3]),
  };
}

function run({ command, args }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (stream, sink) =>
      stream.on('data', (chunk) => {
        output += chunk;
        sink.write(chunk);
      });
    keep(child.stdout, process.stdout);
    keep(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(suites);
const total = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

for (const name of names) {
  const suite = suites[name]?.();
  if (suite === undefined) {
    console.error(`Unknown suite "${name}"; known: ${Object.keys(suites)}`);
    process.exit(2);
  }
  if (suite === null) continue;

  console.log(`\n=== ${name} ===`);
  const { code, output } = await run(suite);
  const counts = suite.count(output);

  // A runner that exits non-zero with nothing failed still failed to run.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  if (code !== 0) exitCode = 1;

  console.log(
    `${name}: ${counts.passed} passed, ${counts.failed} failed, ` +
      `${counts.skipped} skipped`,
  );
  for (const key of Object.keys(total)) total[key] += counts[key];
}

if (total.passed + total.failed === 0) exitCode = 1;
console.log(
  `\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
);
process.exit(exitCode);
