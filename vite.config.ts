import { defineConfig, type UserConfig } from 'vite';

/**
 * One config, several modes. `serve` runs the demo shop (`npm start`
 * starts it through demo/start.ts, which adds the merchant backend and the
 * Ecart Pay target); build modes for the package's bundles go beside it.
 */
export default defineConfig(({ command }): UserConfig => {
  if (command === 'serve') return demoShop();
  return {};
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
