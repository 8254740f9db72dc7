/**
 * What tracing is told at start. No parsing here: the service's one environment schema
 * (`../config.ts`) reads every variable once and maps it to this. Pure types and constants, so
 * the app can name them without loading OpenTelemetry.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of an incoming request an ignore rule reads (an `IncomingMessage` fits). */
export interface RequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

export interface TracingOptions {
  /**
   * Requests that make no span, and under which nothing is traced (health probes, CORS
   * preflights). The app owns its routes, so it passes the rule in. `req.url` includes the query.
   * @default every request is traced
   */
  readonly ignore?: (req: RequestHead) => boolean;
}

/** `OTEL_TRACES_SAMPLER` values. */
export const SAMPLER_NAMES = [
  'parentbased_xray_rule',
  'xray',
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

/**
 * `tuned`: own server spans, counted span pipeline, no ESM loader hook, X-Ray-rule sampler.
 * `upstream`: instrumentation-http and -express, the SDK's BatchSpanProcessor, the loader hook on
 * every module; kept for comparison (docs/benchmarks.md).
 */
export const TRACING_PROFILES = ['tuned', 'upstream'] as const;
export type TracingProfile = (typeof TRACING_PROFILES)[number];

export interface BatchSettings {
  /** Finished spans waiting for export; beyond it, spans are dropped and counted. */
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  /** Longest wait for a partial batch, ms. */
  readonly scheduledDelayMillis: number;
  /** An unanswered export counts as lost after this, ms. */
  readonly exportTimeoutMillis: number;
  /** Exports in flight at once. */
  readonly maxConcurrentExports: number;
}

export interface TelemetryConfig {
  /** `OTEL_SDK_DISABLED=true`: no SDK, no loader hook, no instrumentation. */
  readonly disabled: boolean;
  /** OTLP gRPC endpoint of the collector. */
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly sampler: SamplerName;
  /** Ratio of the `*traceidratio` samplers and of `parentbased_xray_rule`, 0..1. */
  readonly samplerRatio: number;
  /** New traces per second sampled before the ratio applies (`parentbased_xray_rule`). */
  readonly samplerReservoirPerSecond: number;
  /** X-Ray sampling API (the sidecar's awsproxy) polled by the `xray` sampler. */
  readonly samplingEndpoint: string;
  readonly profile: TracingProfile;
  /** Serialize and send spans on a worker thread. */
  readonly exportOnWorker: boolean;
  readonly batch: BatchSettings;
  /** Upper bound on the telemetry shutdown at SIGTERM, ms. */
  readonly shutdownTimeoutMs: number;
}
