/**
 * The CDN build's classic script, `ecartpay-checkout.js`, for a plain
 * `<script src>` (with or without `defer` or `async`): it loads the ES
 * module beside it, `ecartpay-checkout.esm.js`, which registers the tag.
 * One build serves both kinds of script tag, so a page that has both
 * (a theme and an app) loads the element once, and the payment flow's
 * chunk is shared. The tag is defined a moment after this script runs:
 * code that calls `open()` at once waits for
 * `customElements.whenDefined('ecartpay-checkout')`.
 */
const script = document.currentScript;
const base =
  script instanceof HTMLScriptElement && script.src
    ? script.src
    : document.baseURI;

void import(
  /* @vite-ignore */ new URL('ecartpay-checkout.esm.js', base).href
);
