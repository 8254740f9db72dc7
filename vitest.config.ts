import { defineConfig } from 'vitest/config';

// Unit, component and integration tests. The browser end-to-end suite has its own config
// (test/e2e) and runs with `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
