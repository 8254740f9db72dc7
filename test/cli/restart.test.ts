import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  collectorConfigHash,
  INJECTED_LABEL,
  RESTARTED_AT_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
} from '../../src/contracts.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { completeRollout, settle, startControllers } from '../../testkit/kube/fake-controllers.js';
import type { Obj } from '../../testkit/kube/fake-store.js';
import {
  installPlatform,
  sidecarConfig,
  synthManifests,
  tracectl,
  writeManifests,
} from '../../testkit/kube/fixtures.js';

const OTEL = 'opentelemetry.io/v1beta1';
let fake: FakeKubeApiServer;
let stopControllers: () => void = () => undefined;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
  settle(fake, synthManifests());
});

afterEach(async () => {
  stopControllers();
  await fake.stop();
});

const newConfig = { ...sidecarConfig, exporters: { awsxray: { region: 'eu-west-1' } } };

function changeSidecarConfig(extra: Partial<Obj['metadata']> = {}): void {
  const cr = fake.store.get(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar')!;
  fake.store.put({
    ...cr,
    metadata: { ...cr.metadata, ...extra },
    spec: { ...(cr.spec as object), config: newConfig },
  });
}

const templateAnnotations = (name: string): Record<string, string> =>
  (
    fake.store.get('apps/v1', 'Deployment', 'prod', name)!.spec as {
      template: { metadata: { annotations: Record<string, string> } };
    }
  ).template.metadata.annotations;

const patches = (): string[] => fake.requests.filter((r) => r.startsWith('PATCH'));

function replacePods(change: (p: Obj) => void): void {
  for (const p of fake.store.list(fake.store.typeFor('v1', 'Pod')!, 'prod', 'app=task-service')) {
    fake.store.delete('v1', 'Pod', 'prod', p.metadata.name);
    change(p);
    fake.store.put(p);
  }
}

describe('tracectl restart --stale', () => {
  it('GIVEN every pod runs the live config WHEN restart --stale THEN nothing is patched and it exits 0', async () => {
    const r = await tracectl(fake, ['restart', '--stale']);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'nothing to restart: 1 sidecar Deployment in prod run the current collector config\n',
    );
    expect(patches()).toEqual([]);
  });

  it("GIVEN the operator webhook filled defaults into the stored CR config, so its hash differs from the pods' chart hash WHEN restart --stale and doctor run THEN nothing is stale: the sidecars run exactly the live config", async () => {
    // What the operator's CR webhook (Config.ApplyDefaults) does at apply time, before any pod exists.
    const cr = fake.store.get(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar')!;
    const defaulted = {
      ...sidecarConfig,
      extensions: { health_check: { endpoint: '0.0.0.0:13133' } },
    };
    fake.store.put({ ...cr, spec: { ...(cr.spec as object), config: defaulted } });
    completeRollout(fake, 'prod', 'task-service'); // pods injected from the stored CR
    expect(templateAnnotations('task-service')[SIDECAR_CONFIG_HASH_ANNOTATION]).toBe(
      collectorConfigHash(sidecarConfig),
    );

    const r = await tracectl(fake, ['restart', '--stale']);
    const doctor = await tracectl(fake, ['doctor', '--json']);

    expect(r.stdout).toBe(
      'nothing to restart: 1 sidecar Deployment in prod run the current collector config\n',
    );
    expect(patches()).toEqual([]);
    const checks = (JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] })
      .checks;
    expect(checks.find((c) => c.id === 'sidecar-config-current')?.status).toBe('pass');
  });

  it('GIVEN the sidecar CR config was edited in place WHEN restart --stale THEN only task-service restarts, like kubectl rollout restart (restartedAt only), and is no longer stale', async () => {
    changeSidecarConfig();
    stopControllers = startControllers(fake);

    const r = await tracectl(fake, ['restart', '--stale', '--timeout', '20s']);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /deployment prod\/task-service restarted \(2 of 2 pods stale: config hash [0-9a-f]{16} != live/,
    );
    expect(r.stdout).toContain('ok   deployment prod/task-service: rolled out (2/2 available)');
    expect(patches()).toEqual([
      'PATCH /apis/apps/v1/namespaces/prod/deployments/task-service?fieldManager=tracectl',
    ]);
    const annotations = templateAnnotations('task-service');
    expect(Date.parse(annotations[RESTARTED_AT_ANNOTATION]!)).not.toBeNaN();
    // The chart's hash stays: a later `tracectl apply` of the same charts must not roll the pods
    // again. The new pods are current because their sidecar runs the live config.
    expect(annotations[SIDECAR_CONFIG_HASH_ANNOTATION]).toBe(collectorConfigHash(sidecarConfig));
    expect(templateAnnotations('task-web')).toEqual({});
    expect((await tracectl(fake, ['restart', '--stale'])).stdout).toContain('nothing to restart');
    // Applying the same charts afterwards leaves the Deployment alone: no second roll.
    const apply = await tracectl(fake, ['apply', writeManifests(synthManifests()), '--no-wait']);
    expect(apply.stdout).toContain('Deployment prod/task-service unchanged');
  });

  it.each([
    {
      change: 'a newer collector image (an ADOT upgrade)',
      spec: { image: 'public.example/aws-otel-collector:v0.50.0' },
      // The fixture CR names no image, so its pods run the operator's default ('collector').
      reason: /sidecar image collector != CR image public\.example\/aws-otel-collector:v0\.50\.0/,
    },
    {
      change: 'a longer preStop sleep',
      spec: { lifecycle: { preStop: { sleep: { seconds: 25 } } } },
      reason: /sidecar preStop sleep none != CR 25 s/,
    },
  ])(
    'GIVEN the sidecar CR got $change but the same config WHEN restart --stale --dry-run and doctor run THEN the pods are stale, naming the difference',
    async ({ spec, reason }) => {
      const cr = fake.store.get(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar')!;
      fake.store.put({ ...cr, spec: { ...(cr.spec as object), ...spec } });

      const r = await tracectl(fake, ['restart', '--stale', '--dry-run']);
      const doctor = await tracectl(fake, ['doctor', '--json']);

      expect(r.stdout).toMatch(/2 of 2 pods stale: /);
      expect(r.stdout).toMatch(reason);
      expect(patches()).toEqual([]);
      const checks = (
        JSON.parse(doctor.stdout) as { checks: { id: string; status: string; detail: string }[] }
      ).checks;
      const current = checks.find((c) => c.id === 'sidecar-config-current');
      expect(current?.status).not.toBe('pass');
      expect(current?.detail).toMatch(reason);
    },
  );

  it('GIVEN pods without a hash annotation, created before the CR last changed WHEN restart --stale --dry-run THEN they are stale by time', async () => {
    replacePods((p) => {
      delete p.metadata.annotations![SIDECAR_CONFIG_HASH_ANNOTATION];
      p.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    });
    changeSidecarConfig({
      managedFields: [
        { manager: 'kubectl-edit', operation: 'Update', time: '2026-06-01T00:00:00Z' },
      ],
    });

    const r = await tracectl(fake, ['restart', '--stale', '--dry-run']);

    expect(r.stdout).toBe(
      'deployment prod/task-service restarted (dry run) (2 of 2 pods stale: pod older than the collector CR)\n',
    );
    expect(patches()).toEqual([]);
  });

  it('GIVEN pods without a hash annotation, created after the CR last changed WHEN restart --stale THEN nothing is stale', async () => {
    changeSidecarConfig({
      managedFields: [
        { manager: 'kubectl-edit', operation: 'Update', time: '2026-06-01T00:00:00Z' },
      ],
    });
    replacePods((p) => {
      delete p.metadata.annotations![SIDECAR_CONFIG_HASH_ANNOTATION];
      p.metadata.creationTimestamp = new Date(Date.now() + 1000).toISOString();
    });

    expect((await tracectl(fake, ['restart', '--stale', '--dry-run'])).stdout).toContain(
      'nothing to restart',
    );
  });

  it('GIVEN pods that started before the CR existed (never injected) WHEN restart --stale --dry-run THEN they are stale', async () => {
    replacePods((p) => delete p.metadata.labels![INJECTED_LABEL]);

    const r = await tracectl(fake, ['restart', '--stale', '--dry-run']);

    expect(r.stdout).toContain('(2 of 2 pods stale: no sidecar injected)');
  });

  it('GIVEN the sidecar CR was deleted WHEN restart --stale THEN it does not claim the config is current: it warns which Deployment it skipped and why', async () => {
    fake.store.delete(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar');

    const r = await tracectl(fake, ['restart', '--stale']);

    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'nothing to restart: 0 sidecar Deployments in prod run the current collector config, 1 skipped (see the warnings)\n',
    );
    expect(r.stderr).toMatch(
      /^warning: deployment prod\/task-service skipped: sidecar\.opentelemetry\.io\/inject "otel-sidecar" but there is no OpenTelemetryCollector prod\/otel-sidecar; /,
    );
    expect(patches()).toEqual([]);
  });
});

