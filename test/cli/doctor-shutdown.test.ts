// doctor's sidecar-shutdown check on the fake cluster: native sidecars (operator >= 0.132 on
// Kubernetes >= 1.29) and classic ones (operator 0.131), judged with the charts' own arithmetic.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PodShutdown } from '../../src/cli/doctor/types.js';
import type { CheckResult } from '../../src/cli/doctor/types.js';
import { shutdownBudget, taskServiceShutdown } from '../../src/shutdown-budget.js';
import {
  healthyCluster,
  operatorImage,
  setOperatorImage,
} from '../../testkit/kube/doctor-cluster.js';
import { completeRollout } from '../../testkit/kube/fake-controllers.js';
import type { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import type { Obj } from '../../testkit/kube/fake-store.js';
import { tracectl } from '../../testkit/kube/fixtures.js';

const OTEL = 'opentelemetry.io/v1beta1';
let fake: FakeKubeApiServer;

beforeEach(async () => {
  fake = await healthyCluster();
});

afterEach(async () => {
  await fake.stop();
});

type PodSpec = {
  terminationGracePeriodSeconds?: number;
  containers: { name: string; env?: { name: string; value: string }[]; lifecycle?: object }[];
};

/** Changes the task-service pod template, then rolls new pods through the fake webhooks. */
function rollTaskService(change: (spec: PodSpec) => void = () => {}): void {
  fake.store.edit('apps/v1', 'Deployment', 'prod', 'task-service', (d: Obj) => {
    change((d.spec as { template: { spec: PodSpec } }).template.spec);
  });
  completeRollout(fake, 'prod', 'task-service');
}

const operatorVersion = (version: string): void => setOperatorImage(fake, operatorImage(version));

function sidecarPreStop(seconds: number): void {
  fake.store.edit(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar', (cr) => {
    (cr.spec as Record<string, unknown>).lifecycle = { preStop: { sleep: { seconds } } };
  });
}

async function shutdownCheck(): Promise<{ code: number; check: CheckResult; table: string }> {
  const json = await tracectl(fake, ['doctor', '--json']);
  const checks = (JSON.parse(json.stdout) as { checks: CheckResult[] }).checks;
  const table = await tracectl(fake, ['doctor']);
  return {
    code: json.code,
    check: checks.find((c) => c.id === 'sidecar-shutdown')!,
    table: table.stdout,
  };
}

/** What the chart's arithmetic requires of a task-service pod without an app preStop. */
const required = shutdownBudget(taskServiceShutdown(0));

describe('tracectl doctor: sidecar kind and shutdown', () => {
  it('GIVEN native sidecars WHEN doctor runs THEN every injected pod is reported native and covered', async () => {
    const { code, check, table } = await shutdownCheck();

    expect(check.status).toBe('pass');
    expect(check.detail).toBe(
      "2 injected pods (2 native, 0 classic): each collector keeps receiving until its app's last export",
    );
    expect(check.pods!.map((p: PodShutdown) => [p.deployment, p.sidecarKind, p.covered])).toEqual([
      ['task-service', 'native', true],
      ['task-service', 'native', true],
    ]);
    expect(table).toContain(
      `task-service (2 pods): native sidecar (stops after the app exits); app's last export by ${required.appLastExportSeconds} s; grace 30 s: covered`,
    );
    expect(code).toBe(0);
  });

  it('GIVEN classic sidecars (operator 0.131) without a preStop WHEN doctor runs THEN it fails, naming the CR field and the seconds the arithmetic needs', async () => {
    operatorVersion('0.131.0');
    rollTaskService();

    const { code, check, table } = await shutdownCheck();

    expect(check.status).toBe('fail');
    expect(check.detail).toBe(
      '2 of 2 injected pods (0 native, 2 classic) can lose their last spans on shutdown: task-service (classic)',
    );
    expect(check.fix).toContain(
      `set spec.lifecycle.preStop.sleep.seconds on the sidecar OpenTelemetryCollector to at least ${required.sidecarPreStopSeconds}`,
    );
    expect(table).toContain(
      `task-service (2 pods): classic sidecar, preStop sleep 0 s; app's last export by ${required.appLastExportSeconds} s; grace 30 s: NOT covered`,
    );
    expect(code).toBe(1);
  });

  it('GIVEN classic sidecars whose CR preStop sleeps as long as the budget says WHEN doctor runs THEN they are covered', async () => {
    operatorVersion('0.131.0');
    sidecarPreStop(required.sidecarPreStopSeconds);
    rollTaskService((spec) => {
      spec.terminationGracePeriodSeconds = required.terminationGracePeriodSeconds;
    });

    const { check } = await shutdownCheck();

    expect(check.status).toBe('pass');
    expect(check.pods!.every((p) => p.sidecarKind === 'classic' && p.covered)).toBe(true);
  });

  it("GIVEN the app's own env makes it drain for 30 s WHEN doctor runs THEN the classic sidecar's preStop is judged against that, not the defaults", async () => {
    operatorVersion('0.131.0');
    sidecarPreStop(required.sidecarPreStopSeconds);
    rollTaskService((spec) => {
      spec.containers[0]!.env = [{ name: 'SHUTDOWN_DRAIN_TIMEOUT_MS', value: '30000' }];
      spec.terminationGracePeriodSeconds = 120;
    });
    const longer = shutdownBudget({ ...taskServiceShutdown(0), drainTimeoutMs: 30_000 });

    const { check } = await shutdownCheck();

    expect(check.status).toBe('fail');
    expect(check.pods![0]).toMatchObject({
      appLastExportSeconds: longer.appLastExportSeconds,
      sidecarPreStopSeconds: required.sidecarPreStopSeconds,
      covered: false,
    });
    expect(check.fix).toContain(`to at least ${longer.sidecarPreStopSeconds}`);
  });

  it('GIVEN native sidecars but a grace period shorter than the app and the collector need WHEN doctor runs THEN it fails naming terminationGracePeriodSeconds', async () => {
    rollTaskService((spec) => {
      spec.terminationGracePeriodSeconds = 10;
    });

    const { check } = await shutdownCheck();

    expect(check.status).toBe('fail');
    expect(check.fix).toMatch(/^terminationGracePeriodSeconds is 10, but the native sidecar/);
  });
});
