import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { collectorConfigHash } from '../../src/contracts.js';
import { COLLECTOR_EXPORT_TIMEOUT_SECONDS } from '../../src/shutdown-budget.js';
import {
  ADOT_COLLECTOR_IMAGE,
  AdotCollector,
  CollectorExporter,
  CollectorService,
  IrsaServiceAccount,
  type AdotCollectorProps,
} from '../../src/constructs/index.js';
import { at, find } from './helpers/manifests.js';
import { validateAgainstSchema } from './helpers/schema.js';

const sidecarProps: AdotCollectorProps = {
  name: 'otel-sidecar',
  namespace: 'prod',
  mode: 'sidecar',
  region: 'us-east-1',
  otlpGrpcEndpoint: '127.0.0.1:4317',
  exporter: CollectorExporter.awsXray({ indexedAttributes: ['task.operation'] }),
};
/** The collector's IRSA account in `namespace`, created in the chart under test. */
function account(chart: Chart, namespace = 'tracing'): IrsaServiceAccount {
  return new IrsaServiceAccount(chart, `Sa-${namespace}`, {
    name: 'otel-web-collector',
    namespace,
    roleArn: 'arn:aws:iam::123456789012:role/otel-web-collector',
  });
}

type PropsIn = (chart: Chart) => AdotCollectorProps;
const deploymentProps: PropsIn = (chart) => ({
  name: 'otel-web',
  namespace: 'tracing',
  mode: 'deployment',
  region: 'us-east-1',
  serviceAccount: account(chart),
  otlpHttp: { corsAllowedOrigins: ['https://app.example.com', 'http://localhost:5173'] },
});

function build(props: AdotCollectorProps | PropsIn): { collector: AdotCollector; chart: Chart } {
  const chart = new Chart(Testing.app(), 'test');
  const resolved = typeof props === 'function' ? props(chart) : props;
  return { collector: new AdotCollector(chart, 'Collector', resolved), chart };
}

/** Deployment props with some fields replaced. */
function deploymentWith(override: (chart: Chart) => Partial<AdotCollectorProps>): PropsIn {
  return (chart) => ({ ...deploymentProps(chart), ...override(chart) });
}

