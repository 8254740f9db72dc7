// Process plumbing shared by the tax benchmark and the profiler: app processes with a given
// telemetry setup, load phases (autocannon), peak RSS from /proc, SIGTERM timing.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { mainThreadCpuMs, peakRssMb as peakRss, processCpuMs } from '../../testkit/process/cpu.js';

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
  /** argv prefix that puts the app on its own core (testkit/process/cpu.ts). @default none */
  readonly serverPrefix?: readonly string[];
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
  const [program, ...args] = [
    ...(options.serverPrefix ?? []),
    process.execPath,
    ...(options.telemetry === undefined ? [] : ['--import', options.telemetry]),
    ...(options.execArgv ?? []),
    options.entry ?? here('./app.js'),
  ];
  const child = spawn(program ?? process.execPath, args, {
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

/** Peak resident set size (VmHWM) in MB. */
export function peakRssMb(app: App): number {
  return peakRss(app.child.pid ?? 0);
}

/**
 * CPU time used so far, in ms: the main (event-loop) thread and the whole process. CPU per request
 * is far less sensitive to other load on a shared machine than throughput is.
 */
export function cpuMs(app: App): { main: number; total: number } {
  const pid = app.child.pid ?? 0;
  return { main: mainThreadCpuMs(pid), total: processCpuMs(pid) };
}

/** Sampled spans the app ended, and of those the exporter delivered, after its final flush. */
export interface SpanTally {
  readonly ended: number;
  readonly exported: number;
}

/**
 * Sends SIGTERM; resolves with the milliseconds until the process is gone and the span tally the
 * app reports once its telemetry has flushed (bench/tax/telemetry.ts; zeros without telemetry).
 */
export async function sigterm(
  app: App,
  limitMs = 20_000,
): Promise<{ exitMs: number; spans: SpanTally }> {
  const started = performance.now();
  let spans: SpanTally = { ended: 0, exported: 0 };
  app.child.on('message', (msg: { type?: string; spans?: SpanTally }) => {
    if (msg.type === 'exiting' && msg.spans !== undefined) spans = msg.spans;
  });
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()));
  app.child.kill('SIGTERM');
  const timer = setTimeout(() => app.child.kill('SIGKILL'), limitMs);
  await exited;
  clearTimeout(timer);
  return { exitMs: performance.now() - started, spans };
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
