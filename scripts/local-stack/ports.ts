// Ports of the local stack: documented defaults, overridable by environment variables.
// Port 0 means "any free port" (what the end-to-end test uses).
import { TASK_SERVICE_PORT } from '../../apps/task-service/src/contract.js';
import { PREVIEW_DEFAULT_PORTS } from '../../apps/xray-preview/src/contract.js';

export interface StackPorts {
  /** dynalite, the local DynamoDB. */
  readonly dynamodb: number;
  readonly taskService: number;
  readonly taskWeb: number;
  /** xray-preview OTLP gRPC receiver (the task service exports here). */
  readonly previewGrpc: number;
  /** xray-preview OTLP/HTTP receiver (the browser exports to /v1/traces here). */
  readonly previewHttp: number;
  /** xray-preview query API and UI. */
  readonly previewApi: number;
}

/** Environment variable and default for each port; the README table is generated from the same facts. */
export const PORT_SETTINGS: readonly {
  readonly key: keyof StackPorts;
  readonly env: string;
  readonly fallback: number;
  readonly what: string;
}[] = [
  { key: 'dynamodb', env: 'DYNAMODB_PORT', fallback: 8000, what: 'dynalite (DynamoDB API)' },
  {
    key: 'taskService',
    env: 'TASK_SERVICE_PORT',
    fallback: TASK_SERVICE_PORT,
    what: 'task service REST API',
  },
  { key: 'taskWeb', env: 'TASK_WEB_PORT', fallback: 5173, what: 'task-web (browser app)' },
  {
    key: 'previewGrpc',
    env: 'XRAY_PREVIEW_GRPC_PORT',
    fallback: PREVIEW_DEFAULT_PORTS.grpc,
    what: 'xray-preview OTLP gRPC',
  },
  {
    key: 'previewHttp',
    env: 'XRAY_PREVIEW_HTTP_PORT',
    fallback: PREVIEW_DEFAULT_PORTS.http,
    what: 'xray-preview OTLP/HTTP',
  },
  {
    key: 'previewApi',
    env: 'XRAY_PREVIEW_PORT',
    fallback: PREVIEW_DEFAULT_PORTS.api,
    what: 'xray-preview query API + UI',
  },
];

export const DEFAULT_PORTS: StackPorts = Object.fromEntries(
  PORT_SETTINGS.map((s) => [s.key, s.fallback]),
) as unknown as StackPorts;

/** Every component on a free port: for tests that run next to each other. */
export const ANY_FREE_PORTS: StackPorts = Object.fromEntries(
  PORT_SETTINGS.map((s) => [s.key, 0]),
) as unknown as StackPorts;

export function parsePort(name: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(
      `${name}=${JSON.stringify(raw)} is not a port; use an integer from 0 to 65535 (0 = any free port).`,
    );
  }
  return value;
}

/** Reads the ports from `env`; unset or empty variables keep their defaults. */
export function portsFromEnv(env: Readonly<Record<string, string | undefined>>): StackPorts {
  const ports: Record<string, number> = {};
  for (const setting of PORT_SETTINGS) {
    const raw = env[setting.env];
    ports[setting.key] =
      raw === undefined || raw.trim() === '' ? setting.fallback : parsePort(setting.env, raw);
  }
  const result = ports as unknown as StackPorts;
  assertDistinct(result);
  return result;
}

/** Two components on one fixed port would fail late with EADDRINUSE; say which ones now. */
export function assertDistinct(ports: StackPorts): void {
  const seen = new Map<number, string>();
  for (const setting of PORT_SETTINGS) {
    const port = ports[setting.key];
    if (port === 0) continue;
    const other = seen.get(port);
    if (other !== undefined) {
      throw new Error(
        `${setting.env} and ${other} are both ${port}; give each component its own port.`,
      );
    }
    seen.set(port, setting.env);
  }
}

/** Rewrites EADDRINUSE into a message naming the port's variable and the fix. */
export function explainPortError(
  error: unknown,
  keys: readonly (keyof StackPorts)[],
  ports: StackPorts,
): unknown {
  const text = error instanceof Error ? error.message : String(error);
  if (!text.includes('EADDRINUSE')) return error;
  const names = PORT_SETTINGS.filter((s) => keys.includes(s.key))
    .map((s) => `${s.env}=${ports[s.key]}`)
    .join(' or ');
  return new Error(
    `A port is already in use (${names}): ${text}. Stop whatever holds it (another npm start?) ` +
      'or choose other ports, e.g. `TASK_WEB_PORT=5174 npm start`.',
    { cause: error },
  );
}