describe('GIVEN a sidecar-mode AdotCollector', () => {
  const { collector, chart } = build(sidecarProps);
  const cr = find(Testing.synth(chart), 'OpenTelemetryCollector', 'otel-sidecar', 'prod');

  it('THEN it emits a schema-valid v1beta1 OpenTelemetryCollector with the pinned ADOT image', () => {
    validateAgainstSchema(cr);
    expect(cr.apiVersion).toBe('opentelemetry.io/v1beta1');
    expect(at(cr, 'spec', 'mode')).toBe('sidecar');
    expect(at(cr, 'spec', 'image')).toBe(ADOT_COLLECTOR_IMAGE);
    expect(ADOT_COLLECTOR_IMAGE).toMatch(
      /^public\.ecr\.aws\/aws-observability\/aws-otel-collector:v\d+\.\d+\.\d+$/,
    );
  });

  it('THEN spec.config is an object: memory_limiter before batch, awsxray with region and indexed attributes, health_check', () => {
    const config = at<Record<string, unknown>>(cr, 'spec', 'config');
    expect(typeof config).toBe('object');
    expect(at(config, 'service', 'pipelines', 'traces', 'processors')).toEqual([
      'memory_limiter',
      'batch',
    ]);
    expect(at(config, 'exporters', 'awsxray')).toEqual({
      region: 'us-east-1',
      indexed_attributes: ['task.operation'],
    });
    expect(at(config, 'extensions', 'health_check', 'endpoint')).toBe('0.0.0.0:13133');
    expect(at(config, 'receivers', 'otlp', 'protocols')).toEqual({
      grpc: { endpoint: '127.0.0.1:4317' },
    });
    expect(at(cr, 'spec', 'resources', 'limits', 'memory')).toBeDefined();
  });

  it('THEN configHash is the hash of the emitted spec.config', () => {
    expect(collector.configHash).toBe(collectorConfigHash(at(cr, 'spec', 'config')));
    expect(collector.configHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('WHEN built twice with equal props THEN the hash is stable; WHEN a value changes THEN it changes', () => {
    expect(build(sidecarProps).collector.configHash).toBe(collector.configHash);
    expect(build({ ...sidecarProps, region: 'eu-west-1' }).collector.configHash).not.toBe(
      collector.configHash,
    );
  });
});

describe('GIVEN a deployment-mode AdotCollector', () => {
  const { collector, chart } = build(deploymentProps);
  const cr = find(Testing.synth(chart), 'OpenTelemetryCollector', 'otel-web', 'tracing');

  it('THEN it has the service account, replicas and OTLP/HTTP with exact CORS origins', () => {
    validateAgainstSchema(cr);
    expect(at(cr, 'spec', 'serviceAccount')).toBe('otel-web-collector');
    expect(at(cr, 'spec', 'replicas')).toBe(2);
    expect(at(cr, 'spec', 'config', 'receivers', 'otlp', 'protocols', 'http')).toEqual({
      endpoint: '0.0.0.0:4318',
      cors: {
        allowed_origins: ['https://app.example.com', 'http://localhost:5173'],
        allowed_headers: ['Content-Type'],
        max_age: 7200,
      },
    });
  });

  it('WHEN a CollectorService fronts it THEN the service selects the operator pod labels for <ns>.<name>', () => {
    const service = new CollectorService(chart, 'Svc', { collector, name: 'otel-web-ingress' });
    expect(service.otlpHttpPort).toBe(4318);
    const svc = find(Testing.synth(chart), 'Service', 'otel-web-ingress', 'tracing');
    expect(at(svc, 'spec', 'selector', 'app.kubernetes.io/instance')).toBe('tracing.otel-web');
  });

  it('WHEN the collector listens on other ports THEN the CollectorService follows its config', () => {
    const custom = build(deploymentWith(() => ({ otlpHttp: { endpoint: '0.0.0.0:5318' } })));
    const service = new CollectorService(custom.chart, 'Svc', {
      collector: custom.collector,
      name: 'otel-web-ingress',
    });
    expect(service.otlpHttpPort).toBe(5318);
    expect(service.healthPort).toBe(13133);
    const svc = find(Testing.synth(custom.chart), 'Service', 'otel-web-ingress', 'tracing');
    expect(at(svc, 'spec', 'ports')).toEqual([
      { name: 'otlp-http', port: 5318, targetPort: 5318, protocol: 'TCP' },
      { name: 'health', port: 13133, targetPort: 13133, protocol: 'TCP' },
    ]);
  });

  it('WHEN the collector has no OTLP/HTTP receiver THEN a CollectorService refuses it', () => {
    const grpcOnly = build(
      deploymentWith(() => ({ otlpHttp: undefined, otlpGrpcEndpoint: '0.0.0.0:4317' })),
    );
    expect(
      () =>
        new CollectorService(grpcOnly.chart, 'Svc', {
          collector: grpcOnly.collector,
          name: 'otel-web-ingress',
        }),
    ).toThrow(/props\.collector is "otel-web"\. The collector has no OTLP\/HTTP receiver/);
  });

  it("WHEN a CollectorService takes the operator's own Service name THEN construction fails naming the fix", () => {
    expect(
      () => new CollectorService(chart, 'Clash', { collector, name: 'otel-web-collector' }),
    ).toThrow(
      /props\.name is "otel-web-collector"\. The operator owns the Service "otel-web-collector".*"otel-web-ingress"/,
    );
  });
});

describe('GIVEN invalid AdotCollector props', () => {
  const cases: [string, Partial<AdotCollectorProps>, RegExp][] = [
    [
      'a "*" CORS origin',
      { otlpHttp: { corsAllowedOrigins: ['*'] } },
      /props\.otlpHttp\.corsAllowedOrigins\[0\] is "\*"\. Wildcards are refused.*"https:\/\/app\.example\.com"/,
    ],
    [
      'a wildcard subdomain origin',
      { otlpHttp: { corsAllowedOrigins: ['https://*.example.com'] } },
      /corsAllowedOrigins\[0\] is "https:\/\/\*\.example\.com"\. Wildcards are refused/,
    ],
    [
      'a plain http origin that is not localhost',
      { otlpHttp: { corsAllowedOrigins: ['http://app.example.com'] } },
      /corsAllowedOrigins\[0\] is "http:\/\/app\.example\.com"\. Only https:\/\/ origins are allowed, plus http:\/\/localhost:<port>/,
    ],
    [
      'an origin with a trailing slash',
      { otlpHttp: { corsAllowedOrigins: ['https://app.example.com/'] } },
      /is "https:\/\/app\.example\.com\/"\..*use "https:\/\/app\.example\.com"/,
    ],
    [
      'deployment mode without a service account',
      { serviceAccount: undefined },
      /props\.serviceAccount is undefined\. Deployment mode needs a service account carrying the IRSA role.*Pass an IrsaServiceAccount/,
    ],
    [
      'a bad region',
      { region: 'us-east' },
      /props\.region is "us-east"\. It must be an AWS region code such as "us-east-1"/,
    ],
    [
      'no receiver protocol',
      { otlpHttp: undefined },
      /needs at least one OTLP receiver protocol: set otlpGrpcEndpoint/,
    ],
    [
      'an OTLP/HTTP endpoint without a port',
      { otlpHttp: { endpoint: '0.0.0.0' } },
      /props\.otlpHttp\.endpoint is "0\.0\.0\.0"\. Use "host:port"/,
    ],
    [
      'a deployment-mode receiver bound to loopback',
      { otlpGrpcEndpoint: '127.0.0.1:4317' },
      /props\.otlpGrpcEndpoint is "127\.0\.0\.1:4317"\. A deployment-mode collector is reached from other pods .*"0\.0\.0\.0:4317"/,
    ],
    [
      'an unpinned collector image',
      { image: 'public.ecr.aws/aws-observability/aws-otel-collector:latest' },
      /props\.image is ".*aws-otel-collector:latest"\. Pin the image to a version tag or digest/,
    ],
  ];
  it.each(cases)(
    'WHEN given %s THEN the constructor throws naming prop, value and fix',
    (_label, override, message) => {
      expect(() => build(deploymentWith(() => override))).toThrow(message);
    },
  );

  it('WHEN a sidecar is given a serviceAccount THEN the error explains the operator ignores it there', () => {
    expect(() =>
      build((chart) => ({ ...sidecarProps, serviceAccount: account(chart, 'prod') })),
    ).toThrow(
      /AdotCollector "otel-sidecar": props\.serviceAccount is "otel-web-collector"\. The OpenTelemetry Operator ignores serviceAccount in sidecar mode: the sidecar runs under the app pod's service account/,
    );
  });

  it('WHEN a sidecar is given replicas THEN the error says to scale the app instead', () => {
    expect(() => build({ ...sidecarProps, replicas: 3 })).toThrow(
      /props\.replicas is 3\. A sidecar has one instance per app pod/,
    );
  });
});

describe('GIVEN the X-Ray OTLP exporter choice', () => {
  it('THEN the config uses otlp_http (not its deprecated alias otlphttp) signed by sigv4auth and no awsxray exporter', () => {
    const { collector } = build({
      ...sidecarProps,
      exporter: CollectorExporter.xrayOtlpEndpoint(),
    });
    expect(collector.config.exporters).toEqual({
      otlp_http: {
        traces_endpoint: 'https://xray.us-east-1.amazonaws.com/v1/traces',
        auth: { authenticator: 'sigv4auth' },
        timeout: `${COLLECTOR_EXPORT_TIMEOUT_SECONDS}s`,
      },
    });
    expect(collector.config.extensions.sigv4auth).toEqual({ region: 'us-east-1', service: 'xray' });
    expect(collector.config.service.pipelines.traces.exporters).toEqual(['otlp_http']);
  });
});
