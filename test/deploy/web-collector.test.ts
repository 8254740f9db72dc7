import { describe, expect, it } from 'vitest';
import {
  LOCAL_ROOT_ATTRIBUTES,
  TASK_WEB_EXPORT_LIMITS,
  TASK_WEB_SERVICE_NAME,
} from '../../apps/task-web/src/contract.js';
import { ALB_READINESS_GATE_LABEL } from '../../src/contracts.js';
import {
  OTLP_HTTP_TRACES_PATH,
  SERVICE_FILTER,
  SPAN_BUDGET,
  type CollectorConfig,
} from '../../src/constructs/index.js';
import { at, find, findAll, synthesize, testConfig, type K8sObject } from './helpers/manifests.js';
import { filterDrops } from './helpers/ottl.js';
import { validateAgainstSchema } from './helpers/schema.js';

const { all, charts } = synthesize();
const web = find(all, 'OpenTelemetryCollector', 'otel-web', 'tracing');
const config = at<CollectorConfig>(web, 'spec', 'config');
const filter = config.processors[SERVICE_FILTER];

/**
 * Component types in the pinned ADOT image: aws-otel-collector v0.49.0,
 * pkg/defaultcomponents/defaults.go (types from each vendored factory's metadata).
 */
const ADOT_V0_49_COMPONENTS = {
  receivers: [
    'awsecscontainermetrics',
    'awscontainerinsightreceiver',
    'awsxray',
    'statsd',
    'prometheus',
    'kafka',
    'jaeger',
    'zipkin',
    'otlp',
    'filelog',
  ],
  processors: [
    'groupbytrace',
    'tail_sampling',
    'attributes',
    'resource',
    'probabilistic_sampler',
    'span',
    'filter',
    'metricstransform',
    'resourcedetection',
    'experimental_metricsgeneration',
    'cumulativetodelta',
    'deltatorate',
    'batch',
    'memory_limiter',
    'k8sattributes',
  ],
  // otlphttp is the deprecated alias of otlp_http, still registered in v0.156.0.
  exporters: [
    'awsemf',
    'prometheusremotewrite',
    'prometheus',
    'file',
    'kafka',
    'debug',
    'otlp',
    'otlp_http',
    'otlphttp',
    'awsxray',
    'loadbalancing',
    'awscloudwatchlogs',
  ],
  extensions: [
    'awsproxy',
    'ecs_observer',
    'health_check',
    'pprof',
    'sigv4auth',
    'zpages',
    'file_storage',
  ],
} as const;

describe('GIVEN the public web collector pipeline', () => {
  it('THEN memory_limiter comes first, the service filter next, then the span budget, batch last', () => {
    expect(config.service.pipelines.traces.processors).toEqual([
      'memory_limiter',
      SERVICE_FILTER,
      SPAN_BUDGET,
      'batch',
    ]);
  });

  it('THEN the span budget is one rate_limiting policy sharing the configured ceiling between the replicas', () => {
    const replicas = at<number>(web, 'spec', 'replicas');
    expect(config.processors[SPAN_BUDGET]).toEqual({
      decision_wait: '3s',
      num_traces: 2000,
      maximum_trace_size_bytes: TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes,
      decision_cache: { sampled_cache_size: 20_000 },
      policies: [
        {
          name: 'spans-per-second',
          type: 'rate_limiting',
          rate_limiting: {
            spans_per_second: Math.ceil(testConfig().webCollectorSpansPerSecond / replicas),
          },
        },
      ],
    });
  });

  it("THEN a ceiling raised in the config raises each replica's share", () => {
    const raised = synthesize(testConfig({ TRACING_WEB_COLLECTOR_SPANS_PER_SECOND: '1001' })).all;
    const cfg = at<CollectorConfig>(
      find(raised, 'OpenTelemetryCollector', 'otel-web', 'tracing'),
      'spec',
      'config',
    );
    expect(cfg.processors[SPAN_BUDGET]?.policies[0].rate_limiting.spans_per_second).toBe(501);
  });

  it("THEN the OTLP/HTTP receiver caps the decoded body at task-web's export bound", () => {
    expect(config.receivers.otlp.protocols.http?.max_request_body_size).toBe(
      TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes,
    );
  });

  it('THEN the filter fails closed and names only the allowed services, as OTTL conditions', () => {
    expect(filter).toEqual({
      error_mode: 'propagate',
      trace_conditions: [
        {
          context: 'resource',
          conditions: [
            'resource.attributes["service.name"] != "task-web"',
            'resource.attributes["aws.local.service"] != nil and resource.attributes["aws.local.service"] != "task-web"',
          ],
        },
        {
          context: 'span',
          conditions: [
            'span.attributes["aws.local.service"] != nil and span.attributes["aws.local.service"] != "task-web"',
          ],
        },
      ],
    });
    expect(TASK_WEB_EXPORT_LIMITS.serviceNames).toEqual([TASK_WEB_SERVICE_NAME]);
  });

  const local = LOCAL_ROOT_ATTRIBUTES.localService;
  it.each([
    ['a task-web span', { 'service.name': 'task-web' }, {}, false],
    [
      'a task-web local root naming itself',
      { 'service.name': 'task-web' },
      { [local]: 'task-web' },
      false,
    ],
    ['a forged task-service span', { 'service.name': 'task-service' }, {}, true],
    ['a span without service.name', {}, {}, true],
    [
      'task-web naming a task-service local root',
      { 'service.name': 'task-web' },
      { [local]: 'task-service' },
      true,
    ],
    [
      'task-web with a forged resource aws.local.service',
      { 'service.name': 'task-web', [local]: 'task-service' },
      {},
      true,
    ],
  ] as const)('WHEN it receives %s THEN dropped is %s', (_label, resource, span, dropped) => {
    if (!filter) throw new Error('the web collector has no service filter');
    expect(filterDrops(filter, { resource, span })).toBe(dropped);
  });

  it('THEN every component of every collector config is in the pinned ADOT image', () => {
    for (const collector of findAll(all, 'OpenTelemetryCollector')) {
      const cfg = at<Record<keyof typeof ADOT_V0_49_COMPONENTS, Record<string, unknown>>>(
        collector,
        'spec',
        'config',
      );
      for (const kind of Object.keys(
        ADOT_V0_49_COMPONENTS,
      ) as (keyof typeof ADOT_V0_49_COMPONENTS)[]) {
        for (const id of Object.keys(cfg[kind])) {
          const type = id.split('/')[0] ?? id;
          expect(ADOT_V0_49_COMPONENTS[kind], `${collector.metadata.name} ${kind} ${id}`).toContain(
            type,
          );
        }
      }
    }
  });
});

