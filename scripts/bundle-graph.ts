/**
 * Which built files a page fetches when it loads a bundle, and which it
 * fetches later through `import()`, read from the files' relative
 * imports. The size budgets (test/dist/size.test.ts) and the bench's
 * size rows (bench/lib/bundles.ts) count files this one way.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const STATIC_IMPORT =
  /(?:\bfrom|\bimport)\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g;
const DYNAMIC_IMPORT =
  /\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g;

/** Files of the package a built module imports by relative path. */
export function importsOf(file: string, pattern: RegExp): string[] {
  const specifiers = readFileSync(file, 'utf8').matchAll(pattern);
  return [...specifiers].map((match) => resolve(dirname(file), match[1]!));
}

/**
 * The entries and every file they import statically, each once: what the
 * browser fetches before the module runs. Bare imports (lit, zod) and
 * `import()` are not followed.
 */
export function staticGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    importsOf(file, STATIC_IMPORT).forEach(visit);
  };
  entries.forEach(visit);
  return [...seen];
}

export interface BundleParts {
  /** Fetched with the page: the entry and its static imports, each once. */
  load: string[];
  /** Files the load reaches through `import()`. */
  dynamicTargets: string[];
  /**
   * Fetched after the page (idle, or the customer's intent): what the
   * load's `import()` reaches that the page does not hold already.
   */
  flow: string[];
}

/** Splits what a page loads from what its `import()` fetches later. */
export function bundleParts(load: string[]): BundleParts {
  const dynamicTargets = [
    ...new Set(load.flatMap((file) => importsOf(file, DYNAMIC_IMPORT))),
  ];
  const flow = staticGraph(dynamicTargets).filter(
    (file) => !load.includes(file),
  );
  return { load, dynamicTargets, flow };
}
