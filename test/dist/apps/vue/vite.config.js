import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// Vue must leave the tag to the browser instead of looking for a Vue
// component of that name.
const isCustomElement = (tag) => tag.startsWith('ecartpay-');

export default defineConfig({
  logLevel: 'warn',
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } })],
});
