/**
 * Test fixtures: the objects the charts synthesize (same names and keys, from src/contracts.ts),
 * the cluster prerequisites (operator, cert-manager, webhook), and an in-process CLI runner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  collectorConfigHash,
  INJECT_ANNOTATION,
  IRSA_ROLE_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
} from '../../src/contracts.js';
import { run } from '../../src/cli/main.js';
import type { FakeKubeApiServer } from './fake-kube-apiserver.js';
import { FakeOperatorWebhook } from './fake-operator.js';
import type { Obj } from './fake-store.js';

export const TASK_ROLE = 'arn:aws:iam::123456789012:role/task-service';
export const WEB_ROLE = 'arn:aws:iam::123456789012:role/otel-web-collector';
export const OPERATOR_NS = 'opentelemetry-operator-system';

export const sidecarConfig = {
  receivers: { otlp: { protocols: { grpc: { endpoint: '127.0.0.1:4317' } } } },
  processors: { memory_limiter: { check_interval: '1s', limit_percentage: 80 }, batch: {} },
  exporters: { awsxray: { region: 'us-east-1' } },
  extensions: { health_check: {} },
  service: {
    extensions: ['health_check'],
    pipelines: {
      traces: {
        receivers: ['otlp'],
        processors: ['memory_limiter', 'batch'],
        exporters: ['awsxray'],
      },
    },
  },
};

export const webConfig = {
  ...sidecarConfig,
  receivers: {
    otlp: {
      protocols: {
        http: {
          endpoint: '0.0.0.0:4318',
          cors: {
            allowed_origins: ['https://tasks.example.com'],
            allowed_headers: ['traceparent'],
          },
        },
      },
    },
  },
};

function deployment(
  ns: string,
  name: string,
  templateAnnotations: Record<string, string>,
  serviceAccountName?: string,
): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: templateAnnotations },
        spec: {
          serviceAccountName,
          containers: [{ name, image: `example/${name}:1`, ports: [{ containerPort: 8080 }] }],
        },
      },
    },
  };
}

/** What `npm run synth` produces, deliberately not in apply order. */
export function synthManifests(): Obj[] {
  return [
    deployment(
      'prod',
      'task-service',
      {
        [INJECT_ANNOTATION]: 'otel-sidecar',
        [SIDECAR_CONFIG_HASH_ANNOTATION]: collectorConfigHash(sidecarConfig),
      },
      'task-service',
    ),
    deployment('prod', 'task-web', {}),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'task-service', namespace: 'prod' },
      spec: { selector: { app: 'task-service' }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'task-web-runtime-config', namespace: 'prod' },
      data: { 'runtime-config.json': '{"apiUrl":"/api"}' },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'task-service', namespace: 'prod' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'task-service' } } },
    },
    {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: { name: 'otel-web', namespace: 'tracing' },
      spec: { mode: 'deployment', serviceAccount: 'otel-web-collector', config: webConfig },
    },
    {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: { name: 'otel-sidecar', namespace: 'prod' },
      spec: { mode: 'sidecar', config: sidecarConfig },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'task-service',
        namespace: 'prod',
        annotations: { [IRSA_ROLE_ANNOTATION]: TASK_ROLE },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'otel-web-collector',
        namespace: 'tracing',
        annotations: { [IRSA_ROLE_ANNOTATION]: WEB_ROLE },
      },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'tracing' } },
  ];
}

/** Writes manifests as two multi-document YAML files, the way cdk8s writes one file per chart. */
export function writeManifests(objs: readonly Obj[] = synthManifests()): string {
  const dir = mkdtempSync(join(tmpdir(), 'tracectl-dist-'));
  const half = Math.ceil(objs.length / 2);
  writeFileSync(
    join(dir, 'a-workloads.k8s.yaml'),
    objs
      .slice(0, half)
      .map((o) => stringify(o))
      .join('---\n'),
  );
  writeFileSync(
    join(dir, 'b-platform.k8s.yml'),
    objs
      .slice(half)
      .map((o) => stringify(o))
      .join('---\n'),
  );
  return dir;
}

function crd(group: string, plural: string, kind: string, versions: string[]): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural },
      versions: versions.map((name) => ({ name, served: true, storage: name === versions.at(-1) })),
    },
  };
}

export const otelCrd = (versions = ['v1alpha1', 'v1beta1']): Obj =>
  crd('opentelemetry.io', 'opentelemetrycollectors', 'OpenTelemetryCollector', versions);

/**
 * cert-manager, the OpenTelemetry Operator (Deployment, pod webhook, ready endpoint) and its CRD.
 * Returns the operator's fake pod webhook, whose collector cache tests can hold back.
 */
export function installPlatform(
  fake: FakeKubeApiServer,
  opts: { operatorVersion?: string; webhookReady?: boolean } = {},
): FakeOperatorWebhook {
  const s = fake.store;
  s.put(crd('cert-manager.io', 'certificates', 'Certificate', ['v1']));
  s.put(otelCrd());
  s.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: OPERATOR_NS } });
  s.put({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'opentelemetry-operator', namespace: OPERATOR_NS, generation: 1 },
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'opentelemetry-operator' } },
      template: {
        spec: {
          containers: [
            {
              name: 'manager',
              image: `ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:${opts.operatorVersion ?? '0.132.0'}`,
            },
          ],
        },
      },
    },
    status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  });
  s.put({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'opentelemetry-operator-mutation' },
    webhooks: [
      {
        name: 'mpod.kb.io',
        // As the operator registers it (config/webhook/manifests.yaml, v0.131.0 to v0.158.0).
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        clientConfig: {
          service: {
            name: 'opentelemetry-operator-webhook',
            namespace: OPERATOR_NS,
            path: '/mutate-v1-pod',
          },
        },
        rules: [
          { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] },
        ],
      },
    ],
  });
  s.put({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'opentelemetry-operator-webhook-abcde',
      namespace: OPERATOR_NS,
      labels: { 'kubernetes.io/service-name': 'opentelemetry-operator-webhook' },
    },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.0.0.5'], conditions: { ready: opts.webhookReady ?? true } }],
  });
  return new FakeOperatorWebhook(fake, {
    namespace: OPERATOR_NS,
    service: 'opentelemetry-operator-webhook',
    configuration: 'opentelemetry-operator-mutation',
    deployment: 'opentelemetry-operator',
  }).register();
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs tracectl in-process against the fake, through a generated kubeconfig file. */
export async function tracectl(
  fake: FakeKubeApiServer | undefined,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const home = mkdtempSync(join(tmpdir(), 'tracectl-home-'));
  let kubeconfigEnv: NodeJS.ProcessEnv = {};
  if (fake) {
    const path = join(home, 'kubeconfig');
    writeFileSync(path, fake.kubeconfig());
    kubeconfigEnv = { KUBECONFIG: path };
  }
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: false },
    stderr: { write: (t: string) => (stderr += t) },
    env: { ...kubeconfigEnv, ...env },
    cwd: home,
    home,
  });
  return { code, stdout, stderr };
}
