import { isIP } from 'node:net';
import { z } from 'zod';
import {
  SHUTDOWN_DEFAULTS,
  SIDECAR_ENDPOINTS,
  TASK_SERVICE_HOSTS,
  TASK_SERVICE_NAME,
  TASK_SERVICE_PORT,
  type TaskServiceEnv,
  type TaskServiceEnvName,
} from './contract.js';
import { SAMPLER_NAMES, TRACING_PROFILES, type TelemetryConfig } from './telemetry/index.js';

/** Exactly `scheme://host[:port]`: what browsers send in `Origin`. */
const origin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.origin === value && (url.protocol === 'http:' || url.protocol === 'https:');
    } catch {
      return false;
    }
  },
  {
    message:
      'must be an exact origin like https://tasks.example.com (no path, no *, no trailing /)',
  },
);

/** Digits only (a `.` too when `decimal`): `1e3`, `0x10` and ` ` are typos, not numbers. */
const numeric = (name: string, min: number, max: number, decimal = false) =>
  z
    .string()
    .trim()
    .regex(
      decimal ? /^\d{1,9}(\.\d{1,9})?$/ : /^\d{1,9}$/,
      `${name} must be a ${decimal ? 'number' : 'whole number'} from ${min} to ${max} (digits only)`,
    )
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );
const integer = (name: string, fallback: number, min: number, max: number) =>
  numeric(name, min, max).default(fallback);
const url = (name: string, example: string) =>
  z.url({ error: `${name} must be a URL like ${example}` });
const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(values, { error: `${name} must be one of ${values.join(', ')}` }));
const flag = (name: string) => oneOf(name, ['true', 'false']).transform((v) => v === 'true');

/**
 * One entry per variable of the contract's `TaskServiceEnv` (the app's and the tracing ones), no
 * more (the compiler checks both ways). Read once per process (`serviceConfig`), by the tracing
 * bootstrap first. Defaults that depend on another variable (the tracing profile) are applied
 * after parsing, in `telemetryConfig`.
 */
const ENV = {
  PORT: integer('PORT', TASK_SERVICE_PORT, 0, 65_535),
  HOST: z
    .string()
    .trim()
    .refine((value) => isIP(value) !== 0, {
      message: `must be an IP address: ${TASK_SERVICE_HOSTS.default} (this machine only) or ${TASK_SERVICE_HOSTS.container} (every interface, as in a container)`,
    })
    .default(TASK_SERVICE_HOSTS.default),
  TASKS_TABLE: z.string().trim().min(1).default('tasks'),
  AWS_REGION: z.string().trim().min(1).optional(),
  DYNAMODB_ENDPOINT: z
    .url({ error: 'DYNAMODB_ENDPOINT must be a URL like http://127.0.0.1:8000' })
    .optional(),
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(origin)),
  TASKS_STORE: z
    .enum(['dynamodb', 'memory'], { error: 'TASKS_STORE must be dynamodb or memory' })
    .default('dynamodb'),
  DYNAMODB_MAX_ATTEMPTS: integer('DYNAMODB_MAX_ATTEMPTS', 3, 1, 10),
  DYNAMODB_REQUEST_TIMEOUT_MS: integer('DYNAMODB_REQUEST_TIMEOUT_MS', 3000, 100, 60_000),
  SHUTDOWN_DRAIN_TIMEOUT_MS: integer(
    'SHUTDOWN_DRAIN_TIMEOUT_MS',
    SHUTDOWN_DEFAULTS.drainTimeoutMs,
    0,
    120_000,
  ),
  OTEL_SHUTDOWN_TIMEOUT_MS: integer(
    'OTEL_SHUTDOWN_TIMEOUT_MS',
    SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs,
    0,
    60_000,
  ),
  OTEL_SDK_DISABLED: flag('OTEL_SDK_DISABLED').default(false),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default(TASK_SERVICE_NAME),
  SERVICE_VERSION: z.string().trim().min(1).default('0.1.0'),
  // Not `localhost`: it can resolve to ::1 while the sidecar listens on IPv4.
  OTEL_EXPORTER_OTLP_ENDPOINT: url('OTEL_EXPORTER_OTLP_ENDPOINT', 'http://127.0.0.1:4317').default(
    `http://${SIDECAR_ENDPOINTS.otlpGrpc}`,
  ),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url(
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'http://127.0.0.1:4317',
  ).optional(),
  // Parsed by the SDK's environment detector (k=v,k=v); the chart fills it from the downward API.
  OTEL_RESOURCE_ATTRIBUTES: z.string().optional(),
  OTEL_TRACES_SAMPLER: oneOf('OTEL_TRACES_SAMPLER', SAMPLER_NAMES).optional(),
  XRAY_SAMPLING_ENDPOINT: url('XRAY_SAMPLING_ENDPOINT', 'http://127.0.0.1:2000').default(
    `http://${SIDECAR_ENDPOINTS.xraySamplingProxy}`,
  ),
  OTEL_TRACES_SAMPLER_ARG: numeric('OTEL_TRACES_SAMPLER_ARG', 0, 1, true).default(0.05),
  OTEL_TRACES_SAMPLER_RESERVOIR: integer('OTEL_TRACES_SAMPLER_RESERVOIR', 1, 0, 1_000_000),
  TASK_SERVICE_TRACING_PROFILE: oneOf('TASK_SERVICE_TRACING_PROFILE', TRACING_PROFILES).default(
    'tuned',
  ),
  TASK_SERVICE_EXPORT_WORKER: flag('TASK_SERVICE_EXPORT_WORKER').default(false),
  OTEL_BSP_MAX_QUEUE_SIZE: numeric('OTEL_BSP_MAX_QUEUE_SIZE', 1, 1_000_000).optional(),
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: integer('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000),
  OTEL_BSP_SCHEDULE_DELAY: integer('OTEL_BSP_SCHEDULE_DELAY', 1000, 0, 60_000),
  OTEL_BSP_EXPORT_TIMEOUT: integer('OTEL_BSP_EXPORT_TIMEOUT', 10_000, 1, 60_000),
  OTEL_BSP_MAX_CONCURRENT_EXPORTS: integer('OTEL_BSP_MAX_CONCURRENT_EXPORTS', 2, 1, 64),
  // The service sends traces only: its metrics and logs exporters stay off whatever these say.
  OTEL_METRICS_EXPORTER: oneOf('OTEL_METRICS_EXPORTER', ['none']).optional(),
  OTEL_LOGS_EXPORTER: oneOf('OTEL_LOGS_EXPORTER', ['none']).optional(),
} satisfies Record<TaskServiceEnvName, z.ZodType>;
const Env = z.object(ENV);

