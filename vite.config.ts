import { defineConfig, type UserConfig } from 'vite';
import { minifyLitLiterals } from './scripts/minify-lit-literals.ts';

/**
 * One config, several modes. `serve` runs the demo shop (`npm start`
 * starts it through demo/start.ts, which adds the merchant backend and the
 * Ecart Pay target); build modes for the package's bundles go beside it.
 */
export default defineConfig(({ command, mode }): UserConfig => {
  if (command === 'serve') return demoShop();
  if (mode === 'npm') return npmBuild();
  if (mode === 'node') return nodeBuild();
  if (mode === 'cdn') return cdnBuild();
  if (mode === 'cdn-classic') return cdnClassicBuild();
  throw new Error(
    `Unknown build mode "${mode}": npm run build runs npm, node and cdn.`,
  );
});

/** The demo shop: index.html and the return page, TypeScript from src/. */
function demoShop(): UserConfig {
  return {
    appType: 'mpa',
    cacheDir: '.cache/vite',
    clearScreen: false,
    server: { host: 'localhost', strictPort: true },
    optimizeDeps: {
      entries: ['index.html', 'demo/shop/return.html'],
      include: ['lit', 'lit/decorators.js', 'zod/mini'],
    },
  };
}

/**
 * V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints):
 * compile every function of the file when it loads, not on first call.
 */
const EAGER = '//# allFunctionsCalledOnLoad';

/** The entry that registers the tag, and the one that only exports it. */
const REGISTERING_ENTRY = 'src/element/index.ts';
const CLASS_ENTRY = 'src/element/ecartpay-checkout.ts';

/** Every package build: nothing of the demo's public/ folder in dist/. */
const packageBuild = { publicDir: false, clearScreen: false } as const;

/**
 * The browser entries for bundlers: `.` registers the tag, `./element`
 * only exports the class. Lit and zod stay imports, so that an app
 * bundles one copy of each. Minified, whitespace included, which Vite's
 * library mode skips for ES output unless asked; the CSS and markup in
 * Lit's templates too (scripts/minify-lit-literals.ts).
 */
function npmBuild(): UserConfig {
  return {
    ...packageBuild,
    plugins: [minifyLitLiterals()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: {
          'ecartpay-checkout': REGISTERING_ENTRY,
          element: CLASS_ENTRY,
        },
        formats: ['es'],
      },
      rolldownOptions: {
        external: [/^lit(\/|$)/, /^@lit\//, /^zod(\/|$)/],
        output: { chunkFileNames: 'chunks/[name]-[hash].js', minify: true },
      },
    },
  };
}

/**
 * The server toolkit, the sandbox and its command for Node: dependencies
 * and Node's modules stay imports; not minified, so that a merchant's
 * stack traces read.
 */
function nodeBuild(): UserConfig {
  return {
    ...packageBuild,
    build: {
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      ssr: true,
      target: 'node20',
      rolldownOptions: {
        input: {
          server: 'src/server/index.ts',
          sandbox: 'src/sandbox/index.ts',
          'sandbox-cli': 'src/sandbox/cli.ts',
        },
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/node-[name]-[hash].js',
        },
      },
    },
  };
}

/**
 * The CDN build, Lit and zod/mini inside: an ES module that registers
 * the tag, and the payment flow's chunk it loads on first need.
 * Development warnings are dropped: a page without a bundler has no
 * `process.env.NODE_ENV`.
 */
function cdnBuild(): UserConfig {
  return {
    ...packageBuild,
    plugins: [minifyLitLiterals()],
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: REGISTERING_ENTRY,
        formats: ['es'],
        fileName: () => 'ecartpay-checkout.esm.js',
      },
      rolldownOptions: {
        output: {
          chunkFileNames: 'chunks/[name]-[hash].js',
          minify: true,
          // What the tag and the flow both use (Lit, mostly), under a
          // name that says so rather than that of its first module.
          codeSplitting: { groups: [{ name: 'shared', minShareCount: 2 }] },
          postBanner: (chunk) =>
            chunk.name === 'checkout-flow' ? EAGER : '',
        },
      },
    },
  };
}

/**
 * The CDN's classic script: a few lines that load the ES module beside
 * it (see src/element/cdn-classic.ts). Built after `cdn`, into the same
 * folder.
 */
function cdnClassicBuild(): UserConfig {
  return {
    ...packageBuild,
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: false,
      sourcemap: true,
      lib: {
        entry: 'src/element/cdn-classic.ts',
        name: 'EcartPayCheckoutLoader',
        formats: ['iife'],
        fileName: () => 'ecartpay-checkout.js',
      },
      rolldownOptions: { output: { minify: true } },
    },
  };
}
