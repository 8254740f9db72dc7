// Builds once for the whole end-to-end suite (the task service runs from build/, task-web and
// the preview UI from their bundles), instead of once per test file. E2E_SKIP_BUILD=1 reuses
// what is there.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { planBuilds, runBuilds } from '../../scripts/local-stack/build-steps.js';

export default async function setup(): Promise<void> {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const repoRoot = resolve(import.meta.dirname, '../..');
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts?: Record<string, unknown>;
  };
  await runBuilds(planBuilds(pkg.scripts ?? {}), {
    cwd: repoRoot,
    log: (l) => console.log(`[e2e] ${l}`),
  });
}
