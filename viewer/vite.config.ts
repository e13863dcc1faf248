// Builds the viewer into viewer/dist/, which `corridor run` and `corridor replay` serve at `/`.
// `npm start` builds it when viewer/ changed (cli/viewer-build.ts); `npm run build:viewer` by hand.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset paths: the same bundle works served by corridor run/replay and opened from disk
  // (file://), where a dropped .mcap is played without any server.
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
});
