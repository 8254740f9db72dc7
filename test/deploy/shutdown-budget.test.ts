import { describe, expect, it } from 'vitest';
import { SHUTDOWN_DEFAULTS } from '../../apps/task-service/src/contract.js';
import { ALB_DEREGISTRATION_WAIT_SECONDS } from '../../src/constructs/index.js';
import {
  COLLECTOR_EXPORT_TIMEOUT_SECONDS,
  STOP_MARGIN_SECONDS,
  appLastExportSeconds,
  collectorGracePeriodSeconds,
  judgePodShutdown,
  shutdownBudget,
  taskServiceShutdown,
  type PodSpecLike,
} from '../../src/shutdown-budget.js';
import { injectedPod } from './helpers/inject.js';
import { at, find, synthesize } from './helpers/manifests.js';
import { container, envValue, podSpec } from './helpers/pod.js';

const { all, charts } = synthesize();
const deployment = find(all, 'Deployment', 'task-service', 'prod');
const sidecarCr = find(all, 'OpenTelemetryCollector', 'otel-sidecar', 'prod');
const budget = shutdownBudget(taskServiceShutdown(ALB_DEREGISTRATION_WAIT_SECONDS));
const judge = (pod: PodSpecLike) => judgePodShutdown(pod, { appContainer: 'task-service' });

describe('GIVEN the task service shutdown constants (ALB wait, drain and flush bounds)', () => {
  it('THEN the last export is preStop + drain + flush, and the sidecar and grace period follow with margins', () => {
    const drain = SHUTDOWN_DEFAULTS.drainTimeoutMs / 1000;
    const flush = SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs / 1000;
    expect(budget.appLastExportSeconds).toBe(ALB_DEREGISTRATION_WAIT_SECONDS + drain + flush);
    expect(budget.sidecarPreStopSeconds).toBe(budget.appLastExportSeconds + STOP_MARGIN_SECONDS);
    expect(budget.collectorDoneSeconds).toBe(
      budget.sidecarPreStopSeconds + COLLECTOR_EXPORT_TIMEOUT_SECONDS,
    );
    expect(budget.terminationGracePeriodSeconds).toBe(
      budget.collectorDoneSeconds + STOP_MARGIN_SECONDS,
    );
    // Today's numbers, so a change of any constant shows up here: 5 + 10 + 5, +2, +5, +2.
    expect([
      budget.appLastExportSeconds,
      budget.sidecarPreStopSeconds,
      budget.collectorDoneSeconds,
      budget.terminationGracePeriodSeconds,
    ]).toEqual([20, 22, 27, 29]);
  });

  it('WHEN a bound is not a whole second THEN the last export rounds up, never down', () => {
    expect(
      appLastExportSeconds({
        preStopSeconds: 5,
        drainTimeoutMs: 10_001,
        telemetryFlushTimeoutMs: 0,
      }),
    ).toBe(16);
  });
});

describe('GIVEN the synthesized task-service pod and its sidecar CR', () => {
  it('THEN the app, the sidecar CR and the pod carry exactly the budget', () => {
    const app = container(deployment, 'task-service');
    expect(at(app, 'lifecycle', 'preStop', 'exec', 'command')).toEqual([
      'sleep',
      String(ALB_DEREGISTRATION_WAIT_SECONDS),
    ]);
    expect(envValue(app, 'SHUTDOWN_DRAIN_TIMEOUT_MS')).toBe(
      String(SHUTDOWN_DEFAULTS.drainTimeoutMs),
    );
    expect(envValue(app, 'OTEL_SHUTDOWN_TIMEOUT_MS')).toBe(
      String(SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs),
    );
    expect(at(sidecarCr, 'spec', 'lifecycle')).toEqual({
      preStop: { sleep: { seconds: budget.sidecarPreStopSeconds } },
    });
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(
      budget.terminationGracePeriodSeconds,
    );
    expect(charts.taskService.shutdown).toEqual(budget);
  });

  it.each(['classic', 'native'] as const)(
    'WHEN the operator injects the sidecar %s THEN it still receives at the last export and flushes before SIGKILL',
    (kind) => {
      const verdict = judge(injectedPod(deployment, sidecarCr, kind));
      expect(verdict).toMatchObject({ sidecarKind: kind, covered: true, problems: [] });
      expect(verdict.required).toEqual(budget);
      expect(verdict.observed).toEqual({
        sidecarPreStopSeconds: budget.sidecarPreStopSeconds,
        terminationGracePeriodSeconds: budget.terminationGracePeriodSeconds,
      });
    },
  );
});

