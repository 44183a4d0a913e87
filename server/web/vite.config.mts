// Builds the browser call page into server/dist/web: index.html plus hashed
// assets the meeting server serves under /_page/assets/ (see server/src/http/call-page.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/_page/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // The polyfill would be bundled anyway, but no preload helper is needed: one entry chunk.
    modulePreload: { polyfill: false },
    // Keep every asset a file: the CSP allows no data: scripts or styles.
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
  },
});
