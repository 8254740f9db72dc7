import { z } from 'zod';

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

const integer = (name: string, fallback: number, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be an integer` })
    .int(`${name} must be an integer`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback);

/** The environment contract of the task service (see DESIGN.md); validated once at start. */
const Env = z.object({
  PORT: integer('PORT', 8080, 0, 65_535),
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
  SHUTDOWN_DRAIN_TIMEOUT_MS: integer('SHUTDOWN_DRAIN_TIMEOUT_MS', 10_000, 0, 120_000),
  OTEL_SHUTDOWN_TIMEOUT_MS: integer('OTEL_SHUTDOWN_TIMEOUT_MS', 5000, 0, 60_000),
});

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
