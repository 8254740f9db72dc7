/**
 * Telemetry settings from the environment. Pure (no OpenTelemetry imports): `register.ts` reads
 * it before deciding whether to load the SDK at all.
 */
export type SamplerName =
  | 'parentbased_xray_rule'
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio';

const SAMPLERS: readonly SamplerName[] = [
  'parentbased_xray_rule',
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
  /** Ratio for the `*traceidratio` and `parentbased_xray_rule` samplers. */
  readonly samplerRatio: number;
  /** New traces per second sampled before the ratio applies (`parentbased_xray_rule`). */
  readonly samplerReservoirPerSecond: number;
  /**
   * `TASK_SERVICE_TRACING_PROFILE`. `tuned`: own server spans, counted span pipeline, no ESM
   * loader hook, X-Ray-rule sampler (issue 6). `upstream`: the issue 3 setup (http + express
   * instrumentations, BatchSpanProcessor, loader hook on every module). See DEFAULT_PROFILE.
   */
  readonly profile: TracingProfile;
  /** Serialize and send spans on a worker thread (`TASK_SERVICE_EXPORT_WORKER=true`). */
  readonly exportOnWorker: boolean;
  readonly batch: {
    readonly maxQueueSize: number;
    readonly maxExportBatchSize: number;
    readonly scheduledDelayMillis: number;
    readonly exportTimeoutMillis: number;
    readonly maxConcurrentExports: number;
  };
  /** Upper bound on `sdk.shutdown()` at SIGTERM. */
  readonly shutdownTimeoutMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export type TracingProfile = 'tuned' | 'upstream';

/**
 * `tuned` keeps what the X-Ray map needs (one server span per request with method, route and
 * status; business spans; DynamoDB client spans) at about half the upstream setup's cost
 * (README, Benchmarks). `upstream` stays selectable for comparison and as a fallback.
 */
export const DEFAULT_PROFILE: TracingProfile = 'tuned';

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
  const profile = env['TASK_SERVICE_TRACING_PROFILE']?.trim() || DEFAULT_PROFILE;
  if (profile !== 'tuned' && profile !== 'upstream') {
    throw new Error(
      `TASK_SERVICE_TRACING_PROFILE=${profile} is not supported; use tuned or upstream, or unset it (${DEFAULT_PROFILE})`,
    );
  }
  const tuned = profile === 'tuned';
  const sampler = (env['OTEL_TRACES_SAMPLER']?.trim() ||
    (tuned ? 'parentbased_xray_rule' : 'parentbased_traceidratio')) as SamplerName;
  if (!SAMPLERS.includes(sampler)) {
    throw new Error(
      `OTEL_TRACES_SAMPLER=${sampler} is not supported; use one of ${SAMPLERS.join(', ')}`,
    );
  }
  const worker = env['TASK_SERVICE_EXPORT_WORKER']?.trim().toLowerCase() || 'false';
  if (worker !== 'true' && worker !== 'false') {
    throw new Error(
      `TASK_SERVICE_EXPORT_WORKER=${worker} is invalid; use true or false, or unset it`,
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
    samplerReservoirPerSecond: Math.floor(
      number(env, 'OTEL_TRACES_SAMPLER_RESERVOIR', 1, 0, 1_000_000),
    ),
    profile,
    exportOnWorker: worker === 'true',
    batch: {
      // Tuned: 8192 spans (a few seconds of sample-all traffic at the measured peak) instead of
      // the SDK's 2048, which overflowed at saturation (issue 6).
      maxQueueSize: number(env, 'OTEL_BSP_MAX_QUEUE_SIZE', tuned ? 8192 : 2048, 1, 1_000_000),
      maxExportBatchSize: number(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000),
      scheduledDelayMillis: number(env, 'OTEL_BSP_SCHEDULE_DELAY', 1000, 0, 60_000),
      exportTimeoutMillis: number(env, 'OTEL_BSP_EXPORT_TIMEOUT', 10_000, 1, 60_000),
      maxConcurrentExports: Math.floor(number(env, 'OTEL_BSP_MAX_CONCURRENT_EXPORTS', 2, 1, 64)),
    },
    shutdownTimeoutMs: number(env, 'OTEL_SHUTDOWN_TIMEOUT_MS', 5000, 0, 60_000),
  };
}
