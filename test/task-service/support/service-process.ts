import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const REGISTER_JS = './build/apps/task-service/src/telemetry/register.js';
export const MAIN_JS = 'build/apps/task-service/src/main.js';

const LOCK = join(REPO_ROOT, 'build', '.task-service-build.lock');

/**
 * `npm run task-service:build` (tsc of the service only, into build/), once at a time: test files
 * run in parallel workers and two tsc runs writing the same files could expose a half-written one.
 */
export async function buildService(): Promise<void> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else builds; a lock older than 3 minutes is left over from a killed run.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true });
      } catch {
        // Removed meanwhile.
      }
      if (Date.now() > deadline) throw new Error(`build lock ${LOCK} held for too long`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'apps/task-service/tsconfig.build.json',
      ],
      { cwd: REPO_ROOT },
    ).catch((error: { code?: unknown; stdout?: unknown }) => {
      // Exit 2: type errors, JS emitted anyway. Those are `npm run typecheck`'s to report; these
      // tests check behaviour. Anything else (exit 1: nothing emitted) is fatal.
      if (error.code !== 2) throw error;
      console.warn(`tsc reported type errors (output emitted):\n${String(error.stdout)}`);
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface LogLine {
  readonly msg?: string;
  readonly [key: string]: unknown;
}

export interface ServiceProcess {
  readonly baseUrl: string;
  readonly child: ChildProcess;
  /** Parsed JSON log lines so far (stdout and stderr). */
  readonly logs: readonly LogLine[];
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the built service exactly as production does (`node --import register.js main.js`, or
 * the given `command`) on port 0, and waits for its "listening" log line.
 */
export async function startServiceProcess(
  env: Record<string, string>,
  command: readonly string[] = ['node', '--import', REGISTER_JS, MAIN_JS],
): Promise<ServiceProcess> {
  const [program, ...args] = command;
  const child = spawn(program === 'node' ? process.execPath : (program ?? 'node'), args, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: '0',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const raw: string[] = [];
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const port = new Promise<number>((done, fail) => {
    const onLine = (line: string): void => {
      raw.push(line);
      try {
        const parsed = JSON.parse(line) as LogLine;
        logs.push(parsed);
        if (parsed.msg === 'listening') done(Number(parsed['port']));
      } catch {
        // Not a log line (a stack trace); kept in `raw` for the failure message.
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.filter((l) => l.trim() !== '').forEach(onLine);
      });
    }
    void exited.then((code) =>
      fail(new Error(`service exited (${code}) before listening:\n${raw.join('\n')}`)),
    );
    setTimeout(
      () => fail(new Error(`service not listening after 30 s:\n${raw.join('\n')}`)),
      30_000,
    ).unref();
  });
  const listeningOn = await port;
  return {
    baseUrl: `http://127.0.0.1:${listeningOn}`,
    child,
    logs,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
