/**
 * Finds the bundles to measure: the package's own build output in dist/,
 * after running `npm run build` when dist/ is older than the sources, so
 * the figures always match the source. Without a build, or when it
 * fails, the bench bundles the element itself with Vite into a temporary
 * folder, in the two shapes the package ships: self-contained and
 * minified for the CDN, and with lit and zod left external for npm.
 *
 * Each shape comes in two parts: what a page loads with it (the entry
 * and its static imports: the button) and the payment flow's chunk, which
 * the entry reaches only through `import()` on the customer's first sign
 * of intent. bundleParts() tells them apart.
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
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  bundleParts,
  staticGraph,
  type BundleParts,
} from '../../scripts/bundle-graph.ts';

export interface Bundles {
  /**
   * The CDN's classic script, or undefined. Since the flow split it only
   * imports `cdnModule` beside it; earlier builds were self-contained.
   */
  cdn?: string;
  /** The CDN's ES module, which registers the tag, when the build has one. */
  cdnModule?: string;
  /** The npm element entry (ES module), or undefined. */
  npmEntry?: string;
  /** How they were made, or why they are missing. */
  why: string;
}

const ROOT = resolve(import.meta.dirname, '../..');
const ELEMENT_SOURCE = join(ROOT, 'src/element/index.ts');
const CDN_CLASSIC_SOURCE = join(ROOT, 'src/element/cdn-classic.ts');
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
const BUILD_INPUTS = [
  'src',
  'package.json',
  'vite.config.ts',
  'scripts/minify-lit-literals.ts',
];

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

interface Shape {
  /** Folder below the bench's output folder. */
  folder: string;
  entry: string;
  format: 'es' | 'iife';
  fileName: string;
  external?: RegExp;
  /** Whether to keep what an earlier shape wrote into the same folder. */
  keep?: boolean;
}

/** The two shapes the package ships, when its own build cannot run. */
async function benchBuild(reason: string): Promise<Bundles> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'ecartpay-bench-'));
  const shape = (options: Shape) =>
    build({
      configFile: false,
      logLevel: 'silent',
      root: ROOT,
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: join(outDir, options.folder),
        emptyOutDir: !options.keep,
        minify: true,
        lib: {
          entry: options.entry,
          formats: [options.format],
          name: 'EcartPayCheckout',
          fileName: () => options.fileName,
        },
        rolldownOptions: {
          external: options.external ? [options.external] : [],
          output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
        },
      },
    });

  const cdnModule = join(outDir, 'cdn/ecartpay-checkout.esm.js');
  await shape({
    folder: 'cdn',
    entry: ELEMENT_SOURCE,
    format: 'es',
    fileName: 'ecartpay-checkout.esm.js',
  });
  let cdn = cdnModule;
  if (existsSync(CDN_CLASSIC_SOURCE)) {
    cdn = join(outDir, 'cdn/ecartpay-checkout.js');
    await shape({
      folder: 'cdn',
      entry: CDN_CLASSIC_SOURCE,
      format: 'iife',
      fileName: 'ecartpay-checkout.js',
      keep: true,
    });
  }
  await shape({
    folder: 'npm',
    entry: ELEMENT_SOURCE,
    format: 'es',
    fileName: 'npm.js',
    external: /^(lit|zod)(\/|$)/,
  });
  return {
    cdn,
    cdnModule,
    npmEntry: join(outDir, 'npm/npm.js'),
    why: `bench's own Vite build (${reason})`,
  };
}

/** What a bundle costs a page, in files of the package. */
export type { BundleParts };

/**
 * A page with the CDN's classic `<script src>`: the classic script, then
 * the ES module it imports by name (when it is a loader), with the
 * module's static imports.
 */
export function cdnParts(bundles: Bundles): BundleParts | undefined {
  if (!bundles.cdn) return undefined;
  const module = bundles.cdnModule;
  const loadsModule =
    module !== undefined &&
    module !== bundles.cdn &&
    existsSync(module) &&
    readFileSync(bundles.cdn, 'utf8').includes(basename(module));
  return bundleParts(
    loadsModule
      ? [bundles.cdn, ...staticGraph([module])]
      : staticGraph([bundles.cdn]),
  );
}

/** A page with the CDN's ES module in a `<script type="module">`. */
export function cdnModuleParts(bundles: Bundles): BundleParts | undefined {
  const module = bundles.cdnModule;
  if (!module || !existsSync(module)) return undefined;
  return bundleParts(staticGraph([module]));
}

/** What the npm entry adds to an app's page, Lit and zod left out. */
export function npmParts(bundles: Bundles): BundleParts | undefined {
  if (!bundles.npmEntry) return undefined;
  return bundleParts(staticGraph([bundles.npmEntry]));
}
