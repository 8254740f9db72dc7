import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_MANAGER } from '../../src/contracts.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { startControllers } from '../../testkit/kube/fake-controllers.js';
import {
  installPlatform,
  synthManifests,
  tracectl,
  writeManifests,
} from '../../testkit/kube/fixtures.js';

let fake: FakeKubeApiServer;
let stopControllers: () => void = () => undefined;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
});

afterEach(async () => {
  stopControllers();
  await fake.stop();
});

/** Order of the server-side-apply PATCH requests, as `Kind ns/name` from the request paths. */
function applyOrder(): string[] {
  return fake.requests
    .filter((r) => r.startsWith('PATCH ') && r.includes(`fieldManager=${FIELD_MANAGER}`))
    .map((r) => new URL(r.slice(6), 'http://x').pathname.split('/').slice(-2).join('/'));
}

describe('tracectl apply', () => {
  it('GIVEN synthesized YAML out of order WHEN applied THEN namespaces, service accounts, collectors, then the rest go first, and it waits for rollouts', async () => {
    stopControllers = startControllers(fake);
    const dir = writeManifests();

    const r = await tracectl(fake, ['apply', dir, '--timeout', '20s']);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const order = applyOrder();
    expect(order.slice(0, 2)).toEqual(['namespaces/prod', 'namespaces/tracing']);
    expect(order.slice(2, 4).sort()).toEqual([
      'serviceaccounts/otel-web-collector',
      'serviceaccounts/task-service',
    ]);
    expect(order.slice(4, 6).sort()).toEqual([
      'opentelemetrycollectors/otel-sidecar',
      'opentelemetrycollectors/otel-web',
    ]);
    expect(order).toHaveLength(synthManifests().length);
    expect(r.stdout).toContain('11 created, 0 configured, 0 unchanged');
    expect(r.stdout).toMatch(/ok {3}collector tracing\/otel-web: rolled out/);
    expect(r.stdout).toMatch(/ok {3}deployment prod\/task-service: rolled out \(2\/2 available\)/);
    expect(fake.store.get('apps/v1', 'Deployment', 'prod', 'task-service')).toBeDefined();
  });

  it('GIVEN everything already applied WHEN applied again THEN nothing changes: same resourceVersions, all unchanged', async () => {
    stopControllers = startControllers(fake);
    const dir = writeManifests();
    expect((await tracectl(fake, ['apply', dir])).code).toBe(0);
    const before = fake.store.resourceVersion;

    const r = await tracectl(fake, ['apply', dir]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 created, 0 configured, 11 unchanged');
    expect(fake.store.resourceVersion).toBe(before);
  });

  it('GIVEN everything applied WHEN applied with --dry-run THEN each object is validated by the server and reported unchanged', async () => {
    stopControllers = startControllers(fake);
    const dir = writeManifests();
    expect((await tracectl(fake, ['apply', dir])).code).toBe(0);

    const r = await tracectl(fake, ['apply', dir, '--dry-run']);

    expect(r.stdout).toContain('Deployment prod/task-service unchanged (server dry run)\n');
    expect(r.stdout).toContain('0 created, 0 configured, 11 unchanged');
  });

  it('GIVEN a changed collector config WHEN applied THEN only that object is configured and its generation bumps', async () => {
    stopControllers = startControllers(fake);
    expect((await tracectl(fake, ['apply', writeManifests()])).code).toBe(0);
    const objs = synthManifests();
    const web = objs.find(
      (o) => o.kind === 'OpenTelemetryCollector' && o.metadata.name === 'otel-web',
    )!;
    (web.spec as { config: { exporters: object } }).config.exporters = {
      awsxray: { region: 'eu-west-1' },
    };

    const r = await tracectl(fake, ['apply', writeManifests(objs)]);

    expect(r.stdout).toContain('OpenTelemetryCollector tracing/otel-web configured');
    expect(r.stdout).toContain('0 created, 1 configured, 10 unchanged');
    expect(
      fake.store.get('opentelemetry.io/v1beta1', 'OpenTelemetryCollector', 'tracing', 'otel-web')!
        .metadata.generation,
    ).toBe(2);
  });

  it('GIVEN --dry-run WHEN applied THEN the server is asked with dryRun=All, nothing is stored, nothing is awaited', async () => {
    const r = await tracectl(fake, ['apply', writeManifests(), '--dry-run']);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Namespace prod created (server dry run)\n');
    expect(r.stdout).toContain(
      'Deployment prod/task-service created (server dry run; namespace is new, not validated)',
    );
    expect(
      fake.requests.filter((q) => q.startsWith('PATCH')).every((q) => q.includes('dryRun=All')),
    ).toBe(true);
    expect(fake.store.get('v1', 'Namespace', undefined, 'prod')).toBeUndefined();
    expect(fake.requests.some((q) => q.includes('watch=true'))).toBe(false);
  });

  it('GIVEN a Deployment without metadata.namespace and a kubeconfig context namespace WHEN applied THEN it lands there and the wait watches that namespace', async () => {
    stopControllers = startControllers(fake);
    const objs = synthManifests();
    delete objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'task-web')!.metadata
      .namespace;
    const kubeconfig = join(mkdtempSync(join(tmpdir(), 'tracectl-ctx-')), 'kubeconfig');
    writeFileSync(kubeconfig, fake.kubeconfig('prod'));

    const r = await tracectl(fake, ['apply', writeManifests(objs), '--timeout', '5s'], {
      KUBECONFIG: kubeconfig,
    });

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fake.store.get('apps/v1', 'Deployment', 'prod', 'task-web')).toBeDefined();
    expect(r.stdout).toMatch(/ok {3}deployment prod\/task-web: rolled out/);
  });

  it('GIVEN no controller finishes the rollouts WHEN applied with a short timeout THEN it exits 1 naming what did not roll out', async () => {
    stopControllers = startControllers(fake, { rollouts: false });

    const r = await tracectl(fake, ['apply', writeManifests(), '--timeout', '2s']);

    // The message after "timed out:" is the last state seen, which depends on how far the watch got.
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL deployment prod\/task-service: timed out: waiting for /m);
    expect(r.stdout).toMatch(/^FAIL collector tracing\/otel-web: timed out: waiting for /m);
    expect(r.stderr).toMatch(
      /^error: timed out after 2s waiting for collector tracing\/otel-web, deployment prod\/task-service, deployment prod\/task-web/,
    );
  });

  it('GIVEN a field owned by kubectl edit WHEN applied THEN it refuses naming the manager, and --force-conflicts takes it over', async () => {
    stopControllers = startControllers(fake);
    const dir = writeManifests();
    fake.conflictOn('Deployment', 'prod', 'task-service', 'kubectl-edit', '.spec.replicas');

    const refused = await tracectl(fake, ['apply', dir]);
    const forced = await tracectl(fake, ['apply', dir, '--force-conflicts']);

    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Deployment prod/task-service: .spec.replicas is owned by "kubectl-edit", not tracectl',
    );
    expect(forced.code).toBe(0);
    expect(
      fake.requests.some((q) => q.includes('deployments/task-service') && q.includes('force=true')),
    ).toBe(true);
  });

  it('GIVEN fields left by a client-side kubectl apply WHEN applied THEN tracectl takes them over and says so', async () => {
    stopControllers = startControllers(fake);
    fake.conflictOn(
      'ConfigMap',
      'prod',
      'task-web-runtime-config',
      'kubectl-client-side-apply',
      '.data.runtime-config.json',
    );

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'note: ConfigMap prod/task-web-runtime-config: taking over .data.runtime-config.json from kubectl-client-side-apply',
    );
  });

  it('GIVEN a rollout whose progress deadline passed WHEN waiting THEN it fails that rollout without waiting for the timeout', async () => {
    stopControllers = startControllers(fake, { rollouts: false });
    const dir = writeManifests(synthManifests().filter((o) => o.metadata.name !== 'otel-web'));
    const pending = tracectl(fake, ['apply', dir, '--timeout', '30s']);
    await fake.store.whenStored('apps/v1', 'Deployment', 'prod', 'task-web');
    for (const name of ['task-service', 'task-web']) {
      const d = fake.store.get('apps/v1', 'Deployment', 'prod', name)!;
      fake.store.put({
        ...d,
        status: {
          observedGeneration: d.metadata.generation,
          replicas: 2,
          updatedReplicas: 2,
          availableReplicas: name === 'task-web' ? 2 : 0,
          conditions:
            name === 'task-web'
              ? []
              : [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      });
    }

    const r = await pending;

    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL deployment prod/task-service: exceeded its progress deadline');
    expect(r.stdout).toContain('ok   deployment prod/task-web: rolled out');
    expect(r.stderr).toContain('error: rollout failed waiting for deployment prod/task-service');
  });
});
