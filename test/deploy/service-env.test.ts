import { describe, expect, it } from 'vitest';
import { readServiceConfig, telemetryConfig } from '../../apps/task-service/src/config.js';
import {
  SHUTDOWN_DEFAULTS,
  SIDECAR_ENDPOINTS,
  TASK_SERVICE_HOSTS,
  TASK_SERVICE_NAME,
  TASK_SERVICE_PORT,
} from '../../apps/task-service/src/contract.js';
import { checkTaskServiceStarts, taskServiceLiteralEnv } from '../../charts/preflight.js';
import { ConfigError } from '../../src/config.js';
import { at, find, synthesize, testConfig, type K8sObject } from './helpers/manifests.js';
import { container, envValue, type Container } from './helpers/pod.js';

/** What the downward API would give a pod of this Deployment. */
function downward(deployment: K8sObject): Record<string, string> {
  return {
    'metadata.name': 'task-service-5d8f7c9b4-x2k9p',
    'metadata.namespace': deployment.metadata.namespace ?? '',
  };
}

/**
 * The environment the process sees, resolved as the kubelet does: `valueFrom` from the downward
 * API, and `$(VAR)` replaced by variables defined earlier in the list (later ones stay literal).
 */
function processEnv(deployment: K8sObject, app: Container): Record<string, string> {
  const fields = downward(deployment);
  const env: Record<string, string> = {};
  for (const entry of app.env ?? []) {
    const path = entry.valueFrom?.fieldRef?.fieldPath;
    const raw = entry.value ?? (path !== undefined ? fields[path] : undefined);
    if (raw === undefined) throw new Error(`no plausible value for env ${entry.name}`);
    env[entry.name] = raw.replace(
      /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
      (ref, name: string) => env[name] ?? ref,
    );
  }
  return env;
}

function taskServiceEnv(config = testConfig()): {
  env: Record<string, string>;
  objects: readonly K8sObject[];
} {
  const { all } = synthesize(config);
  const deployment = find(all, 'Deployment', 'task-service', 'prod');
  return { env: processEnv(deployment, container(deployment, 'task-service')), objects: all };
}

describe('GIVEN the synthesized task-service container env', () => {
  const { env } = taskServiceEnv();

  it("THEN the service's own config reader accepts it, with the contract's port and bounds", () => {
    expect(readServiceConfig(env)).toMatchObject({
      PORT: TASK_SERVICE_PORT,
      HOST: TASK_SERVICE_HOSTS.container,
      TASKS_TABLE: 'tasks',
      AWS_REGION: 'us-east-1',
      CORS_ALLOWED_ORIGINS: ['https://app.example.com'],
      SHUTDOWN_DRAIN_TIMEOUT_MS: SHUTDOWN_DEFAULTS.drainTimeoutMs,
      OTEL_SHUTDOWN_TIMEOUT_MS: SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs,
    });
  });

  it('THEN the service binds every interface of the pod, since kubelet probes and the ALB use the pod IP', () => {
    expect(env.HOST).toBe('0.0.0.0');
    expect(TASK_SERVICE_HOSTS.container).toBe('0.0.0.0');
  });

  it('THEN the tracing part of that reader accepts it: the sidecar endpoint, the service name and pod attributes', () => {
    const telemetry = telemetryConfig(readServiceConfig(env));
    expect(telemetry.endpoint).toBe(`http://${SIDECAR_ENDPOINTS.otlpGrpc}`);
    expect(telemetry.serviceName).toBe(TASK_SERVICE_NAME);
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain('k8s.pod.name=task-service-5d8f7c9b4-x2k9p');
    expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain('k8s.namespace.name=prod');
  });

  it.each(['awsxray', 'xray-otlp'])(
    "WHEN the exporter is %s THEN both of the service's startup readers accept the literal env the chart wrote",
    (exporter) => {
      const config = testConfig({ TRACING_EXPORTER: exporter });
      const chart = synthesize(config).charts.taskService;
      const literal = taskServiceLiteralEnv(chart);
      expect(literal.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(`http://${SIDECAR_ENDPOINTS.otlpGrpc}`);
      expect(() => checkTaskServiceStarts(chart, config)).not.toThrow();
    },
  );

  it('THEN remote sampling is off: no xray sampler, no proxy in the sidecar', () => {
    expect(env.OTEL_TRACES_SAMPLER).toBeUndefined();
    expect(env.XRAY_SAMPLING_ENDPOINT).toBeUndefined();
  });
});

describe('GIVEN remoteSampling turned on', () => {
  const { env, objects } = taskServiceEnv(testConfig({ TRACING_REMOTE_SAMPLING: 'true' }));
  const sidecar = find(objects, 'OpenTelemetryCollector', 'otel-sidecar', 'prod');

  it('THEN the chart asks the service for the xray sampler through the sidecar proxy', () => {
    expect(env.OTEL_TRACES_SAMPLER).toBe('xray');
    expect(env.XRAY_SAMPLING_ENDPOINT).toBe(`http://${SIDECAR_ENDPOINTS.xraySamplingProxy}`);
  });

  it("THEN the service's reader accepts the xray sampler at the sidecar's proxy, and the synth preflight passes", () => {
    const config = testConfig({ TRACING_REMOTE_SAMPLING: 'true' });
    const chart = synthesize(config).charts.taskService;
    expect(telemetryConfig(readServiceConfig(env))).toMatchObject({
      sampler: 'xray',
      samplingEndpoint: `http://${SIDECAR_ENDPOINTS.xraySamplingProxy}`,
    });
    expect(() => checkTaskServiceStarts(chart, config)).not.toThrow();
  });

  it('THEN the sidecar runs the awsproxy extension on loopback, in the region, and the web collector does not', () => {
    expect(at(sidecar, 'spec', 'config', 'extensions', 'awsproxy')).toEqual({
      endpoint: SIDECAR_ENDPOINTS.xraySamplingProxy,
      region: 'us-east-1',
    });
    expect(at(sidecar, 'spec', 'config', 'service', 'extensions')).toContain('awsproxy');
    const web = find(objects, 'OpenTelemetryCollector', 'otel-web', 'tracing');
    expect(at(web, 'spec', 'config', 'extensions', 'awsproxy')).toBeUndefined();
  });

  it('WHEN it is off THEN the sidecar config has no awsproxy', () => {
    const off = find(synthesize().all, 'OpenTelemetryCollector', 'otel-sidecar', 'prod');
    expect(at(off, 'spec', 'config', 'extensions', 'awsproxy')).toBeUndefined();
    expect(at(off, 'spec', 'config', 'service', 'extensions')).not.toContain('awsproxy');
  });

  it('WHEN the env value is not a boolean THEN loading names the field, the value and the fix', () => {
    expect(() => testConfig({ TRACING_REMOTE_SAMPLING: 'yes' })).toThrow(ConfigError);
    expect(() => testConfig({ TRACING_REMOTE_SAMPLING: 'yes' })).toThrow(
      /config\.remoteSampling = "yes" \(from env TRACING_REMOTE_SAMPLING\): Use true or false/,
    );
  });
});

describe('GIVEN env values the chart sets literally', () => {
  it('THEN they come from the contract rather than being typed in the chart', () => {
    const { all } = synthesize();
    const app = container(find(all, 'Deployment', 'task-service', 'prod'), 'task-service');
    expect(envValue(app, 'PORT')).toBe(String(TASK_SERVICE_PORT));
    expect(envValue(app, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(
      `http://${SIDECAR_ENDPOINTS.otlpGrpc}`,
    );
  });
});
