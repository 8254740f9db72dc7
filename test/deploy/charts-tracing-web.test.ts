import { describe, expect, it } from 'vitest';
import { IRSA_ROLE_ANNOTATION } from '../../src/contracts.js';
import {
  RUNTIME_CONFIG_HASH_ANNOTATION,
  SERVICE_FILTER,
  SPAN_BUDGET,
} from '../../src/constructs/index.js';
import { at, find, findAll, synthesize, testConfig } from './helpers/manifests.js';
import { container, podSpec } from './helpers/pod.js';
import { validateAgainstSchema } from './helpers/schema.js';

const synth = synthesize();
const { all } = synth;

describe('GIVEN the tracing chart', () => {
  const collector = find(all, 'OpenTelemetryCollector', 'otel-web', 'tracing');

  it('THEN the web collector is a deployment with the IRSA service account, which exists with its ARN', () => {
    expect(at(collector, 'spec', 'mode')).toBe('deployment');
    const sa = find(
      all,
      'ServiceAccount',
      at<string>(collector, 'spec', 'serviceAccount'),
      'tracing',
    );
    expect(sa.metadata.name).toBe('otel-web-collector');
    expect(sa.metadata.annotations?.[IRSA_ROLE_ANNOTATION]).toBe(testConfig().webCollectorRoleArn);
  });

  it('THEN OTLP/HTTP listens on 4318 with CORS for exact web origins and never "*"', () => {
    const http = at<{
      endpoint: string;
      cors: { allowed_origins: string[]; allowed_headers: string[] };
    }>(collector, 'spec', 'config', 'receivers', 'otlp', 'protocols', 'http');
    expect(http.endpoint).toBe('0.0.0.0:4318');
    expect(http.cors.allowed_origins).toEqual(['https://app.example.com']);
    expect(http.cors.allowed_headers).toContain('Content-Type');
    for (const c of findAll(all, 'OpenTelemetryCollector')) {
      expect(JSON.stringify(at(c, 'spec', 'config'))).not.toMatch(/"\*"/);
    }
  });

  it('THEN each pipeline is otlp -> memory_limiter first, batch last -> awsxray, with the health_check extension', () => {
    const processors = (name: string): unknown =>
      at(
        find(all, 'OpenTelemetryCollector', name),
        'spec',
        'config',
        'service',
        'pipelines',
        'traces',
        'processors',
      );
    // The public web collector filters by service and caps spans per second between the two
    // (web-collector.test.ts).
    expect(processors('otel-web')).toEqual([
      'memory_limiter',
      SERVICE_FILTER,
      SPAN_BUDGET,
      'batch',
    ]);
    expect(processors('otel-sidecar')).toEqual(['memory_limiter', 'batch']);
    for (const c of findAll(all, 'OpenTelemetryCollector')) {
      expect(at(c, 'spec', 'config', 'service', 'pipelines', 'traces')).toMatchObject({
        receivers: ['otlp'],
        exporters: ['awsxray'],
      });
      expect(at(c, 'spec', 'config', 'service', 'extensions')).toContain('health_check');
      expect(at(c, 'spec', 'image')).toBe(
        'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0',
      );
    }
  });

  it('THEN its Service selects the pods the operator creates for otel-web, and the TLS Ingress routes to it', () => {
    const service = find(all, 'Service', 'otel-web-ingress', 'tracing');
    expect(at(service, 'spec', 'selector')).toEqual({
      'app.kubernetes.io/managed-by': 'opentelemetry-operator',
      'app.kubernetes.io/instance': 'tracing.otel-web',
      'app.kubernetes.io/component': 'opentelemetry-collector',
    });
    const ingress = find(all, 'Ingress', 'otel-web', 'tracing');
    expect(at(ingress, 'spec', 'rules', 0, 'host')).toBe('otel.example.com');
    expect(ingress.metadata.annotations?.['alb.ingress.kubernetes.io/listen-ports']).toBe(
      '[{"HTTPS":443}]',
    );
  });
});

describe('GIVEN the task-web chart', () => {
  const deployment = find(all, 'Deployment', 'task-web', 'prod');
  const configMap = find(all, 'ConfigMap', 'task-web-runtime-config', 'prod');
  const web = container(deployment, 'task-web');

  it('THEN runtime-config.json points at the API and web collector ingress URLs', () => {
    const json = JSON.parse(at<string>(configMap, 'data', 'runtime-config.json')) as unknown;
    expect(json).toEqual({
      apiUrl: 'https://api.example.com',
      collectorUrl: 'https://otel.example.com/v1/traces',
    });
  });

  it('THEN the file is mounted read-only at the nginx docroot and the pod rolls when it changes', () => {
    expect(web.volumeMounts).toEqual(
      expect.arrayContaining([
        {
          name: 'cm-task-web-runtime-config',
          mountPath: '/usr/share/nginx/html/runtime-config.json',
          subPath: 'runtime-config.json',
          readOnly: true,
        },
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'var-cache-nginx', mountPath: '/var/cache/nginx' },
      ]),
    );
    const annotations = at<Record<string, string>>(
      deployment,
      'spec',
      'template',
      'metadata',
      'annotations',
    );
    expect(annotations[RUNTIME_CONFIG_HASH_ANNOTATION]).toBe(
      synth.charts.taskWeb.runtimeConfig.contentHash,
    );
    const changed = synthesize(testConfig({ TRACING_API_HOST: 'tasks.example.org' }));
    const after = at<Record<string, string>>(
      find(changed.all, 'Deployment', 'task-web'),
      'spec',
      'template',
      'metadata',
      'annotations',
    );
    expect(after[RUNTIME_CONFIG_HASH_ANNOTATION]).not.toBe(
      annotations[RUNTIME_CONFIG_HASH_ANNOTATION],
    );
  });

  it('THEN it runs as uid 101 on port 8080 without a service account token', () => {
    expect(web.securityContext?.runAsUser).toBe(101);
    expect(at(web, 'ports', 0, 'containerPort')).toBe(8080);
    expect(podSpec(deployment).serviceAccountName).toBeUndefined();
  });
});

describe('GIVEN the exporter switch set to the X-Ray OTLP endpoint', () => {
  it('THEN both collectors use otlp_http with sigv4auth for the region and still validate', () => {
    const { all: objects } = synthesize(
      testConfig({ TRACING_EXPORTER: 'xray-otlp', TRACING_REGION: 'eu-west-1' }),
    );
    for (const c of findAll(objects, 'OpenTelemetryCollector')) {
      validateAgainstSchema(c);
      expect(at(c, 'spec', 'config', 'exporters', 'otlp_http')).toEqual({
        traces_endpoint: 'https://xray.eu-west-1.amazonaws.com/v1/traces',
        auth: { authenticator: 'sigv4auth' },
        timeout: '5s',
      });
      expect(at(c, 'spec', 'config', 'extensions', 'sigv4auth')).toEqual({
        region: 'eu-west-1',
        service: 'xray',
      });
      expect(at(c, 'spec', 'config', 'service', 'extensions')).toEqual([
        'health_check',
        'sigv4auth',
      ]);
    }
  });
});