/** Every variable the service reads, as a list (docs and tests check against it). */
export const ENV_NAMES = Object.keys(ENV) as readonly TaskServiceEnvName[];

export type ServiceConfig = z.output<typeof Env>;

/** Parses the environment; throws one message naming every bad variable, its value and the fix. */
export function readServiceConfig(
  environment: TaskServiceEnv | Readonly<Record<string, string | undefined>>,
): ServiceConfig {
  const env = environment as Readonly<Record<string, string | undefined>>;
  // Empty strings mean "unset" (how Kubernetes renders an optional value).
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = Env.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
  });
  throw new Error(`invalid configuration: ${problems.join('; ')}`);
}

const parsed = new WeakMap<object, ServiceConfig>();

/**
 * The configuration of this process, parsed once: the tracing bootstrap (`register.ts`) and
 * `main.ts` both ask, and the second gets the first's result.
 */
export function serviceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  let config = parsed.get(env);
  if (config === undefined) {
    config = readServiceConfig(env);
    parsed.set(env, config);
  }
  return config;
}

/** What tracing needs from the configuration. */
export function telemetryConfig(config: ServiceConfig): TelemetryConfig {
  const tuned = config.TASK_SERVICE_TRACING_PROFILE === 'tuned';
  return {
    disabled: config.OTEL_SDK_DISABLED,
    endpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.OTEL_SERVICE_NAME,
    serviceVersion: config.SERVICE_VERSION,
    sampler:
      config.OTEL_TRACES_SAMPLER ?? (tuned ? 'parentbased_xray_rule' : 'parentbased_traceidratio'),
    samplerRatio: config.OTEL_TRACES_SAMPLER_ARG,
    samplerReservoirPerSecond: config.OTEL_TRACES_SAMPLER_RESERVOIR,
    samplingEndpoint: config.XRAY_SAMPLING_ENDPOINT,
    profile: config.TASK_SERVICE_TRACING_PROFILE,
    exportOnWorker: config.TASK_SERVICE_EXPORT_WORKER,
    batch: {
      // Tuned: 8192 spans, a few seconds of sample-all traffic at the measured peak; the SDK's
      // 2048 overflowed at saturation with about 3 spans per request.
      maxQueueSize: config.OTEL_BSP_MAX_QUEUE_SIZE ?? (tuned ? 8192 : 2048),
      maxExportBatchSize: config.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
      scheduledDelayMillis: config.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: config.OTEL_BSP_EXPORT_TIMEOUT,
      maxConcurrentExports: config.OTEL_BSP_MAX_CONCURRENT_EXPORTS,
    },
    shutdownTimeoutMs: config.OTEL_SHUTDOWN_TIMEOUT_MS,
  };
}
