/**
 * 1. Size: what the shop's customers download. The CDN build has Lit and
 * zod/mini inside; the npm entry is what a bundling shop adds on top of
 * the Lit and zod it may already ship. Each comes in two parts: what
 * loads with the page (the button; the budgets apply to it) and the
 * payment flow's chunk, fetched on the customer's first sign of intent.
 * Shopify's Buy Button, the best-known embeddable checkout, is measured
 * the same way beside them; all of it loads with the page.
 */
import { readFileSync } from 'node:fs';
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
import {
  cdnModuleParts,
  cdnParts,
  npmParts,
  type BundleParts,
  type Bundles,
} from '../lib/bundles.ts';

const CDN_BUDGET_GZIP = 12_000;
const NPM_BUDGET_GZIP = 5_000;

/** Shopify's published, minified browser build of the Buy Button. */
export function buyButtonBundlePath(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('@shopify/buy-button-js/package.json');
  return resolve(dirname(manifest), 'dist/buybutton.min.js');
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

function listFiles(files: string[]): string {
  return files.map(display).join(' + ');
}

/** What each size row measured, for the notes under the table. */
export function sizeNotes(bundles: Bundles): string[] {
  const notes = [
    `Buy Button: ${display(buyButtonBundlePath())} ` +
      `(@shopify/buy-button-js ${buyButtonVersion()}), its published ` +
      'minified browser bundle, measured the same way; all of it loads ' +
      'with the page.',
    `Our bundles: ${bundles.why}. Each file is compressed on its own, as ` +
      'a server sends it, and counted once. "At page load" is the entry ' +
      'and its static imports; the flow chunk (window, validation, texts) ' +
      'is fetched by import() when the browser is idle or the customer ' +
      'points at, focuses or clicks the button.',
  ];
  const cdn = cdnParts(bundles);
  if (cdn) {
    notes.push(
      `CDN at page load: ${listFiles(cdn.load)}; after load: ` +
        `${listFiles(cdn.flow)}.`,
    );
  }
  const module = cdnModuleParts(bundles);
  if (module && cdn && module.load.length !== cdn.load.length) {
    const gzip = sumSizes(module.load).gzip;
    notes.push(
      `Loaded as an ES module, ${display(bundles.cdnModule!)} skips the ` +
        `classic script: ${kB(gzip)} gzip at page load.`,
    );
  }
  const npm = npmParts(bundles);
  if (npm) {
    notes.push(
      `npm entry at page load: ${listFiles(npm.load)}; after load: ` +
        `${listFiles(npm.flow)} (lit and zod external, as published).`,
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
  const rows = (
    name: string,
    parts: BundleParts | undefined,
    budget: number,
  ): Row[] =>
    parts
      ? partRows(name, parts, budget, reference)
      : [notMeasured(`size: ${name}`, bundles.why)];
  return [
    ...rows('CDN', cdnParts(bundles), CDN_BUDGET_GZIP),
    ...rows('npm', npmParts(bundles), NPM_BUDGET_GZIP),
  ];
}

/**
 * Rows for one shape: at page load against its budget, its flow chunk,
 * and the two together. The Buy Button loads all of it with the page, so
 * it stands beside our page load and our total.
 */
function partRows(
  name: string,
  parts: BundleParts,
  budget: number,
  reference: Sizes,
): Row[] {
  const load = sumSizes(parts.load);
  const flow = sumSizes(parts.flow);
  const total = sumSizes([...parts.load, ...parts.flow]);
  const atLoad = `size: ${name} at page load`;
  return [
    sizeRow(`${atLoad}, minified`, load.raw, reference.raw),
    {
      ...sizeRow(`${atLoad}, gzip`, load.gzip, reference.gzip),
      target: `<= ${kB(budget)}`,
      verdict: verdict(load.gzip <= budget),
    },
    sizeRow(`${atLoad}, brotli`, load.brotli, reference.brotli),
    {
      ...sizeRow(`size: ${name} flow chunk after load, gzip`, flow.gzip, 0),
      reference: '',
      ratio: '',
    },
    sizeRow(`size: ${name} load + flow, gzip`, total.gzip, reference.gzip),
  ];
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
