// Builds the preview UI into ./dist, which the preview server serves at `/`.
// Run from the repo root: `vite build apps/xray-preview/ui` (npm run build:preview-ui).
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the files work whatever path the server mounts them on.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // elkjs ships as one ~1.5 MB bundle; this is a local developer tool, so that is fine.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    // `vite apps/xray-preview/ui` for UI work: the API lives on the preview's query port.
    proxy: Object.fromEntries(
      ['/ServiceGraph', '/TraceSummaries', '/Traces', '/api'].map((path) => [
        path,
        'http://127.0.0.1:2000',
      ]),
    ),
  },
});