describe('GIVEN the collector Ingress on the shared ALB', () => {
  const ingress = find(all, 'Ingress', 'otel-web', 'tracing');
  const annotations = ingress.metadata.annotations ?? {};

  it('THEN only POST and OPTIONS on exactly /v1/traces reach the collector; any other request gets a 404 from the ALB', () => {
    validateAgainstSchema(ingress);
    expect(at(ingress, 'spec', 'rules', 0, 'http', 'paths')).toEqual([
      {
        path: OTLP_HTTP_TRACES_PATH,
        pathType: 'Exact',
        backend: { service: { name: 'otel-web-ingress', port: { number: 4318 } } },
      },
      {
        path: '/',
        pathType: 'Prefix',
        backend: { service: { name: 'response-404', port: { name: 'use-annotation' } } },
      },
    ]);
    expect(
      JSON.parse(annotations['alb.ingress.kubernetes.io/conditions.otel-web-ingress'] ?? ''),
    ).toEqual([
      { field: 'http-request-method', httpRequestMethodConfig: { values: ['POST', 'OPTIONS'] } },
    ]);
    expect(JSON.parse(annotations['alb.ingress.kubernetes.io/actions.response-404'] ?? '')).toEqual(
      {
        type: 'fixed-response',
        fixedResponseConfig: {
          contentType: 'text/plain',
          statusCode: '404',
          messageBody: 'Not Found',
        },
      },
    );
  });

  it('THEN the browser posts to the very path the Ingress routes', () => {
    expect(new URL(charts.tracing.tracesUrl).pathname).toBe(OTLP_HTTP_TRACES_PATH);
    const configMap = find(all, 'ConfigMap', 'task-web-runtime-config', 'prod');
    const runtime = JSON.parse(at<string>(configMap, 'data', 'runtime-config.json')) as {
      collectorUrl: string;
    };
    expect(runtime.collectorUrl).toBe(charts.tracing.tracesUrl);
  });

  it('THEN the app Ingresses keep routing every path, with no annotation actions', () => {
    for (const name of ['task-service', 'task-web']) {
      const app = find(all, 'Ingress', name, 'prod');
      expect(at(app, 'spec', 'rules', 0, 'http', 'paths')).toHaveLength(1);
      expect(at(app, 'spec', 'rules', 0, 'http', 'paths', 0, 'pathType')).toBe('Prefix');
      const keys = Object.keys(app.metadata.annotations ?? {});
      expect(keys.filter((k) => /\/(actions|conditions)\./.test(k))).toEqual([]);
    }
  });

  it('THEN no Ingress of the group sets a default backend, which would catch other hosts', () => {
    for (const each of findAll(all, 'Ingress'))
      expect(at(each, 'spec', 'defaultBackend')).toBeUndefined();
  });
});

describe('GIVEN the namespaces and the ALB targets in them', () => {
  it('THEN every namespace holding an ip-target Ingress carries the readiness-gate label, applied first', () => {
    const ipTargets = findAll(all, 'Ingress').filter(
      (i: K8sObject) => i.metadata.annotations?.['alb.ingress.kubernetes.io/target-type'] === 'ip',
    );
    expect(ipTargets).toHaveLength(3);
    for (const ingress of ipTargets) {
      const ns = find(all, 'Namespace', ingress.metadata.namespace ?? '');
      expect(ns.metadata.labels?.[ALB_READINESS_GATE_LABEL], ns.metadata.name).toBe('enabled');
    }
  });

  it('THEN each app Ingress is applied before its Deployment, so new pods get the gate', () => {
    for (const chart of ['task-service', 'task-web']) {
      const kinds = (synthesize(testConfig()).byChart[chart] ?? []).map((o) => o.kind);
      expect(kinds.indexOf('Ingress'), chart).toBeLessThan(kinds.indexOf('Deployment'));
    }
  });
});
