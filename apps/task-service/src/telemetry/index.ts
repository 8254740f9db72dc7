/**
 * What the app uses of tracing. Everything here is cheap to import: the OpenTelemetry SDK
 * (`./sdk/`) loads only when `startTracing` runs with tracing on, so with OTEL_SDK_DISABLED=true
 * the process never loads it.
 */
export { recordError, traced } from './business-span.js';
export { TASK_OPERATION, TASK_OUTCOME, TASK_STORE } from './attributes.js';
export {
  SAMPLER_NAMES,
  TRACING_PROFILES,
  type BatchSettings,
  type SamplerName,
  type TelemetryConfig,
  type TracingProfile,
} from './config.js';
export { telemetry, type SpanCounts, type TelemetryHandle } from './handle.js';
export { startTracing } from './start.js';
export type { RequestHead, TracingOptions } from './config.js';
