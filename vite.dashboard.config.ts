/**
 * Builds the dashboard's browser client (src/dashboard/client) into dist/dashboard/client, which the
 * dashboard server serves as its only static files. Part of `npm run build`.
 */
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('./src/dashboard/client'),
  base: '/',
  plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
  logLevel: 'warn',
  build: {
    outDir: here('./dist/dashboard/client'),
    emptyOutDir: true,
    // The server's content security policy allows scripts from its own origin only: no inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
