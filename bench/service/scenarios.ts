/**
 * What the benchmark compares: each storage backend under each tracing mode. A perf experiment
 * adds a mode here (extra env on top of the base) and the harness runs and reports it.
 */
export type Store = 'memory' | 'dynamodb';

export interface TracingMode {
  /** Column label. */
  readonly name: string;
  /** Environment on top of the base; tracing "off" must be first (ratios are against it). */
  readonly env: Readonly<Record<string, string>>;
}

export const TRACING_MODES: readonly TracingMode[] = [
  { name: 'off', env: { OTEL_SDK_DISABLED: 'true' } },
  // Before issue 6: the issue 3 setup (http + express instrumentations, BatchSpanProcessor).
  {
    name: 'upstream-sample-all',
    env: { TASK_SERVICE_TRACING_PROFILE: 'upstream', OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  },
  // After: own server spans, counted span pipeline, no loader hook.
  {
    name: 'tuned-sample-all',
    env: { TASK_SERVICE_TRACING_PROFILE: 'tuned', OTEL_TRACES_SAMPLER: 'parentbased_always_on' },
  },
  // The production sampler: parent-based, 1 new trace/s + 5 % (X-Ray's default rule).
  {
    name: 'tuned-production',
    env: { TASK_SERVICE_TRACING_PROFILE: 'tuned', OTEL_TRACES_SAMPLER: 'parentbased_xray_rule' },
  },
];

export const STORES: readonly Store[] = ['memory', 'dynamodb'];

export interface BenchSettings {
  /** Seconds of warm-up load before measuring. */
  readonly warmupSeconds: number;
  /** Seconds at saturation (as fast as `connections` allow). */
  readonly saturationSeconds: number;
  readonly connections: number;
  /** Seconds at the fixed rate, for latency percentiles. */
  readonly fixedRateSeconds: number;
  /** Fixed rate as a fraction of the tracing-off saturation rate of the same store (issue 6). */
  readonly fixedRateFraction: number;
}

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** Defaults keep the whole run (8 services + the collector-down check) under 5 minutes. */
export function readSettings(): BenchSettings {
  return {
    warmupSeconds: num('BENCH_WARMUP_S', 2),
    saturationSeconds: num('BENCH_SATURATION_S', 6),
    connections: num('BENCH_CONNECTIONS', 32),
    fixedRateSeconds: num('BENCH_FIXED_RATE_S', 6),
    fixedRateFraction: num('BENCH_FIXED_RATE_FRACTION', 0.5),
  };
}
