// The built task service in a child process, started exactly as production starts it, on a free
// port, ready once it logs "listening".
import { startChild, type Child } from '../process/child.js';
import { REPO_ROOT, TASK_SERVICE_COMMAND } from './paths.js';

export interface LogLine {
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface ServiceProcess {
  readonly baseUrl: string;
  readonly child: Child;
  /** Parsed JSON log lines so far (stdout and stderr). */
  readonly logs: readonly LogLine[];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM (SIGKILL after 20 s) and waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface ServiceProcessOptions {
  /** argv, run from the repo root. @default TASK_SERVICE_COMMAND */
  readonly command?: readonly string[];
  /** How long to wait for the "listening" log line. @default 30000 */
  readonly readyTimeoutMs?: number;
}

function parseLog(line: string): LogLine | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : undefined;
  } catch {
    return undefined; // Not a log line (a stack trace): it stays in the tail for error messages.
  }
}

/**
 * Starts the service on port 0 with `env` over a minimal base (dummy AWS credentials, so the SDK
 * never looks for real ones) and waits for its "listening" log line.
 */
export async function startServiceProcess(
  env: Readonly<Record<string, string>>,
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const [program, ...args] = options.command ?? TASK_SERVICE_COMMAND;
  const logs: LogLine[] = [];
  const child = startChild({
    name: 'task-service',
    command: program === 'node' ? process.execPath : (program ?? process.execPath),
    args,
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: '0',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...env,
    },
    detached: false,
    tailLines: 80,
    onLine: (line) => {
      const parsed = parseLog(line);
      if (parsed !== undefined) logs.push(parsed);
    },
  });
  const exited = child.exited.then((exit) => exit.code);
  const listening = await child
    .waitForLine((line) => parseLog(line)?.msg === 'listening', {
      what: 'the "listening" log line',
      timeoutMs: options.readyTimeoutMs ?? 30_000,
    })
    .catch(async (error: unknown) => {
      await child.stop(1000);
      throw error;
    });
  const port = Number(parseLog(listening)?.['port']);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    logs,
    exited,
    stop: async () => (await child.stop(20_000)).code,
  };
}
