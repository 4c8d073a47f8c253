/**
 * The built and packed package, shared by every test of the dist suite.
 * node:test runs each file in its own process, so each step leaves its
 * result on disk and the next file finds it fresh instead of redoing it:
 * one build, one `npm pack`, one install per change of the sources. A
 * lock keeps two runs in the same tree from building at once.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../../../', import.meta.url).pathname;
export const dist = join(root, 'dist');

/** Where the dist suite leaves its tarball, installs and app builds. */
export const work = join(root, 'test-results/dist');

/** Files the package's fields point at: a build must have made them. */
export const BUILT_FILES = [
  'dist/ecartpay-checkout.js',
  'dist/element.js',
  'dist/server.js',
  'dist/sandbox.js',
  'dist/sandbox-cli.js',
  'dist/cdn/ecartpay-checkout.js',
  'dist/cdn/ecartpay-checkout.esm.js',
  'dist/types/element/index.d.ts',
  'custom-elements.json',
];

/** What a build reads: newer than its output means the output is stale. */
const BUILD_INPUTS = [
  'src',
  'package.json',
  'vite.config.ts',
  'scripts/minify-lit-literals.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'custom-elements-manifest.config.mjs',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestMtime(join(path, name))),
    stats.mtimeMs,
  );
}

function oldestMtime(paths: string[]): number {
  return Math.min(
    ...paths.map((path) =>
      existsSync(path) ? statSync(path).mtimeMs : -Infinity,
    ),
  );
}

function isFresh(outputs: string[], inputs: string[]): boolean {
  const newestInput = Math.max(...inputs.map(newestMtime));
  return oldestMtime(outputs) >= newestInput;
}

function npm(args: string[], cwd = root): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid in a lock; undefined while its holder is still writing it. */
function lockHolder(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `step` holding a lock that a dead holder does not keep. */
function locked<Result>(step: () => Result): Result {
  mkdirSync(work, { recursive: true });
  const lock = join(work, '.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(lock);
      if (holder !== undefined && !isRunning(holder)) {
        rmSync(lock, { recursive: true, force: true });
      }
      sleepSync(500);
    }
  }
  try {
    return step();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `npm run build` unless dist/ is newer than every source. */
export function ensureBuilt(): void {
  locked(buildIfStale);
}

/** The tarball `npm pack` makes of the fresh build. */
export function ensurePacked(): string {
  return locked(() => {
    buildIfStale();
    return packIfStale();
  });
}

/**
 * A folder whose node_modules holds the packed package and its
 * dependencies, installed from the tarball the way a merchant installs
 * it. The apps are built in folders below it, inside the repository, so
 * that their frameworks and Vite plugins resolve from the root's
 * node_modules.
 */
export function ensureInstalled(): string {
  return locked(() => {
    buildIfStale();
    return installIfStale(packIfStale());
  });
}

function buildIfStale(): void {
  const outputs = BUILT_FILES.map((file) => join(root, file));
  const inputs = BUILD_INPUTS.map((file) => join(root, file));
  if (isFresh(outputs, inputs)) return;
  npm(['run', 'build']);
}

function packIfStale(): string {
  const { name, version } = JSON.parse(
    readFileSync(join(root, 'package.json'), 'utf8'),
  ) as { name: string; version: string };
  const tarball = join(work, `${name}-${version}.tgz`);
  const outputs = BUILT_FILES.map((file) => join(root, file));
  if (isFresh([tarball], [...outputs, join(root, 'package.json')])) {
    return tarball;
  }

  // The build just ran; `prepack` would only run it again.
  npm(['pack', '--ignore-scripts', '--pack-destination', work]);
  return tarball;
}

function installIfStale(tarball: string): string {
  const consumer = join(work, 'consumer');
  // npm dates unpacked files 1985, so the install leaves its own stamp.
  const stamp = join(consumer, '.installed');
  if (isFresh([stamp], [tarball])) return consumer;

  mkdirSync(consumer, { recursive: true });
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  npm(
    [
      'install',
      tarball,
      '--no-save',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
    ],
    consumer,
  );
  writeFileSync(stamp, tarball);
  return consumer;
}
