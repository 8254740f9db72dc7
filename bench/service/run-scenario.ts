import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startServiceProcess, type ServiceProcess } from '../../testkit/task-service/process.js';
import { startReceiverProcess, type ReceiverProcess } from '../../testkit/otlp/receiver-process.js';
import { mainThreadCpuMs } from './cpu.js';
import { runLoad, type LoadResult } from './load.js';
import type { BenchSettings, Store, TracingMode } from './scenarios.js';

/** One service process (one store, one tracing mode) with its own discarding receiver. */
export interface RunningScenario {
  readonly store: Store;
  readonly mode: TracingMode;
  readonly service: ServiceProcess;
  readonly collector: ReceiverProcess;
  readonly coldStartMs: number;
  /** A task the load's GET requests read. */
  readonly readId: string;
}

export interface ScenarioResult {
  readonly store: Store;
  readonly mode: string;
  readonly saturationRps: number;
  readonly fixedRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Event-loop thread CPU per request at the fixed rate, in microseconds. */
  readonly cpuUsPerRequest: number;
  readonly failures: number;
  readonly peakRssMb: number;
  readonly coldStartMs: number;
  readonly sigtermToExitMs: number;
  /** From the service's "telemetry shutdown" log line. */
  readonly spansEnded: number;
  /** The service's own count: ended - exported - failed (dropped by the processor or failed). */
  readonly spansNotExported: number;
  /** Of those, spans that ended after the processor shut down (work that outlived the drain). */
  readonly spansEndedAfterShutdown: number;
  /** Counted by the discarding receiver. */
  readonly spansReceived: number;
}

/** Peak resident set size of a process (Linux: VmHWM), in MiB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Starts the service and measures cold start: spawn to the first 201 of a real API call. */
export async function startScenario(
  store: Store,
  mode: TracingMode,
  dynamodbEndpoint: string,
): Promise<RunningScenario> {
  const collector = await startReceiverProcess({ mode: 'count' });
  const started = performance.now();
  const service = await startServiceProcess({
    TASKS_STORE: store,
    ...(store === 'dynamodb' && {
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      TASKS_TABLE: `bench-${mode.name}-${Date.now()}`,
    }),
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    ...mode.env,
  });
  const seed = await fetch(`${service.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"title":"seed"}',
  });
  const coldStartMs = performance.now() - started;
  if (seed.status !== 201)
    throw new Error(`seed request failed: ${seed.status} ${await seed.text()}`);
  const readId = ((await seed.json()) as { id: string }).id;
  return { store, mode, service, collector, coldStartMs, readId };
}

const loadOf = (run: RunningScenario, settings: BenchSettings) => ({
  baseUrl: run.service.baseUrl,
  readId: run.readId,
  connections: settings.connections,
});

/** Warm-up, then as fast as the connections allow. */
export async function measureSaturation(
  run: RunningScenario,
  settings: BenchSettings,
): Promise<LoadResult> {
  await runLoad({ ...loadOf(run, settings), seconds: settings.warmupSeconds });
  return runLoad({ ...loadOf(run, settings), seconds: settings.saturationSeconds });
}

export interface FixedRateResult extends LoadResult {
  readonly cpuUsPerRequest: number;
}

/** Latency and CPU per request at a fixed rate (half of tracing off's saturation by default). */
export async function measureFixedRate(
  run: RunningScenario,
  settings: BenchSettings,
  rate: number,
): Promise<FixedRateResult> {
  const pid = run.service.child.pid as number;
  const cpuBefore = mainThreadCpuMs(pid);
  const result = await runLoad({
    ...loadOf(run, settings),
    connections: Math.min(settings.connections, 10),
    seconds: settings.fixedRateSeconds,
    rate,
  });
  const cpuUsPerRequest = (1000 * (mainThreadCpuMs(pid) - cpuBefore)) / Math.max(1, result.total);
  return { ...result, cpuUsPerRequest };
}

interface ShutdownLine {
  spans?: { ended?: number; notExported?: number; endedAfterShutdown?: number };
}

/** Reads peak RSS, sends SIGTERM, times the exit, and collects the span counts. */
export async function finishScenario(
  run: RunningScenario,
  saturation: LoadResult,
  steady: FixedRateResult,
  fixedRate: number,
): Promise<ScenarioResult> {
  const rss = peakRssMb(run.service.child.pid as number);
  const stopping = performance.now();
  const code = await run.service.stop();
  const sigtermToExitMs = performance.now() - stopping;
  if (code !== 0) throw new Error(`${run.store}/${run.mode.name} exited with ${code}`);
  const shutdown = run.service.logs.find((l) => l.msg === 'telemetry shutdown') as
    ShutdownLine | undefined;
  const spansReceived = await run.collector.spanCount();
  await run.collector.close();
  return {
    store: run.store,
    mode: run.mode.name,
    saturationRps: saturation.requestsPerSecond,
    fixedRate,
    p50Ms: steady.p50Ms,
    p99Ms: steady.p99Ms,
    cpuUsPerRequest: steady.cpuUsPerRequest,
    failures: saturation.failures + steady.failures,
    peakRssMb: rss,
    coldStartMs: run.coldStartMs,
    sigtermToExitMs,
    spansEnded: shutdown?.spans?.ended ?? 0,
    spansNotExported: shutdown?.spans?.notExported ?? 0,
    spansEndedAfterShutdown: shutdown?.spans?.endedAfterShutdown ?? 0,
    spansReceived,
  };
}
