// Vite build of task-web: `vite build apps/task-web` writes apps/task-web/dist.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The OpenTelemetry web SDK is most of the bundle; keep one file, no warning noise.
    chunkSizeWarningLimit: 400,
  },
  resolve: {
    // Several @opentelemetry packages nest their own copy of core/resources/sdk-trace (3.0 vs
    // 3.1, same API). Dedupe bundles the top-level copy once (measured: 87.1 -> 85.8 kB).
    dedupe: [
      '@opentelemetry/api',
      '@opentelemetry/core',
      '@opentelemetry/resources',
      '@opentelemetry/sdk-trace',
    ],
  },
});
