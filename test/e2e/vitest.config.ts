import { defineConfig } from 'vitest/config';

// Browser end-to-end suite (`npm run test:e2e`), kept out of `npm test`: it builds the repo,
// starts the whole local stack on free ports and drives Debian chromium through playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // One file at a time: each starts whole local stacks, which a loaded machine feels.
    fileParallelism: false,
    testTimeout: 120_000,
    // Builds (tsc + two Vite bundles) run once in global-setup.ts, on a busy machine.
    hookTimeout: 600_000,
  },
});
