import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLEEP_ACTION_MIN_KUBERNETES } from '../../src/shutdown-budget.js';
import { at, find, synthesize } from './helpers/manifests.js';

const RUNBOOK = readFileSync(join(import.meta.dirname, '../../docs/deploy.md'), 'utf8');

describe('GIVEN the runbook and the synthesized collectors', () => {
  const { all } = synthesize();

  it('THEN the cluster it asks for runs the preStop sleep action both collectors rely on', () => {
    for (const [name, namespace] of [
      ['otel-sidecar', 'prod'],
      ['otel-web', 'tracing'],
    ] as const) {
      const cr = find(all, 'OpenTelemetryCollector', name, namespace);
      expect(at(cr, 'spec', 'lifecycle', 'preStop', 'sleep'), name).toBeTypeOf('object');
    }
    const asked = /\*\*An EKS cluster, Kubernetes (\d+\.\d+) or later\.\*\*/.exec(RUNBOOK)?.[1];
    expect(asked, 'the cluster requirement line of docs/deploy.md').toBe(
      SLEEP_ACTION_MIN_KUBERNETES,
    );
  });
});
