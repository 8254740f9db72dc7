import { isIP } from 'node:net';
import { z } from 'zod';
import {
  SHUTDOWN_DEFAULTS,
  TASK_SERVICE_HOSTS,
  TASK_SERVICE_PORT,
  type TaskServiceAppEnvName,
} from './contract.js';

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

/** Digits only: `1e3`, `0x10` and ` ` are typos, not numbers. */
const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max} (digits only)`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    )
    .default(fallback);

/**
 * One entry per variable of the contract's `TaskServiceAppEnv`, no more (the compiler checks both
 * ways); the tracing variables are read by `telemetry/config.ts`. Validated once at start.
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
} satisfies Record<TaskServiceAppEnvName, z.ZodType>;
const Env = z.object(ENV);

export type ServiceConfig = z.output<typeof Env>;

/** Parses the environment; throws one message naming every bad variable, its value and the fix. */
export function readServiceConfig(
  env: Readonly<Record<string, string | undefined>>,
): ServiceConfig {
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
