/**
 * The typed shape of an OpenTelemetry Collector config as this project writes it into
 * `spec.config` of an `opentelemetry.io/v1beta1` OpenTelemetryCollector. Only the components we
 * use are modelled, with the keys of their config structs in the collector-contrib version the
 * pinned ADOT image vendors; an empty component is `{}` (the operator docs ask for that form).
 * @see https://github.com/open-telemetry/opentelemetry-operator/blob/main/docs/api/opentelemetrycollectors.md
 */

/** `cors` block of the OTLP/HTTP receiver (collector confighttp). */
export interface CorsConfig {
  readonly allowed_origins: readonly string[];
  readonly allowed_headers?: readonly string[];
  readonly max_age?: number;
}

export interface OtlpReceiverConfig {
  readonly protocols: {
    readonly grpc?: { readonly endpoint: string };
    readonly http?: {
      readonly endpoint: string;
      readonly cors?: CorsConfig;
      /** Bytes of a request body after decompression (confighttp); larger bodies get 413. */
      readonly max_request_body_size?: number;
    };
  };
}

export interface MemoryLimiterConfig {
  readonly check_interval: string;
  readonly limit_percentage: number;
  readonly spike_limit_percentage: number;
}

export interface BatchConfig {
  readonly timeout: string;
  readonly send_batch_size: number;
}

/**
 * filter processor with OTTL conditions grouped by context: an item is dropped when any
 * condition of its context is true. Drops are counted as
 * `otelcol_processor_filter_spans.filtered`, labelled with the processor id.
 */
export interface FilterProcessorConfig {
  /** `propagate`: a condition that fails to evaluate drops the payload (fail closed). */
  readonly error_mode: 'propagate' | 'ignore';
  readonly trace_conditions: readonly {
    readonly context: 'resource' | 'span';
    readonly conditions: readonly string[];
  }[];
}

/**
 * tail_sampling processor holding only a `rate_limiting` policy: a token bucket of spans per
 * second over whole traces, held `decision_wait` before the decision. Traces over the budget, or
 * over `maximum_trace_size_bytes`, or evicted past `num_traces`, are dropped before export.
 */
export interface SpanBudgetConfig {
  readonly decision_wait: string;
  readonly num_traces: number;
  readonly maximum_trace_size_bytes: number;
  readonly decision_cache: { readonly sampled_cache_size: number };
  readonly policies: readonly [
    {
      readonly name: string;
      readonly type: 'rate_limiting';
      readonly rate_limiting: { readonly spans_per_second: number };
    },
  ];
}

/** awsxray exporter: translates spans to X-Ray segments and calls PutTraceSegments. */
export interface AwsXrayExporterConfig {
  readonly region: string;
  readonly indexed_attributes: readonly string[];
}

/** otlp_http exporter signed with sigv4auth, for the X-Ray OTLP endpoint. */
export interface OtlpHttpExporterConfig {
  readonly traces_endpoint: string;
  readonly auth: { readonly authenticator: 'sigv4auth' };
  /** Bound on one export (confighttp client timeout). */
  readonly timeout: string;
}

export interface SigV4AuthConfig {
  readonly region: string;
  readonly service: 'xray';
}

export interface HealthCheckConfig {
  readonly endpoint: string;
}

/** awsproxy extension: forwards X-Ray API calls (sampling rules and targets), signed. */
export interface AwsProxyConfig {
  readonly endpoint: string;
  /** Set so the proxy never asks instance metadata for it. */
  readonly region: string;
}

/** Path of the OTLP/HTTP receiver's traces endpoint (its `traces_url_path` default). */
export const OTLP_HTTP_TRACES_PATH = '/v1/traces';

/** Id of the filter processor that keeps only allowed services. */
export const SERVICE_FILTER = 'filter/allowed-services';

/** Id of the tail_sampling processor that caps spans per second. */
export const SPAN_BUDGET = 'tail_sampling/span-budget';

export interface CollectorConfig {
  readonly receivers: { readonly otlp: OtlpReceiverConfig };
  readonly processors: {
    readonly memory_limiter: MemoryLimiterConfig;
    readonly [SERVICE_FILTER]?: FilterProcessorConfig;
    readonly [SPAN_BUDGET]?: SpanBudgetConfig;
    readonly batch: BatchConfig;
  };
  readonly exporters: {
    readonly awsxray?: AwsXrayExporterConfig;
    readonly otlp_http?: OtlpHttpExporterConfig;
  };
  readonly extensions: {
    readonly health_check: HealthCheckConfig;
    readonly sigv4auth?: SigV4AuthConfig;
    readonly awsproxy?: AwsProxyConfig;
  };
  readonly service: {
    readonly extensions: readonly string[];
    readonly pipelines: {
      readonly traces: {
        readonly receivers: readonly ['otlp'];
        /** memory_limiter first, so it can refuse data before anything buffers it. */
        readonly processors: readonly ['memory_limiter', ...string[]];
        readonly exporters: readonly string[];
      };
    };
  };
}
