import { describe, expect, it } from 'vitest';
import { TASK_ANNOTATION_KEYS } from '../../apps/task-service/src/contract.js';
import {
  INJECT_ANNOTATION,
  IRSA_ROLE_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
  SIDECAR_SPEC_HASH_ANNOTATION,
  collectorConfigHash,
} from '../../src/contracts.js';
import { TASK_SERVICE_PROBES } from '../../apps/task-service/src/contract.js';
import { at, find, findAll, synthesize, testConfig, type K8sObject } from './helpers/manifests.js';
import { container, envValue, podSpec, type Container } from './helpers/pod.js';
import { validateAgainstSchema } from './helpers/schema.js';

const synth = synthesize();
const { all } = synth;

function templateAnnotations(deployment: K8sObject): Record<string, string> {
  return at<Record<string, string>>(deployment, 'spec', 'template', 'metadata', 'annotations');
}

describe('GIVEN the synthesized charts with default config', () => {
  it('THEN every object validates against its kubernetes-models schema', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const object of all) {
      expect(
        () => validateAgainstSchema(object),
        `${object.kind}/${object.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('THEN every object has a stable human name and namespaced objects sit in prod or tracing', () => {
    for (const object of all) {
      expect(object.metadata.name).toMatch(/^[a-z][a-z0-9-]*[a-z0-9]$/);
      expect(object.metadata.name).not.toMatch(/-[0-9a-f]{8}$/);
      if (object.kind !== 'Namespace')
        expect(['prod', 'tracing']).toContain(object.metadata.namespace);
    }
    expect(find(all, 'Deployment', 'task-service', 'prod')).toBeDefined();
  });

  it('THEN the namespaces chart comes first and enforces the restricted pod security profile', () => {
    // cdk8s numbers the dist/ files by chart dependencies; every other chart must depend on it.
    const { namespaces, ...others } = synth.charts;
    for (const chart of Object.values(others)) {
      expect(chart.node.dependencies, chart.node.id).toContain(namespaces);
    }
    for (const name of ['prod', 'tracing']) {
      const ns = find(all, 'Namespace', name);
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    }
  });
});

describe('GIVEN the task-service Deployment', () => {
  const deployment = find(all, 'Deployment', 'task-service', 'prod');
  const sidecar = find(all, 'OpenTelemetryCollector', 'otel-sidecar', 'prod');
  const app = container(deployment, 'task-service');
  const podAnnotations = templateAnnotations(deployment);

  it('THEN the inject annotation is on the pod template, not the Deployment, and names the sidecar CR in the same namespace', () => {
    expect(podAnnotations[INJECT_ANNOTATION]).toBe(synth.charts.taskService.collector.name);
    expect(deployment.metadata.annotations?.[INJECT_ANNOTATION]).toBeUndefined();
    const named = find(all, 'OpenTelemetryCollector', podAnnotations[INJECT_ANNOTATION] ?? '');
    expect(named.metadata.namespace).toBe(deployment.metadata.namespace);
    expect(at(named, 'spec', 'mode')).toBe('sidecar');
    expect(named).toBe(sidecar);
  });

  it('THEN the config-hash annotation equals the construct hash and the hash of the CR spec.config', () => {
    expect(podAnnotations[SIDECAR_CONFIG_HASH_ANNOTATION]).toBe(
      synth.charts.taskService.collector.configHash,
    );
    expect(podAnnotations[SIDECAR_CONFIG_HASH_ANNOTATION]).toBe(
      collectorConfigHash(at(sidecar, 'spec', 'config')),
    );
  });

  it('THEN the container-hash annotation is the hash of the CR fields the operator copies into the sidecar', () => {
    const copied = Object.fromEntries(
      ['image', 'resources', 'securityContext', 'lifecycle'].map((f) => [
        f,
        at(sidecar, 'spec', f),
      ]),
    );
    expect(copied.image).toMatch(/aws-otel-collector:v/);
    expect(podAnnotations[SIDECAR_SPEC_HASH_ANNOTATION]).toBe(collectorConfigHash(copied));
  });

  it('WHEN the sidecar config changes THEN the pod template hash changes (pods roll on apply)', () => {
    const changed = synthesize(testConfig({ TRACING_INDEXED_ATTRIBUTES: 'task.operation' }));
    const before = podAnnotations[SIDECAR_CONFIG_HASH_ANNOTATION];
    const after = templateAnnotations(find(changed.all, 'Deployment', 'task-service'))[
      SIDECAR_CONFIG_HASH_ANNOTATION
    ];
    expect(after).not.toBe(before);
    expect(after).toBe(changed.charts.taskService.collector.configHash);
  });

  it('THEN it runs as the IRSA service account, which exists in prod with the role ARN', () => {
    const sa = find(all, 'ServiceAccount', String(podSpec(deployment).serviceAccountName), 'prod');
    expect(sa.metadata.name).toBe('task-service');
    expect(sa.metadata.annotations?.[IRSA_ROLE_ANNOTATION]).toBe(testConfig().taskServiceRoleArn);
  });

  it('THEN the sidecar CR sets no serviceAccount (the sidecar uses the pod account) and exports to X-Ray in the configured region', () => {
    expect(at(sidecar, 'spec', 'serviceAccount')).toBeUndefined();
    expect(at(sidecar, 'spec', 'config', 'exporters', 'awsxray', 'region')).toBe('us-east-1');
    expect(
      at(sidecar, 'spec', 'config', 'receivers', 'otlp', 'protocols', 'grpc', 'endpoint'),
    ).toBe('127.0.0.1:4317');
    expect(at(sidecar, 'spec', 'config', 'exporters', 'awsxray', 'indexed_attributes')).toEqual([
      ...TASK_ANNOTATION_KEYS,
    ]);
  });

  it('THEN the env follows the task-service contract with downward-API resource attributes', () => {
    expect(envValue(app, 'PORT')).toBe('8080');
    expect(envValue(app, 'TASKS_TABLE')).toBe('tasks');
    expect(envValue(app, 'AWS_REGION')).toBe('us-east-1');
    expect(envValue(app, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://127.0.0.1:4317');
    expect(envValue(app, 'OTEL_SERVICE_NAME')).toBe('task-service');
    expect(envValue(app, 'CORS_ALLOWED_ORIGINS')).toBe('https://app.example.com');
    const names = (app.env ?? []).map((e) => e.name);
    const pod = app.env?.find((e) => e.name === 'K8S_POD_NAME');
    const ns = app.env?.find((e) => e.name === 'K8S_NAMESPACE_NAME');
    expect(pod?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect(ns?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.namespace');
    // $(VAR) expansion only sees variables defined earlier in the list.
    expect(names.indexOf('K8S_POD_NAME')).toBeLessThan(names.indexOf('OTEL_RESOURCE_ATTRIBUTES'));
    expect(names.indexOf('K8S_NAMESPACE_NAME')).toBeLessThan(
      names.indexOf('OTEL_RESOURCE_ATTRIBUTES'),
    );
    const attributes = (envValue(app, 'OTEL_RESOURCE_ATTRIBUTES') ?? '').split(',');
    expect(attributes).toEqual(
      expect.arrayContaining([
        'k8s.pod.name=$(K8S_POD_NAME)',
        'k8s.namespace.name=$(K8S_NAMESPACE_NAME)',
        'k8s.cluster.name=eks-xray',
        'cloud.provider=aws',
        'cloud.platform=aws_eks',
      ]),
    );
  });

  it("THEN it has probes on the contract's paths, requests and limits, and the budget's grace period", () => {
    expect(at(app, 'livenessProbe', 'httpGet', 'path')).toBe(TASK_SERVICE_PROBES.liveness);
    expect(at(app, 'readinessProbe', 'httpGet', 'path')).toBe(TASK_SERVICE_PROBES.readiness);
    expect(app.resources?.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(app.resources?.limits).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    // The arithmetic itself is asserted in shutdown-budget.test.ts.
    expect(podSpec(deployment).terminationGracePeriodSeconds).toBe(
      synth.charts.taskService.shutdown.terminationGracePeriodSeconds,
    );
  });

  it('THEN a PodDisruptionBudget and Service select its pods, and an ALB Ingress routes to the Service', () => {
    const selector = at<Record<string, string>>(deployment, 'spec', 'selector', 'matchLabels');
    const labels = at<Record<string, string>>(deployment, 'spec', 'template', 'metadata', 'labels');
    expect(labels).toMatchObject(selector);
    expect(
      at(
        find(all, 'PodDisruptionBudget', 'task-service', 'prod'),
        'spec',
        'selector',
        'matchLabels',
      ),
    ).toEqual(selector);
    expect(at(find(all, 'Service', 'task-service', 'prod'), 'spec', 'selector')).toEqual(selector);
    const ingress = find(all, 'Ingress', 'task-service', 'prod');
    expect(at(ingress, 'spec', 'ingressClassName')).toBe('alb');
    expect(at(ingress, 'spec', 'rules', 0, 'host')).toBe('api.example.com');
  });
});

describe('GIVEN every Deployment the charts emit', () => {
  const deployments = findAll(all, 'Deployment');

  it('THEN each runs non-root with a read-only root filesystem, no privilege escalation, ALL capabilities dropped and RuntimeDefault seccomp', () => {
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(['task-service', 'task-web']);
    for (const deployment of deployments) {
      const pod = podSpec(deployment);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const c of at<Container[]>(pod, 'containers')) {
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          // Per container: an injected sidecar brings its own from the collector CR.
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(Number(c.securityContext?.runAsUser)).toBeGreaterThan(0);
      }
    }
  });

  it('THEN every OpenTelemetryCollector container is hardened the same way', () => {
    for (const collector of findAll(all, 'OpenTelemetryCollector')) {
      expect(at(collector, 'spec', 'securityContext')).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    }
  });

  it('THEN every Ingress backend is a Service in the manifests exposing that port', () => {
    for (const ingress of findAll(all, 'Ingress')) {
      const backend = at<{ name: string; port: { number: number } }>(
        ingress,
        'spec',
        'rules',
        0,
        'http',
        'paths',
        0,
        'backend',
        'service',
      );
      const service = find(all, 'Service', backend.name, ingress.metadata.namespace);
      const ports = at<{ port: number }[]>(service, 'spec', 'ports').map((p) => p.port);
      expect(ports).toContain(backend.port.number);
      expect(at(ingress, 'spec', 'tls', 0, 'hosts')).toEqual([
        at(ingress, 'spec', 'rules', 0, 'host'),
      ]);
    }
  });
});