describe('GIVEN a sidecar CR without the preStop sleep (as before this budget)', () => {
  const bare = { ...sidecarCr, spec: { ...(sidecarCr.spec as object), lifecycle: undefined } };

  it('WHEN injected classic THEN the judge says it closes at once and names the CR field and value to set', () => {
    const verdict = judge(injectedPod(deployment, bare, 'classic'));
    expect(verdict.covered).toBe(false);
    expect(verdict.problems).toEqual([
      expect.stringMatching(
        /preStop sleep is 0 s.*export until 20 s.*spec\.lifecycle\.preStop\.sleep\.seconds .* at least 22 .*Kubernetes >= 1\.30/,
      ),
    ]);
  });

  it('WHEN injected native THEN it is covered anyway: the kubelet stops it only after the app exits', () => {
    expect(judge(injectedPod(deployment, bare, 'native'))).toMatchObject({
      sidecarKind: 'native',
      covered: true,
    });
  });
});

describe('GIVEN pods whose numbers do not add up', () => {
  const withGrace = (pod: PodSpecLike, seconds: number): PodSpecLike => ({
    ...pod,
    terminationGracePeriodSeconds: seconds,
  });

  it.each(['classic', 'native'] as const)(
    'WHEN the grace period is 20 s with a %s sidecar THEN the judge asks for 29',
    (kind) => {
      const verdict = judge(withGrace(injectedPod(deployment, sidecarCr, kind), 20));
      expect(verdict.covered).toBe(false);
      expect(verdict.problems).toEqual([
        expect.stringMatching(
          /terminationGracePeriodSeconds is 20.*receives until 22 s.*at least 29/,
        ),
      ]);
    },
  );

  it('WHEN the app drains for 30 s THEN the same classic sidecar no longer covers the last export', () => {
    const pod = injectedPod(deployment, sidecarCr, 'classic');
    const [app, ...rest] = pod.containers;
    const slow = {
      ...pod,
      containers: [
        {
          ...app,
          name: 'task-service',
          env: [{ name: 'SHUTDOWN_DRAIN_TIMEOUT_MS', value: '30000' }],
        },
        ...rest,
      ],
    };
    const verdict = judge(slow);
    expect(verdict.required.appLastExportSeconds).toBe(40);
    expect(verdict.problems[0]).toMatch(/preStop sleep is 22 s.*until 40 s.*at least 42/);
  });

  it('WHEN the pod has no sidecar THEN the kind is none and the judge says where to look', () => {
    const verdict = judge(podSpec(deployment) as unknown as PodSpecLike);
    expect(verdict.sidecarKind).toBe('none');
    expect(verdict.problems).toEqual([
      expect.stringMatching(/no "otc-container" sidecar.*inject annotation/),
    ]);
  });
});

describe('GIVEN the web collector, a deployment behind the ALB', () => {
  const web = find(all, 'OpenTelemetryCollector', 'otel-web', 'tracing');

  it('THEN it waits out ALB deregistration, flushes within its grace period and keeps one pod in a drain', () => {
    expect(at(web, 'spec', 'lifecycle')).toEqual({
      preStop: { sleep: { seconds: ALB_DEREGISTRATION_WAIT_SECONDS } },
    });
    expect(at(web, 'spec', 'terminationGracePeriodSeconds')).toBe(
      collectorGracePeriodSeconds(ALB_DEREGISTRATION_WAIT_SECONDS),
    );
    expect(collectorGracePeriodSeconds(ALB_DEREGISTRATION_WAIT_SECONDS)).toBe(
      ALB_DEREGISTRATION_WAIT_SECONDS + COLLECTOR_EXPORT_TIMEOUT_SECONDS + STOP_MARGIN_SECONDS,
    );
    expect(at(web, 'spec', 'podDisruptionBudget')).toEqual({ minAvailable: 1 });
    expect(at<number>(web, 'spec', 'replicas')).toBeGreaterThan(1);
  });
});
