import { readServiceConfig } from '../apps/task-service/src/config.js';
import { ConfigError, type DeployConfig } from '../src/config.js';
import type { TaskServiceChart } from './task-service-chart.js';

/** Variables the chart sets only when config.remoteSampling is on. */
const REMOTE_SAMPLING_ENV = ['OTEL_TRACES_SAMPLER', 'XRAY_SAMPLING_ENDPOINT'] as const;

/**
 * The literal environment of the task-service container, as the chart wrote it. Downward-API
 * entries are left out: the reader does not look at them.
 */
export function taskServiceLiteralEnv(chart: TaskServiceChart): Record<string, string> {
  const app = chart.workload.deployment.containers.find((c) => c.name === chart.workload.name);
  if (!app) throw new Error(`no container "${chart.workload.name}" in the task-service Deployment`);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(app.env.variables)) {
    if (typeof value.value === 'string') env[name] = value.value;
  }
  return env;
}

/**
 * Refuses to write manifests whose task-service pods could not start. The service reads its
 * environment first thing (one schema, in the tracing bootstrap loaded with `--import`) and exits
 * on any value it refuses, so such a value would crash-loop every pod. Run by the synth entry
 * point, with the service's own reader rather than a copy of its rules.
 */
export function checkTaskServiceStarts(chart: TaskServiceChart, config: DeployConfig): void {
  const env = taskServiceLiteralEnv(chart);
  let problem: string | undefined;
  try {
    readServiceConfig(env);
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  if (problem === undefined) return;
  if (config.remoteSampling && REMOTE_SAMPLING_ENV.some((name) => problem.includes(name))) {
    throw new ConfigError(
      `config.remoteSampling = true: the task service refuses the sampler environment it brings (${problem}), so every task-service pod would exit at start. Fix the sampler values the chart writes, or set remote_sampling = false in terraform/terraform.tfvars, apply, and save the outputs again (without outputs: unset TRACING_REMOTE_SAMPLING).`,
    );
  }
  throw new ConfigError(
    `The task service refuses the environment its chart gives it (${problem}), so every task-service pod would exit at start. Fix the config value behind that variable.`,
  );
}
