import { describe, expect, it } from 'vitest';
import { collectorActions, IamActionsError } from '../../src/iam-actions.js';

/** A collector config with one traces pipeline, as the charts write it. */
function config(parts: {
  exporters?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  receivers?: Record<string, unknown>;
  serviceExtensions?: string[];
}): unknown {
  const exporters = parts.exporters ?? { awsxray: { region: 'us-east-1' } };
  const processors = parts.processors ?? { memory_limiter: {}, batch: {} };
  const receivers = parts.receivers ?? { otlp: { protocols: { grpc: {} } } };
  return {
    receivers,
    processors,
    exporters,
    extensions: { health_check: {}, ...parts.extensions },
    service: {
      extensions: parts.serviceExtensions ?? ['health_check'],
      pipelines: {
        traces: {
          receivers: Object.keys(receivers),
          processors: Object.keys(processors),
          exporters: Object.keys(exporters),
        },
      },
    },
  };
}

const SIGV4 = { sigv4auth: { region: 'eu-west-1', service: 'xray' } };
const OTLP_XRAY_SETTINGS = {
  traces_endpoint: 'https://xray.eu-west-1.amazonaws.com/v1/traces',
  auth: { authenticator: 'sigv4auth' },
};

describe('GIVEN a collector config', () => {
  it('WHEN it exports with awsxray THEN it needs PutTraceSegments only', () => {
    expect(collectorActions(config({}))).toEqual(['xray:PutTraceSegments']);
  });

  it('WHEN the awsxray exporter has telemetry enabled THEN PutTelemetryRecords is added', () => {
    const withTelemetry = { awsxray: { region: 'us-east-1', telemetry: { enabled: true } } };
    expect(collectorActions(config({ exporters: withTelemetry }))).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const disabled = { awsxray: { region: 'us-east-1', telemetry: { enabled: false } } };
    expect(collectorActions(config({ exporters: disabled }))).toEqual(['xray:PutTraceSegments']);
  });

  // otlphttp is the deprecated alias of otlp_http that the collector still accepts.
  it.each(['otlp_http', 'otlphttp'])(
    'WHEN it exports to the X-Ray OTLP endpoint with %s signed by sigv4auth THEN it needs the span actions',
    (type) => {
      const cfg = config({
        exporters: { [type]: OTLP_XRAY_SETTINGS },
        extensions: SIGV4,
        serviceExtensions: ['health_check', 'sigv4auth'],
      });
      expect(collectorActions(cfg)).toEqual(['xray:PutSpans', 'xray:PutSpansForIndexing']);
    },
  );

  it('WHEN the sidecar runs the awsproxy extension THEN the two sampling reads are added', () => {
    const cfg = config({
      extensions: { awsproxy: { endpoint: '127.0.0.1:2000', region: 'us-east-1' } },
      serviceExtensions: ['health_check', 'awsproxy'],
    });
    expect(collectorActions(cfg)).toEqual([
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTraceSegments',
    ]);
  });

  it('WHEN a component is declared but not used by the service THEN it adds nothing', () => {
    const cfg = config({ extensions: { awsproxy: {} }, serviceExtensions: ['health_check'] });
    expect(collectorActions(cfg)).toEqual(['xray:PutTraceSegments']);
  });

  it('WHEN components carry names (type/name) THEN they are recognised by type', () => {
    const cfg = config({
      exporters: { 'awsxray/web': { region: 'us-east-1' } },
      processors: { 'batch/traces': {}, 'filter/browser': {} },
    });
    expect(collectorActions(cfg)).toEqual(['xray:PutTraceSegments']);
  });
});

describe('GIVEN a config this module cannot vouch for', () => {
  it.each([
    [
      'an exporter with unknown AWS calls',
      config({ exporters: { awsemf: {} } }),
      'exporters.awsemf: not modelled in src/iam-actions.ts (which AWS actions it calls)',
    ],
    [
      'a processor that calls AWS APIs',
      config({ processors: { resourcedetection: {} } }),
      'processors.resourcedetection: not modelled in src/iam-actions.ts (which AWS actions it calls)',
    ],
    [
      'an exporter that assumes another role',
      config({ exporters: { awsxray: { role_arn: 'arn:aws:iam::1:role/x' } } }),
      'exporters.awsxray: not modelled in src/iam-actions.ts (role_arn makes it call sts:AssumeRole',
    ],
    [
      'a sigv4-signed endpoint that is not X-Ray',
      config({
        exporters: {
          otlphttp: { endpoint: 'https://aps.example/api', auth: { authenticator: 'sigv4auth' } },
        },
        extensions: { sigv4auth: { service: 'aps' } },
      }),
      "exporters.otlphttp: not modelled in src/iam-actions.ts (a sigv4auth-signed endpoint other than X-Ray's",
    ],
  ])('WHEN it has %s THEN the error names the component and the fix', (_what, cfg, message) => {
    expect(() => collectorActions(cfg)).toThrow(IamActionsError);
    expect(() => collectorActions(cfg)).toThrow(message);
    expect(() => collectorActions(cfg)).toThrow(
      'add its AWS actions there and to terraform/iam.tf',
    );
  });

  it('WHEN the value is not a collector config THEN the error says what to pass', () => {
    expect(() => collectorActions({ exporters: {} })).toThrow(
      'pass the spec.config of an OpenTelemetryCollector',
    );
  });
});
