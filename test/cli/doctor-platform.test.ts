// tracectl doctor's platform checks on the fake cluster, one fault at a time: the operator's
// CRD and version, cert-manager, the injection webhook, the Kubernetes version and RBAC limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  doctorJson,
  healthyCluster,
  setOperatorImage,
  type DoctorRun,
} from '../../testkit/kube/doctor-cluster.js';
import type { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { OPERATOR_NS, otelCrd } from '../../testkit/kube/fixtures.js';

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

describe('tracectl doctor platform checks', () => {
  it('GIVEN no OpenTelemetryCollector CRD WHEN doctor runs THEN the CRD check fails with install instructions and it exits 1', async () => {
    fake.store.delete(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      undefined,
      'opentelemetrycollectors.opentelemetry.io',
    );
    const { code, checks } = await doctor();
    expect(checks.get('operator-crd')).toMatchObject({
      status: 'fail',
      detail: 'opentelemetrycollectors.opentelemetry.io is not installed',
    });
    expect(checks.get('operator-crd')!.fix).toContain('--addon-name adot');
    // Without the CRD the collectors are gone too (a real API server deletes them and 404s the list).
    expect(checks.get('inject-annotation')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no OpenTelemetryCollector prod/otel-sidecar'),
    });
    expect(code).toBe(1);
  });

  it('GIVEN a CRD that serves only v1alpha1 WHEN doctor runs THEN the CRD check fails', async () => {
    fake.store.put(otelCrd(['v1alpha1']));
    const { checks } = await doctor();
    expect(checks.get('operator-crd')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('serves v1alpha1, not v1beta1'),
    });
  });

  it('GIVEN an operator older than 0.132 WHEN doctor runs THEN it warns about native sidecars; unavailable operator fails', async () => {
    setOperatorImage(fake, 'public.ecr.aws/x/opentelemetry-operator:v0.110.0');
    expect((await doctor()).checks.get('operator-version')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('is 0.110.0'),
    });

    edit(
      'apps/v1',
      'Deployment',
      OPERATOR_NS,
      'opentelemetry-operator',
      (d) => (d.status = { availableReplicas: 0 }),
    );
    expect((await doctor()).checks.get('operator-version')!.status).toBe('fail');
  });

  it('GIVEN the EKS adot add-on (ADOT operator image) WHEN doctor runs THEN the operator is recognised and its version read', async () => {
    setOperatorImage(fake, 'public.ecr.aws/aws-observability/adot-operator:v0.135.0-eksbuild.1');
    expect((await doctor()).checks.get('operator-version')).toMatchObject({
      status: 'pass',
      detail: expect.stringContaining('is 0.135.0'),
    });
  });

  it('GIVEN no cert-manager WHEN doctor runs THEN the cert-manager check fails', async () => {
    fake.store.delete(
      'apiextensions.k8s.io/v1',
      'CustomResourceDefinition',
      undefined,
      'certificates.cert-manager.io',
    );
    expect((await doctor()).checks.get('cert-manager')).toMatchObject({ status: 'fail' });
  });

  it('GIVEN the webhook service has no ready endpoint WHEN doctor runs THEN it fails and says injection is skipped silently', async () => {
    edit(
      'discovery.k8s.io/v1',
      'EndpointSlice',
      OPERATOR_NS,
      'opentelemetry-operator-webhook-abcde',
      (s) => {
        s.endpoints = [{ addresses: ['10.0.0.5'], conditions: { ready: false } }];
      },
    );
    const c = (await doctor()).checks.get('webhook-endpoints')!;
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('opentelemetry-operator-system/opentelemetry-operator-webhook');
    expect(c.detail).toContain('failurePolicy Ignore');
  });

  it('GIVEN no pod webhook registered WHEN doctor runs THEN the webhook check fails', async () => {
    fake.store.delete(
      'admissionregistration.k8s.io/v1',
      'MutatingWebhookConfiguration',
      undefined,
      'opentelemetry-operator-mutation',
    );
    expect((await doctor()).checks.get('webhook-endpoints')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('never injected'),
    });
  });

  it('GIVEN Kubernetes 1.28 WHEN doctor runs THEN it warns about shutdown ordering, and exits 0 on warnings only', async () => {
    fake.setKubernetesVersion('1.28');
    const { code, checks } = await doctor();
    expect(checks.get('kubernetes-version')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('no native sidecars and no preStop sleep action'),
      fix: 'upgrade the cluster to >= 1.30',
    });
    expect(code).toBe(0);
  });

  it('GIVEN Kubernetes 1.29 WHEN doctor runs THEN it warns that the preStop sleep action is dropped, and 1.30 passes', async () => {
    fake.setKubernetesVersion('1.29');
    expect((await doctor()).checks.get('kubernetes-version')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('the preStop sleep action is off'),
      fix: 'upgrade the cluster to >= 1.30',
    });
    fake.setKubernetesVersion('1.30');
    expect((await doctor()).checks.get('kubernetes-version')).toMatchObject({
      status: 'pass',
      detail: 'v1.30.4-eks-fake: native sidecars and the preStop sleep action supported',
    });
  });

  it('GIVEN webhook configurations may not be listed WHEN doctor runs THEN those checks warn "could not check" naming the verb and resource', async () => {
    fake.forbid('list', 'mutatingwebhookconfigurations');
    const { code, checks } = await doctor();
    expect(checks.get('webhook-endpoints')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining(
        'you may not list mutatingwebhookconfigurations.admissionregistration.k8s.io',
      ),
    });
    expect(code).toBe(0);
  });
});
