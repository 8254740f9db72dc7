/**
 * Telemetry settings from the environment. Pure (no OpenTelemetry imports): `register.ts` reads
 * it before deciding whether to load the SDK at all.
 */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

export interface TelemetryConfig {
  /** `OTEL_SDK_DISABLED=true`: no SDK, no loader hook, no instrumentation. */
  readonly disabled: boolean;
  readonly endpoint: string;
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly sampler: SamplerName;
  /** Ratio for the `*traceidratio` samplers. */
  readonly samplerRatio: number;
  readonly batch: {
    readonly maxQueueSize: number;
    readonly maxExportBatchSize: number;
    readonly scheduledDelayMillis: number;
    readonly exportTimeoutMillis: number;
  };
  /** Upper bound on `sdk.shutdown()` at SIGTERM. */
  readonly shutdownTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function number(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name}=${raw} is invalid; set a number from ${min} to ${max}, or unset it`);
  }
  return value;
}

/**
 * Defaults: OTLP gRPC to 127.0.0.1:4317 (not `localhost`, which can resolve to ::1 while the
 * sidecar listens on IPv4), and the production sampler: parent-based, 5 % of new root traces.
 * Standard `OTEL_*` names, so operators do not learn new ones.
 */
export function readTelemetryConfig(env: Env): TelemetryConfig {
  const sampler = (env['OTEL_TRACES_SAMPLER']?.trim() || 'parentbased_traceidratio') as SamplerName;
  if (!SAMPLERS.includes(sampler)) {
    throw new Error(
      `OTEL_TRACES_SAMPLER=${sampler} is not supported; use one of ${SAMPLERS.join(', ')}`,
    );
  }
  return {
    disabled: env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true',
    endpoint:
      env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim() ||
      env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() ||
      'http://127.0.0.1:4317',
    serviceName: env['OTEL_SERVICE_NAME']?.trim() || 'task-service',
    serviceVersion: env['SERVICE_VERSION']?.trim() || env['npm_package_version'] || '0.1.0',
    sampler,
    samplerRatio: number(env, 'OTEL_TRACES_SAMPLER_ARG', 0.05, 0, 1),
    batch: {
      maxQueueSize: number(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000),
      maxExportBatchSize: number(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000),
      scheduledDelayMillis: number(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000, 0, 60_000),
      exportTimeoutMillis: number(env, 'OTEL_BSP_EXPORT_TIMEOUT', 10_000, 1, 60_000),
    },
    shutdownTimeoutMs: number(env, 'OTEL_SHUTDOWN_TIMEOUT_MS', 5000, 0, 60_000),
  };
}
