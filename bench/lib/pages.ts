/**
 * The pages the bench loads. Each one is a small shop page: a heading, a
 * product and a way to pay, plus the probe (probe.ts). They stay minimal
 * on purpose: a real shop page costs more to reload, which only makes the
 * full-page redirect compare worse than it does here.
 */
import { PROBE_SCRIPT } from './probe.ts';

export interface PageOptions {
  title: string;
  /** Extra markup in <head>, e.g. the widget's script tag. */
  head?: string;
  /** The page's content. */
  body: string;
  /** Inline script run after the body is parsed. */
  script?: string;
}

export function page(options: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<script>${PROBE_SCRIPT}</script>
${options.head ?? ''}
</head>
<body>
<h1>Bench shop</h1>
<p>Ceramic mug, 249.00 MXN</p>
${options.body}
${options.script ? `<script>${options.script}</script>` : ''}
</body>
</html>`;
}

/**
 * A bare native modal: the least any in-page checkout window can cost.
 * Its button id is `reference-open`; the dialog is `#reference-dialog`.
 */
export const REFERENCE_DIALOG = `
<button id="reference-open" type="button">Pay (bare dialog)</button>
<dialog id="reference-dialog" aria-label="Payment">
  <form method="dialog"><button>Close</button></form>
</dialog>
<script>
document.getElementById('reference-open').addEventListener('click', () =>
  document.getElementById('reference-dialog').showModal());
window.__bench.tests.referenceOpen = () =>
  document.getElementById('reference-dialog').open;
</script>`;
