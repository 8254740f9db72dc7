/**
 * Synthesizes the project's real charts (charts/app.ts) into a temporary directory, the way
 * `npm run synth` does, so tracectl is tested against exactly what the charts produce.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { addCharts } from '../../charts/app.js';
import { loadConfig } from '../../src/config.js';
import {
  DEFAULT_TERRAFORM_OUTPUTS_FILE,
  type TerraformOutputs,
} from '../../src/terraform-outputs.js';

/**
 * Returns the output directory. Without `outputs`, ARNs are the config's placeholders; with
 * them, a terraform-outputs.json is written beside it first, as `terraform output -json` would.
 */
export function synthCharts(outputs?: TerraformOutputs): { dir: string; outputsFile?: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tracectl-synth-'));
  let outputsFile: string | undefined;
  if (outputs) {
    outputsFile = join(cwd, DEFAULT_TERRAFORM_OUTPUTS_FILE);
    const json = Object.fromEntries(
      Object.entries(outputs).map(([k, value]) => [k, { value, type: 'string', sensitive: false }]),
    );
    writeFileSync(outputsFile, JSON.stringify(json));
  }
  const { config } = loadConfig({ env: {}, cwd });
  const dir = join(cwd, 'dist');
  const app = new App({ outdir: dir });
  addCharts(app, config);
  app.synth();
  return { dir, outputsFile };
}
