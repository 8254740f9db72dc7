/**
 * The typed shape of an OpenTelemetry Collector config as this project writes it into
 * `spec.config` of an `opentelemetry.io/v1beta1` OpenTelemetryCollector. Only the components we
 * use are modelled; an empty component is `{}` (the operator docs ask for that form).
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
    readonly http?: { readonly endpoint: string; readonly cors?: CorsConfig };
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

/** awsxray exporter: translates spans to X-Ray segments and calls PutTraceSegments. */
export interface AwsXrayExporterConfig {
  readonly region: string;
  readonly indexed_attributes: readonly string[];
}

/** otlphttp exporter signed with sigv4auth, for the X-Ray OTLP endpoint. */
export interface OtlpHttpExporterConfig {
  readonly traces_endpoint: string;
  readonly auth: { readonly authenticator: 'sigv4auth' };
}

export interface SigV4AuthConfig {
  readonly region: string;
  readonly service: 'xray';
}

export interface HealthCheckConfig {
  readonly endpoint: string;
}

export interface CollectorConfig {
  readonly receivers: { readonly otlp: OtlpReceiverConfig };
  readonly processors: {
    readonly memory_limiter: MemoryLimiterConfig;
    readonly batch: BatchConfig;
  };
  readonly exporters: {
    readonly awsxray?: AwsXrayExporterConfig;
    readonly otlphttp?: OtlpHttpExporterConfig;
  };
  readonly extensions: {
    readonly health_check: HealthCheckConfig;
    readonly sigv4auth?: SigV4AuthConfig;
  };
  readonly service: {
    readonly extensions: readonly string[];
    readonly pipelines: {
      readonly traces: {
        readonly receivers: readonly ['otlp'];
        readonly processors: readonly ['memory_limiter', 'batch'];
        readonly exporters: readonly string[];
      };
    };
  };
}
