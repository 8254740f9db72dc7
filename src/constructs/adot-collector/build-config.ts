import type { AdotCollectorProps, SpanBudget } from './props.js';
import {
  SERVICE_FILTER,
  SPAN_BUDGET,
  type SpanBudgetConfig,
  type CollectorConfig,
  type OtlpReceiverConfig,
} from './collector-config.js';
import type { CollectorExporter } from './exporter.js';

type Protocols = {
  -readonly [K in keyof OtlpReceiverConfig['protocols']]: OtlpReceiverConfig['protocols'][K];
};

/** The collector config for the props: OTLP in, memory_limiter [, filter], batch, out to X-Ray. */
export function buildConfig(
  props: AdotCollectorProps,
  exporter: CollectorExporter,
): CollectorConfig {
  const parts = exporter.parts(props.region);
  const filter = props.allowedServiceNames
    ? { [SERVICE_FILTER]: serviceFilter(props.allowedServiceNames) }
    : {};
  const budget = props.spanBudget ? { [SPAN_BUDGET]: spanBudget(props.spanBudget) } : {};
  const proxy =
    props.xraySamplingProxy !== undefined
      ? { awsproxy: { endpoint: props.xraySamplingProxy, region: props.region } }
      : {};
  return {
    receivers: { otlp: { protocols: protocols(props) } },
    processors: {
      // memory_limiter must come first so it can refuse data before anything buffers it.
      // https://github.com/open-telemetry/opentelemetry-collector/tree/main/processor/memorylimiterprocessor
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      ...filter,
      ...budget,
      // A short timeout keeps little in memory when the pod is told to stop.
      batch: { timeout: '1s', send_batch_size: 256 },
    },
    exporters: parts.exporters,
    extensions: {
      // 0.0.0.0 because the operator derives probes from this port and kubelet probes the pod IP.
      health_check: { endpoint: '0.0.0.0:13133' },
      ...parts.extensions,
      ...proxy,
    },
    service: {
      extensions: [
        'health_check',
        ...parts.extensionNames,
        ...(props.xraySamplingProxy !== undefined ? ['awsproxy'] : []),
      ],
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: [
            'memory_limiter',
            ...(props.allowedServiceNames ? [SERVICE_FILTER] : []),
            // After the filter: forged spans dropped there do not spend the budget.
            ...(props.spanBudget ? [SPAN_BUDGET] : []),
            'batch',
          ],
          exporters: [...parts.exporterNames],
        },
      },
    },
  };
}

function protocols(props: AdotCollectorProps): Protocols {
  const result: Protocols = {};
  if (props.otlpGrpcEndpoint !== undefined) result.grpc = { endpoint: props.otlpGrpcEndpoint };
  if (props.otlpHttp !== undefined) {
    const origins = props.otlpHttp.corsAllowedOrigins ?? [];
    const maxBody = props.otlpHttp.maxRequestBodyBytes;
    result.http = {
      endpoint: props.otlpHttp.endpoint ?? '0.0.0.0:4318',
      ...(origins.length > 0
        ? {
            cors: {
              allowed_origins: [...origins],
              allowed_headers: [...(props.otlpHttp.corsAllowedHeaders ?? ['Content-Type'])],
              // Lets browsers cache the preflight instead of sending OPTIONS before every export.
              max_age: 7200,
            },
          }
        : {}),
      ...(maxBody !== undefined ? { max_request_body_size: maxBody } : {}),
    };
  }
  return result;
}

/**
 * Drop what another service sent: the resource's `service.name` must be allowed, and so must
 * `aws.local.service` where it is set (on the resource or on a span), because the awsxray
 * exporter names a local-root segment after the span's `aws.local.service`. A missing
 * service.name compares as nil, which is not allowed either.
 */
function serviceFilter(names: readonly string[]) {
  const notAllowed = (path: string): string =>
    names.map((name) => `${path} != ${JSON.stringify(name)}`).join(' and ');
  const ifSet = (path: string): string => `${path} != nil and ${notAllowed(path)}`;
  return {
    error_mode: 'propagate' as const,
    trace_conditions: [
      {
        context: 'resource' as const,
        conditions: [
          notAllowed('resource.attributes["service.name"]'),
          ifSet('resource.attributes["aws.local.service"]'),
        ],
      },
      {
        context: 'span' as const,
        conditions: [ifSet('span.attributes["aws.local.service"]')],
      },
    ],
  };
}

/**
 * The budget as a tail_sampling processor with one `rate_limiting` policy (a token bucket of
 * spans, burst twice the rate). `trace-complete` is the only strategy that accepts this stateful
 * policy; a browser trace arrives within a second or two (task-web flushes every second), so 3 s
 * of waiting holds it whole. At most 2000 traces wait at once; past that the oldest are evicted
 * unsampled, so a flood costs bounded memory, and memory_limiter in front refuses the rest. The
 * sampled-id cache lets a late span of a kept trace follow its trace.
 */
function spanBudget(budget: SpanBudget): SpanBudgetConfig {
  return {
    decision_wait: '3s',
    num_traces: 2000,
    maximum_trace_size_bytes: budget.maxTraceBytes,
    decision_cache: { sampled_cache_size: 20_000 },
    policies: [
      {
        name: 'spans-per-second',
        type: 'rate_limiting',
        rate_limiting: { spans_per_second: budget.spansPerSecond },
      },
    ],
  };
}
