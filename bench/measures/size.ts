/**
 * 1. Size: what the shop's customers download. The CDN bundle is the whole
 * widget with Lit inside; the npm entry is what a bundling shop adds on
 * top of the Lit and zod it may already ship. Shopify's Buy Button, the
 * best-known embeddable checkout, is measured the same way beside them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { compressedSizes, type Sizes } from '../lib/compressed.ts';
import {
  kB,
  notMeasured,
  ratio,
  verdict,
  type Row,
} from '../lib/table.ts';
import type { Bundles } from '../lib/bundles.ts';

const CDN_BUDGET_GZIP = 12_000;
const NPM_BUDGET_GZIP = 5_000;

/** Shopify's published, minified browser build of the Buy Button. */
export function buyButtonBundlePath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@shopify/buy-button-js/package.json');
  return resolve(dirname(manifest), 'dist/buybutton.min.js');
}

/**
 * The entry plus every chunk it imports by relative path, as a browser
 * would fetch them; bare imports (lit, zod) stay out.
 */
export function localImportClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);

    const source = readFileSync(file, 'utf8');
    const imports = source.matchAll(
      /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g,
    );
    for (const [, specifier] of imports) {
      visit(resolve(dirname(file), specifier));
    }
  };
  visit(entry);
  return [...seen];
}

function sumSizes(files: string[]): Sizes {
  return files
    .map((file) => compressedSizes(readFileSync(file)))
    .reduce(
      (total, sizes) => ({
        raw: total.raw + sizes.raw,
        gzip: total.gzip + sizes.gzip,
        brotli: total.brotli + sizes.brotli,
      }),
      { raw: 0, gzip: 0, brotli: 0 },
    );
}

function display(path: string): string {
  return relative(process.cwd(), path);
}

/** What each size row measured, for the notes under the table. */
export function sizeNotes(bundles: Bundles): string[] {
  const notes = [
    `Buy Button: ${display(buyButtonBundlePath())} ` +
      `(@shopify/buy-button-js ${buyButtonVersion()}), its published ` +
      'minified browser bundle, measured the same way.',
    `Our bundles: ${bundles.why}.`,
  ];
  if (bundles.cdn) notes.push(`CDN bundle: ${display(bundles.cdn)}.`);
  if (bundles.cdnModule && existsSync(bundles.cdnModule)) {
    notes.push(`CDN ES module: ${display(bundles.cdnModule)}.`);
  }
  if (bundles.npmEntry) {
    const files = localImportClosure(bundles.npmEntry).map(display);
    notes.push(
      `npm entry: ${files.join(' + ')} (lit and zod external, as ` +
        'published; chunks it imports counted).',
    );
  }
  return notes;
}

function buyButtonVersion(): string {
  const manifest = resolve(dirname(buyButtonBundlePath()), '../package.json');
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

export function measureSize(bundles: Bundles): Row[] {
  const reference = compressedSizes(readFileSync(buyButtonBundlePath()));
  const rows: Row[] = [];

  if (bundles.cdn) {
    const cdn = compressedSizes(readFileSync(bundles.cdn));
    rows.push(
      sizeRow('size: CDN bundle, minified', cdn.raw, reference.raw),
      {
        ...sizeRow('size: CDN bundle, gzip', cdn.gzip, reference.gzip),
        target: `<= ${kB(CDN_BUDGET_GZIP)}`,
        verdict: verdict(cdn.gzip <= CDN_BUDGET_GZIP),
      },
      sizeRow('size: CDN bundle, brotli', cdn.brotli, reference.brotli),
    );
    if (bundles.cdnModule && existsSync(bundles.cdnModule)) {
      const module = compressedSizes(readFileSync(bundles.cdnModule));
      rows.push({
        ...sizeRow('size: CDN ES module, gzip', module.gzip, reference.gzip),
        target: `<= ${kB(CDN_BUDGET_GZIP)}`,
        verdict: verdict(module.gzip <= CDN_BUDGET_GZIP),
      });
    }
  } else {
    rows.push(notMeasured('size: CDN bundle', bundles.why));
  }

  if (bundles.npmEntry) {
    const npm = sumSizes(localImportClosure(bundles.npmEntry));
    rows.push(
      sizeRow('size: npm entry, as published', npm.raw, reference.raw),
      {
        ...sizeRow('size: npm entry, gzip', npm.gzip, reference.gzip),
        target: `<= ${kB(NPM_BUDGET_GZIP)}`,
        verdict: verdict(npm.gzip <= NPM_BUDGET_GZIP),
      },
      sizeRow('size: npm entry, brotli', npm.brotli, reference.brotli),
    );
  } else {
    rows.push(notMeasured('size: npm entry', bundles.why));
  }

  return rows;
}

function sizeRow(measure: string, ours: number, reference: number): Row {
  return {
    measure,
    ours: kB(ours),
    reference: `${kB(reference)} Buy Button`,
    ratio: ratio(ours, reference),
    target: '',
    verdict: '',
  };
}
