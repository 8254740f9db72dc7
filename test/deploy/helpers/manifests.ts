/**
 * Test helpers: synthesize the charts in-process, look objects up by kind and name, and
 * validate each against its published schema.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type Chart } from 'cdk8s';
import { addCharts, type DeployCharts } from '../../../charts/app.js';
import { loadConfig, type DeployConfig } from '../../../src/config.js';

export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** Config as synth sees it with no Terraform outputs (placeholders), plus env overrides. */
export function testConfig(env: Record<string, string> = {}): DeployConfig {
  const cwd = mkdtempSync(join(tmpdir(), 'deploy-config-'));
  return loadConfig({ env, cwd }).config;
}

export interface Synthesized {
  readonly charts: DeployCharts;
  /** Objects per chart id, in the order they are written to dist/. */
  readonly byChart: Readonly<Record<string, readonly K8sObject[]>>;
  readonly all: readonly K8sObject[];
}

export function synthesize(config: DeployConfig = testConfig()): Synthesized {
  const app = Testing.app();
  const charts = addCharts(app, config);
  const byChart: Record<string, K8sObject[]> = {};
  for (const chart of Object.values(charts) as Chart[]) {
    byChart[chart.node.id] = Testing.synth(chart) as K8sObject[];
  }
  return { charts, byChart, all: Object.values(byChart).flat() };
}

export function find(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
  namespace?: string,
): K8sObject {
  const matches = objects.filter(
    (o) =>
      o.kind === kind &&
      o.metadata.name === name &&
      (namespace === undefined || o.metadata.namespace === namespace),
  );
  if (matches.length !== 1) {
    throw new Error(`expected exactly one ${kind} "${name}", found ${matches.length}`);
  }
  return matches[0] as K8sObject;
}

export function findAll(objects: readonly K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

/** Walks a plain-object path, failing loudly when a step is missing. */
export function at<T = unknown>(value: unknown, ...path: (string | number)[]): T {
  let current: unknown = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      throw new Error(`path ${path.join('.')} stops at ${String(key)}`);
    }
    current = (current as Record<string | number, unknown>)[key];
  }
  return current as T;
}
