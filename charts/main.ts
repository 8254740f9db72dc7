/**
 * cdk8s entry point (`npm run synth` = `cdk8s synth`, see cdk8s.yaml). The only place that reads
 * the environment: config comes from TRACING_* variables and the Terraform outputs file.
 */
import { App } from 'cdk8s';
import { ConfigError, loadConfig } from '../src/config.js';
import { InvalidPropError } from '../src/constructs/index.js';
import { TerraformOutputsError } from '../src/terraform-outputs.js';
import { addCharts } from './app.js';
import { checkTaskServiceStarts } from './preflight.js';

try {
  const loaded = loadConfig({ env: process.env, cwd: process.cwd() });
  if (loaded.warning) console.warn(loaded.warning);
  const app = new App();
  const charts = addCharts(app, loaded.config);
  // Before anything is written: manifests whose pods would crash-loop are not worth applying.
  checkTaskServiceStarts(charts.taskService, loaded.config);
  app.synth();
} catch (err) {
  if (
    err instanceof ConfigError ||
    err instanceof TerraformOutputsError ||
    err instanceof InvalidPropError
  ) {
    console.error(`synth failed: ${err.message}`);
    process.exit(1);
  }
  throw err;
}
