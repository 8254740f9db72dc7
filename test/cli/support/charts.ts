/**
 * Synthesizes the project's real charts (charts/app.ts) into a temporary directory, the way
 * `npm run synth` does, so tracectl is tested against exactly what the charts produce.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { addCharts } from '../../../charts/app.js';
import { loadConfig } from '../../../src/config.js';

/** Returns the output directory; ARNs are the config's placeholders (no Terraform outputs here). */
export function synthCharts(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'tracectl-synth-'));
  const { config } = loadConfig({ env: {}, cwd: outdir });
  const app = new App({ outdir });
  addCharts(app, config);
  app.synth();
  return outdir;
}
