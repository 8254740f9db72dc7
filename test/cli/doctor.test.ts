// tracectl doctor on the fake cluster: a healthy deploy, then the workload, identity and
// collector checks one fault at a time (platform checks: doctor-platform.test.ts; the
// sidecar shutdown check: doctor-shutdown.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INJECT_ANNOTATION, IRSA_ROLE_ANNOTATION } from '../../src/contracts.js';
import { doctorJson, healthyCluster, type DoctorRun } from '../../testkit/kube/doctor-cluster.js';
import type { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import type { Obj } from '../../testkit/kube/fake-store.js';
import { TASK_ROLE, tracectl, WEB_ROLE } from '../../testkit/kube/fixtures.js';

const OTEL = 'opentelemetry.io/v1beta1';
let fake: FakeKubeApiServer;

beforeEach(async () => {
  fake = await healthyCluster();
});

afterEach(async () => {
  await fake.stop();
});

const doctor = (...args: string[]): Promise<DoctorRun> => doctorJson(fake, ...args);

const edit = (...args: Parameters<FakeKubeApiServer['store']['edit']>): void =>
  fake.store.edit(...args);

const pods = (ns: string, selector: string): Obj[] =>
  fake.store.list(fake.store.typeFor('v1', 'Pod')!, ns, selector);

function editPods(ns: string, selector: string, change: (p: Obj) => void): void {
  for (const p of pods(ns, selector)) {
    change(p);
    fake.store.put(p);
  }
}

type PodShape = {
  spec: {
    containers: { env?: unknown[] }[];
    initContainers?: { name: string; env?: unknown[] }[];
    volumes?: { name: string }[];
  };
};

function outputsFile(task: string, web: string, clusterName = 'eks-xray'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tf-')), 'terraform-outputs.json');
  writeFileSync(
    path,
    JSON.stringify({
      task_service_role_arn: { value: task },
      web_collector_role_arn: { value: web },
      prod_namespace: { value: 'prod' },
      cluster_name: { value: clusterName },
    }),
  );
  return path;
}

describe('tracectl doctor on a healthy cluster', () => {
  it('GIVEN everything applied and rolled out WHEN doctor runs THEN every check passes and it exits 0', async () => {
    const { code, checks } = await doctor('--terraform-outputs', outputsFile(TASK_ROLE, WEB_ROLE));

    expect([...checks.values()].filter((c) => c.status !== 'pass')).toEqual([]);
    expect([...checks.keys()]).toEqual([
      'operator-crd',
      'operator-version',
      'cert-manager',
      'webhook-endpoints',
      'kubernetes-version',
      'inject-annotation',
      'pods-injected',
      'sidecar-shutdown',
      'sidecar-config-current',
      'irsa-service-account',
      'irsa-pod-injection',
      'collectors-ready',
      'web-cors',
      'terraform-arns',
    ]);
    expect(checks.get('pods-injected')!.detail).toBe(
      '2 running pods injected (2 as native sidecar)',
    );
    expect(code).toBe(0);
  });

  it('GIVEN a healthy cluster WHEN doctor prints a table THEN each row shows status, check and detail, and a summary', async () => {
    const r = await tracectl(fake, ['doctor']);

    expect(r.stdout).toMatch(
      /^pass {4}OpenTelemetryCollector CRD +opentelemetrycollectors\.opentelemetry\.io serves v1alpha1, v1beta1$/m,
    );
    expect(r.stdout).toContain('13 passed, 0 warnings, 0 failed');
  });
});

describe('tracectl doctor workload checks', () => {
  it('GIVEN the inject annotation names a missing CR WHEN doctor runs THEN the annotation check fails naming the value', async () => {
    edit('apps/v1', 'Deployment', 'prod', 'task-service', (d) => {
      (
        d.spec as { template: { metadata: { annotations: Record<string, string> } } }
      ).template.metadata.annotations[INJECT_ANNOTATION] = 'otel-sidecarr';
    });
    const c = (await doctor()).checks.get('inject-annotation')!;
    expect(c).toMatchObject({
      status: 'fail',
      detail:
        '1 of 1: task-service: "otel-sidecarr" but there is no OpenTelemetryCollector prod/otel-sidecarr',
    });
  });

  it('GIVEN no workload asks for a sidecar WHEN doctor runs THEN the annotation check warns', async () => {
    edit('apps/v1', 'Deployment', 'prod', 'task-service', (d) => {
      (
        d.spec as { template: { metadata: { annotations: Record<string, string> } } }
      ).template.metadata.annotations = {};
    });
    expect((await doctor()).checks.get('inject-annotation')!.status).toBe('warn');
  });

  it('GIVEN pods without the injected label and collector container WHEN doctor runs THEN the pods check fails', async () => {
    editPods('prod', 'app=task-service', (p) => {
      delete p.metadata.labels!['sidecar.opentelemetry.io/injected'];
      (p as unknown as PodShape).spec.initContainers = [];
    });
    const c = (await doctor()).checks.get('pods-injected')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(
      /^2 of 2 running pods have no injected collector: task-service-g1-0 \(no label\+container\)/,
    );
  });

  it('GIVEN the sidecar CR config changed after the pods started WHEN doctor runs THEN it warns and suggests restart --stale', async () => {
    edit(OTEL, 'OpenTelemetryCollector', 'prod', 'otel-sidecar', (cr) => {
      (cr.spec as { config: { exporters: unknown } }).config.exporters = {
        awsxray: { region: 'eu-west-1' },
      };
    });
    const c = (await doctor()).checks.get('sidecar-config-current')!;
    expect(c).toMatchObject({ status: 'warn', fix: 'tracectl restart -n prod --stale' });
    expect(c.detail).toMatch(/task-service \(config hash [0-9a-f]{16} != live [0-9a-f]{16}\)/);
  });
});

describe('tracectl doctor identity checks', () => {
  it('GIVEN a service account without the role annotation WHEN doctor runs THEN the role check fails', async () => {
    edit(
      'v1',
      'ServiceAccount',
      'prod',
      'task-service',
      (sa) => delete sa.metadata.annotations![IRSA_ROLE_ANNOTATION],
    );
    const c = (await doctor()).checks.get('irsa-service-account')!;
    expect(c).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('prod/task-service has no valid eks.amazonaws.com/role-arn'),
    });
  });

  it('GIVEN the sidecar lacks AWS_ROLE_ARN (injected after the identity webhook) WHEN doctor runs THEN the pod identity check fails naming the container', async () => {
    editPods('prod', 'app=task-service', (p) => {
      (p as unknown as PodShape).spec.initContainers![0]!.env = [];
    });
    const c = (await doctor()).checks.get('irsa-pod-injection')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toContain(`otc-container without AWS_ROLE_ARN=${TASK_ROLE}`);
  });

  it('GIVEN pods without the aws-iam-token volume WHEN doctor runs THEN the pod identity check fails', async () => {
    editPods('tracing', 'app.kubernetes.io/component=opentelemetry-collector', (p) => {
      (p as unknown as PodShape).spec.volumes = [];
    });
    expect((await doctor()).checks.get('irsa-pod-injection')!.detail).toContain(
      'no aws-iam-token volume',
    );
  });

  it('GIVEN Terraform outputs with another role WHEN doctor runs with the file THEN the ARN check fails showing both', async () => {
    const other = 'arn:aws:iam::123456789012:role/other';
    const c = (await doctor('--terraform-outputs', outputsFile(other, WEB_ROLE))).checks.get(
      'terraform-arns',
    )!;
    expect(c).toMatchObject({
      status: 'fail',
      detail: `prod/task-service has ${TASK_ROLE}, Terraform says ${other}`,
    });
  });

  it('GIVEN an EKS kubeconfig WHEN its cluster differs from Terraform cluster_name THEN the cluster check fails; when equal it passes', async () => {
    fake.clusterName = 'arn:aws:eks:us-east-1:123456789012:cluster/eks-xray';
    const same = (await doctor('--terraform-outputs', outputsFile(TASK_ROLE, WEB_ROLE))).checks;
    const other = (
      await doctor('--terraform-outputs', outputsFile(TASK_ROLE, WEB_ROLE, 'eks-staging'))
    ).checks;

    expect(same.get('terraform-cluster')).toMatchObject({
      status: 'pass',
      detail: 'cluster eks-xray',
    });
    expect(other.get('terraform-cluster')).toMatchObject({
      status: 'fail',
      detail: 'kubeconfig points at cluster eks-xray, Terraform output cluster_name is eks-staging',
    });
  });

  it('GIVEN no Terraform outputs file WHEN doctor runs THEN there is no ARN check', async () => {
    expect((await doctor()).checks.has('terraform-arns')).toBe(false);
  });
});