describe('tracectl restart --all', () => {
  it('GIVEN two Deployments, one with a sidecar WHEN restart --all THEN the sidecar one restarts and rolls out', async () => {
    stopControllers = startControllers(fake);

    const r = await tracectl(fake, ['restart', '--all', '-n', 'prod']);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deployment prod/task-service restarted (--all)');
    expect(r.stdout).not.toContain('task-web');
  });

  it('GIVEN a paused Deployment WHEN restart --all THEN it is not patched and the run fails saying to resume it, like kubectl rollout restart', async () => {
    fake.store.edit('apps/v1', 'Deployment', 'prod', 'task-service', (d) => {
      (d.spec as { paused?: boolean }).paused = true;
    });

    const r = await tracectl(fake, ['restart', '--all', '--timeout', '20s']);

    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: deployment prod/task-service is paused, so a restart would never roll out; resume it first (kubectl -n prod rollout resume deployment/task-service), then re-run\n',
    );
    expect(patches()).toEqual([]);
    expect(fake.requests.some((q) => q.includes('watch=true'))).toBe(false);
  });

  it('GIVEN no controller rolls the pods WHEN restart --all with a short timeout THEN it exits 1 after the timeout', async () => {
    const r = await tracectl(fake, ['restart', '--all', '--timeout', '1s']);

    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL deployment prod\/task-service: timed out: waiting for /m);
    expect(r.stderr).toBe('error: timed out waiting for deployment prod/task-service\n');
  });

  it('GIVEN neither or both of --stale and --all WHEN restart runs THEN it is a usage error (exit 2)', async () => {
    for (const args of [['restart'], ['restart', '--stale', '--all']]) {
      const r = await tracectl(fake, args);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'error: restart needs exactly one of --stale or --all; see tracectl restart --help\n',
      );
    }
  });
});
