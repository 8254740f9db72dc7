// Process plumbing shared by the tax benchmark and the profiler: app processes with a given
// telemetry setup, load phases (autocannon), peak RSS from /proc, SIGTERM timing.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function nextMessage<T extends { type: string }>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: T): void => {
      if (msg.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg);
    };
    const onExit = (code: number | null): void =>
      reject(new Error(`process exited (${code}) before sending ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export interface AppOptions {
  /** The `--import` module; undefined = no tracing at all. */
  readonly telemetry: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly execArgv?: readonly string[];
  /** The app entry. @default the reproduction app */
  readonly entry?: string;
}

export interface App {
  readonly child: ChildProcess;
  readonly url: string;
  readonly coldStartMs: number;
  /** stderr lines (the span pipeline's loss reports land here). */
  readonly stderr: string[];
}

/** Starts the app and waits for the first 200 from `probePath` (cold start = fork to that 200). */
export async function startApp(options: AppOptions, probePath = '/tasks/bench'): Promise<App> {
  const started = performance.now();
  const child = fork(options.entry ?? here('./app.js'), {
    execArgv: [
      ...(options.telemetry === undefined ? [] : ['--import', options.telemetry]),
      ...(options.execArgv ?? []),
    ],
    env: { ...process.env, PORT: '0', ...options.env },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  child.stderr
    ?.setEncoding('utf8')
    .on('data', (d: string) => stderr.push(...d.split('\n').filter((l) => l !== '')));
  const { port } = await nextMessage<{ type: string; port: number }>(child, 'listening');
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 2000; i++) {
    const res = await fetch(`${url}${probePath}`).catch(() => undefined);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  return { child, url, coldStartMs: performance.now() - started, stderr };
}

/** Sampled spans ended so far, as counted inside the app (bench/tax/telemetry.ts). */
export async function spansEnded(app: App): Promise<number> {
  const stats = nextMessage<{ type: string; ended: number }>(app.child, 'stats');
  app.child.send({ type: 'stats' });
  return (await stats).ended;
}

/** Peak resident set size (VmHWM) in MB. */
export function peakRssMb(app: App): number {
  const status = readFileSync(`/proc/${app.child.pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticks(statFile: string): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU time used so far, in ms: the main (event-loop) thread and the whole process. CPU per request
 * is far less sensitive to other load on a shared machine than throughput is.
 */
export function cpuMs(app: App): { main: number; total: number } {
  const pid = app.child.pid ?? 0;
  return {
    main: ticks(`/proc/${pid}/task/${pid}/stat`) * TICK_MS,
    total: ticks(`/proc/${pid}/stat`) * TICK_MS,
  };
}

/** Sends SIGTERM and resolves with the milliseconds until the process is gone. */
export async function sigterm(app: App, limitMs = 20_000): Promise<number> {
  const started = performance.now();
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), limitMs);
  await exited;
  clearTimeout(timer);
  return performance.now() - started;
}

export interface LoadResult {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** Requests completed. */
  readonly total: number;
}

const POST_BODY = JSON.stringify({ title: 'benchmark task' });

/** Alternating GET /tasks/bench and POST /tasks on every connection. */
export async function load(
  url: string,
  seconds: number,
  rate?: number,
  connections = 50,
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    ...(rate === undefined ? {} : { overallRate: rate }),
    requests: [
      { method: 'GET', path: '/tasks/bench' },
      {
        method: 'POST',
        path: '/tasks',
        headers: { 'content-type': 'application/json' },
        body: POST_BODY,
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    total: result.requests.total,
  };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