describe('tracectl doctor collector checks', () => {
  it('GIVEN web collector pods not ready WHEN doctor runs THEN the collector check fails', async () => {
    editPods('tracing', 'app.kubernetes.io/component=opentelemetry-collector', (p) => {
      p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
    });
    expect((await doctor()).checks.get('collectors-ready')).toMatchObject({
      status: 'fail',
      detail: 'tracing/otel-web: 0 of 1 pods ready',
    });
  });

  it('GIVEN a sidecar container not ready WHEN doctor runs THEN the collector check fails naming the pod', async () => {
    editPods('prod', 'app=task-service', (p) => {
      (p.status as { initContainerStatuses: unknown[] }).initContainerStatuses = [
        { name: 'otc-container', ready: false },
      ];
    });
    expect((await doctor()).checks.get('collectors-ready')!.detail).toContain(
      'sidecar not ready in task-service-g1-0',
    );
  });

  it('GIVEN CORS allowed_origins with "*" WHEN doctor runs THEN the CORS check fails; without origins it warns', async () => {
    const setOrigins = (origins: string[] | undefined): void =>
      edit(OTEL, 'OpenTelemetryCollector', 'tracing', 'otel-web', (cr) => {
        (
          cr.spec as { config: { receivers: { otlp: { protocols: { http: { cors?: object } } } } } }
        ).config.receivers.otlp.protocols.http.cors =
          origins === undefined ? undefined : { allowed_origins: origins };
      });
    setOrigins(['https://tasks.example.com', '*']);
    expect((await doctor()).checks.get('web-cors')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('allows origin "*"'),
    });
    setOrigins(undefined);
    expect((await doctor()).checks.get('web-cors')!.status).toBe('warn');
  });
});
