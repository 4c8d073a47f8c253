/**
 * Finds the bundles to measure: the package's own build output in dist/,
 * after running `npm run build` when dist/ is older than the sources, so
 * the figures always match the source. Without a build, or when it
 * fails, the bench bundles the element itself with Vite into a temporary
 * folder, in the two shapes the package ships: self-contained and
 * minified for the CDN, and with lit and zod left external for npm.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface Bundles {
  /** The self-contained CDN file (classic script), or undefined. */
  cdn?: string;
  /** Its ES module twin, when the build makes one. */
  cdnModule?: string;
  /** The npm element entry (ES module), or undefined. */
  npmEntry?: string;
  /** How they were made, or why they are missing. */
  why: string;
}

const ROOT = resolve(import.meta.dirname, '../..');
const ELEMENT_SOURCE = join(ROOT, 'src/element/index.ts');
const BUILD_TIMEOUT_MS = 120_000;

/** Where `npm run build` puts them (see test/dist/support/package.ts). */
const PUBLISHED = {
  cdn: join(ROOT, 'dist/cdn/ecartpay-checkout.js'),
  cdnModule: join(ROOT, 'dist/cdn/ecartpay-checkout.esm.js'),
  npmEntry: join(ROOT, 'dist/ecartpay-checkout.js'),
};

function hasBuildScript(): boolean {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return typeof manifest.scripts?.build === 'string';
}

export async function prepareBundles(): Promise<Bundles> {
  let reason = 'no `npm run build` yet';
  if (hasBuildScript()) {
    if (builtSince(newestInput())) {
      return { ...PUBLISHED, why: '`npm run build` (dist/ newer than src/)' };
    }
    const startedAt = Date.now();
    const failure = await runPackageBuild();
    if (builtSince(startedAt)) {
      const why = failure
        ? '`npm run build` (its bundles; a later step failed)'
        : '`npm run build`';
      return { ...PUBLISHED, why };
    }
    reason = failure ? '`npm run build` failed' : 'build made no bundles';
  }

  if (!existsSync(ELEMENT_SOURCE)) {
    return { why: `${reason} and no src/element/index.ts yet` };
  }
  return benchBuild(reason);
}

/** What the build reads; a change there makes dist/ stale. */
const BUILD_INPUTS = ['src', 'package.json', 'vite.config.ts'];

/** Latest modification time among the build's inputs, epoch ms. */
function newestInput(): number {
  const newest = (path: string): number => {
    if (!existsSync(path)) return 0;
    const stats = statSync(path);
    if (!stats.isDirectory()) return stats.mtimeMs;
    return Math.max(
      stats.mtimeMs,
      ...readdirSync(path).map((name) => newest(join(path, name))),
    );
  };
  return Math.max(...BUILD_INPUTS.map((input) => newest(join(ROOT, input))));
}

/** Whether the build wrote both bundles after `time` (epoch ms). */
function builtSince(time: number): boolean {
  return [PUBLISHED.cdn, PUBLISHED.npmEntry].every(
    (file) => existsSync(file) && statSync(file).mtimeMs >= time - 1000,
  );
}

/** Runs the package's build; resolves with its error output on failure. */
async function runPackageBuild(): Promise<string | undefined> {
  try {
    await promisify(execFile)('npm', ['run', 'build', '--silent'], {
      cwd: ROOT,
      timeout: BUILD_TIMEOUT_MS,
      maxBuffer: 16 * 1024 * 1024,
    });
    return undefined;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

async function benchBuild(reason: string): Promise<Bundles> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'ecartpay-bench-'));

  const shape = (name: string, format: 'es' | 'iife', external?: RegExp) =>
    build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      build: {
        outDir: join(outDir, name),
        emptyOutDir: true,
        minify: true,
        lib: {
          entry: ELEMENT_SOURCE,
          formats: [format],
          name: 'EcartPayCheckout',
          fileName: () => `${name}.js`,
        },
        rollupOptions: external ? { external: [external] } : {},
      },
    });

  await shape('cdn', 'iife');
  await shape('npm', 'es', /^(lit|zod)(\/|$)/);
  return {
    cdn: join(outDir, 'cdn/cdn.js'),
    npmEntry: join(outDir, 'npm/npm.js'),
    why: `bench's own Vite build (${reason})`,
  };
}
