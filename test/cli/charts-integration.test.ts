import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/cli/doctor/types.js';
import { synthCharts } from '../../testkit/kube/charts.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { startControllers } from '../../testkit/kube/fake-controllers.js';
import { installPlatform, tracectl } from '../../testkit/kube/fixtures.js';
import { operatorImage, setOperatorImage } from '../../testkit/kube/doctor-cluster.js';
import { loadManifests } from '../../src/cli/manifests.js';

let fake: FakeKubeApiServer;
let stop: () => void = () => undefined;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
  stop = startControllers(fake);
});

afterEach(async () => {
  stop();
  await fake.stop();
});

describe('tracectl on the real chart output', () => {
  it('GIVEN npm run synth output without Terraform outputs WHEN applied twice, then doctored THEN it rolls out, the second apply changes nothing, and only the placeholder ARNs fail', async () => {
    const { dir } = synthCharts();

    const first = await tracectl(fake, ['apply', dir, '--timeout', '30s']);
    const rv = fake.store.resourceVersion;
    const second = await tracectl(fake, ['apply', dir, '--timeout', '30s']);
    const doctor = await tracectl(fake, ['doctor', '--json']);

    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Namespace prod created\nNamespace tracing created\nServiceAccount /,
    );
    expect(second.stdout).toMatch(/0 created, 0 configured, \d+ unchanged/);
    expect(fake.store.resourceVersion).toBe(rv);
    const checks = (JSON.parse(doctor.stdout) as { checks: CheckResult[] }).checks;
    expect(
      checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status, c.detail]),
    ).toEqual([
      [
        'irsa-service-account',
        'fail',
        'prod/task-service, tracing/otel-web-collector carry the placeholder account 000000000000: synth ran without Terraform outputs',
      ],
    ]);
    expect(doctor.code).toBe(1);
  });

  it.each([
    ['0.132.0', 'native'],
    ['0.131.0', 'classic'],
  ])(
    "GIVEN the chart output and operator %s WHEN applied and doctored THEN every pod has a %s sidecar whose shutdown the chart's own budget covers",
    async (version, kind) => {
      setOperatorImage(fake, operatorImage(version));
      const { dir } = synthCharts();

      expect((await tracectl(fake, ['apply', dir, '--timeout', '30s'])).code).toBe(0);
      const doctor = await tracectl(fake, ['doctor', '--json']);

      const check = (JSON.parse(doctor.stdout) as { checks: CheckResult[] }).checks.find(
        (c) => c.id === 'sidecar-shutdown',
      )!;
      expect(check.status).toBe('pass');
      expect(check.pods!.length).toBeGreaterThan(0);
      expect(check.pods!.every((p) => p.sidecarKind === kind && p.covered)).toBe(true);
    },
  );

  it('GIVEN the chart output WHEN applied THEN every field of every object reaches the server (the client drops none)', async () => {
    const { dir } = synthCharts();

    expect((await tracectl(fake, ['apply', dir, '--no-wait'])).code).toBe(0);

    for (const m of loadManifests(dir)) {
      const stored = fake.store.get(m.apiVersion, m.kind, m.metadata.namespace, m.metadata.name);
      expect(stored, `${m.kind} ${m.metadata.name}`).toMatchObject(m);
    }
  });
});
