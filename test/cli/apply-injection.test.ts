import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_MANAGER } from '../../src/contracts.js';
import { operatorImage, setOperatorImage } from '../../testkit/kube/doctor-cluster.js';
import { completeRollout, startControllers } from '../../testkit/kube/fake-controllers.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import type { FakeOperatorWebhook } from '../../testkit/kube/fake-operator.js';
import type { Obj } from '../../testkit/kube/fake-store.js';
import {
  installPlatform,
  synthManifests,
  tracectl,
  writeManifests,
} from '../../testkit/kube/fixtures.js';

let fake: FakeKubeApiServer;
let operator: FakeOperatorWebhook;
let stopControllers: () => void = () => undefined;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  operator = installPlatform(fake);
});

afterEach(async () => {
  stopControllers();
  await fake.stop();
});

const podType = (): Parameters<FakeKubeApiServer['store']['list']>[0] =>
  fake.store.typeFor('v1', 'Pod')!;

const hasSidecar = (pod: Obj): boolean => {
  const spec = pod.spec as { containers: { name: string }[]; initContainers?: { name: string }[] };
  return [...spec.containers, ...(spec.initContainers ?? [])].some(
    (c) => c.name === 'otc-container',
  );
};

/** Index in the request log of the first request matching `pattern`. */
const firstRequest = (pattern: RegExp): number => fake.requests.findIndex((r) => pattern.test(r));
const lastRequest = (pattern: RegExp): number =>
  fake.requests.findLastIndex((r) => pattern.test(r));

describe('the operator webhook race, as the fake models it', () => {
  it("GIVEN the operator's collector cache has not caught up with a new sidecar CR WHEN a Deployment's pods are created THEN they are admitted without a sidecar", () => {
    operator.hold();
    const objs = synthManifests().filter((o) =>
      ['Namespace', 'ServiceAccount', 'OpenTelemetryCollector', 'Deployment'].includes(o.kind),
    );
    for (const o of objs) fake.store.put(o);

    completeRollout(fake, 'prod', 'task-service');

    const pods = fake.store.list(podType(), 'prod', 'app=task-service');
    expect(pods).toHaveLength(2);
    expect(pods.some(hasSidecar)).toBe(false);
    expect(operator.misses).toEqual(pods.map((p) => p.metadata.name));
  });
});

describe('tracectl apply waits until the sidecar is really injected', () => {
  it('GIVEN the cache lags WHEN apply runs THEN it probes with dry-run pod creates until the webhook injects, only then applies the Deployment, and its pods get the sidecar', async () => {
    stopControllers = startControllers(fake);
    operator.hold();
    const missed = operator.nextMiss();
    const applying = tracectl(fake, ['apply', writeManifests(), '--timeout', '60s']);
    await missed;
    // The probe was admitted without a sidecar: the Deployment must not have been sent yet.
    expect(
      firstRequest(/^PATCH \/apis\/apps\/v1\/namespaces\/prod\/deployments\/task-service/),
    ).toBe(-1);
    operator.release();

    const r = await applying;

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /sidecar injection into deployment prod\/task-service: the webhook admitted a dry-run pod without collector prod\/otel-sidecar/,
    );
    expect(r.stdout).toMatch(
      /^ok {3}sidecar injection into deployment prod\/task-service: collector prod\/otel-sidecar is injected \(native sidecar, after \d+ probes\)$/m,
    );
    const probes = /^POST \/api\/v1\/namespaces\/prod\/pods\?dryRun=All/;
    const collectorApplied = firstRequest(
      /^PATCH \/apis\/opentelemetry\.io\/v1beta1\/namespaces\/prod\/opentelemetrycollectors\/otel-sidecar\?/,
    );
    const deploymentApplied = firstRequest(
      new RegExp(
        `^PATCH /apis/apps/v1/namespaces/prod/deployments/task-service\\?.*fieldManager=${FIELD_MANAGER}`,
      ),
    );
    expect(firstRequest(probes)).toBeGreaterThan(collectorApplied);
    expect(lastRequest(probes)).toBeLessThan(deploymentApplied);
    const pods = fake.store.list(podType(), 'prod', 'app=task-service');
    expect(pods.length).toBeGreaterThan(0);
    expect(pods.every(hasSidecar)).toBe(true);
    // Dry runs store nothing.
    expect(fake.store.list(podType(), 'prod').some((p) => p.metadata.name.includes('probe'))).toBe(
      false,
    );
  });

  it('GIVEN an operator older than 0.132 WHEN apply runs THEN the probe reports a classic sidecar', async () => {
    stopControllers = startControllers(fake);
    setOperatorImage(fake, operatorImage('0.131.0'));

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^ok {3}sidecar injection into deployment prod\/task-service: collector prod\/otel-sidecar is injected \(classic sidecar\)$/m,
    );
  });

  it('GIVEN the webhook never injects WHEN apply runs with a short --timeout THEN it exits 1 naming the collector and the Deployment, which is not applied', async () => {
    operator.hold();

    const r = await tracectl(fake, ['apply', writeManifests(), '--timeout', '1s']);

    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain(
      "error: timed out after 1s waiting for the operator's webhook to inject collector prod/otel-sidecar (sidecar.opentelemetry.io/inject: otel-sidecar) into pods of deployment prod/task-service; that Deployment and the objects after it were not applied",
    );
    expect(r.stdout).toMatch(
      /^FAIL sidecar injection into deployment prod\/task-service: timed out/m,
    );
    expect(fake.store.get('apps/v1', 'Deployment', 'prod', 'task-service')).toBeUndefined();
  });

  it('GIVEN RBAC forbids creating pods WHEN apply runs THEN it warns that it cannot check injection and applies anyway', async () => {
    stopControllers = startControllers(fake);
    fake.forbid('create', 'pods', 'prod');

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^warning: cannot check that collector prod\/otel-sidecar is injected into deployment prod\/task-service: forbidden: you may not create pods .*; applying it without that check$/m,
    );
    expect(fake.store.get('apps/v1', 'Deployment', 'prod', 'task-service')).toBeDefined();
  });

  it('GIVEN another pod webhook registered with side effects WHEN apply runs THEN the API server refuses the dry-run probe, and apply warns naming that webhook and applies anyway', async () => {
    stopControllers = startControllers(fake);
    // e.g. a policy engine whose registration does not declare sideEffects None.
    fake.store.put({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'policy-engine' },
      webhooks: [
        {
          name: 'mutate.policy.example.com',
          sideEffects: 'Unknown',
          rules: [
            { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
          ],
        },
      ],
    });

    const r = await tracectl(fake, ['apply', writeManifests()]);

    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'warning: cannot check that collector prod/otel-sidecar is injected into deployment prod/task-service: the API server answered 400 to create pods "(dry run for prod/task-service)" in namespace "prod": admission webhook "mutate.policy.example.com" does not support dry run; applying it without that check',
    ]);
    expect(fake.store.get('apps/v1', 'Deployment', 'prod', 'task-service')).toBeDefined();
  });

  it('GIVEN --dry-run WHEN apply runs THEN it sends no probe (a dry run stores no collector a webhook could find)', async () => {
    const r = await tracectl(fake, ['apply', writeManifests(), '--dry-run']);

    expect(r.code).toBe(0);
    expect(fake.requests.some((q) => q.startsWith('POST'))).toBe(false);
  });
});
