import { performance } from 'node:perf_hooks';
import { startReceiverProcess, type ReceiverProcess } from '../../testkit/otlp/receiver-process.js';
import type { ReceiverMode } from '../../testkit/otlp/receiver.js';
import { mainThreadCpuMs, processCpuMs } from '../../testkit/process/cpu.js';
import { TASK_SERVICE_MAIN, TASK_SERVICE_REGISTER } from '../../testkit/task-service/paths.js';
import { startServiceProcess, type ServiceProcess } from '../../testkit/task-service/process.js';
import { runLoad, type LoadResult } from './load.js';
import type { BenchSettings, TracingMode } from './scenarios.js';

/** What every service process of a run shares. */
export interface RunContext {
  readonly settings: BenchSettings;
  /**
   * argv prefix that starts a server as the pod runs it: on its own core (when pinned) and under
   * the pod's memory limit (when limited). `name` tells the servers of a run apart.
   */
  readonly serverPrefix: (name: string) => readonly string[];
  /** Environment every server gets before its mode's own (the pod's NODE_OPTIONS). */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly dynamodbEndpoint: string | undefined;
  /** X-Ray sampling API for the remote-sampling mode. */
  readonly samplingEndpoint: string;
}

/** One service process with its own OTLP receiver process. */
export interface RunningService {
  readonly mode: TracingMode;
  readonly service: ServiceProcess;
  readonly collector: ReceiverProcess;
  /** Spawn to the first 201 of a real API call. */
  readonly coldStartMs: number;
  /** A task the load's GET requests read. */
  readonly readId: string;
}

/** A service process started from the build, with the task its GET load reads. */
export interface SeededService {
  readonly service: ServiceProcess;
  readonly readId: string;
  /** Spawn to the first 201 of a real API call. */
  readonly coldStartMs: number;
}

/**
 * Starts the built service with `prefix` (pinning, memory limit) and `nodeFlags` before its
 * entry point, then creates the task the load reads; that first 201 ends the cold start.
 */
export async function startSeeded(
  env: Readonly<Record<string, string>>,
  prefix: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<SeededService> {
  const started = performance.now();
  const service = await startServiceProcess(env, {
    command: [
      ...prefix,
      process.execPath,
      ...nodeFlags,
      '--import',
      `./${TASK_SERVICE_REGISTER}`,
      TASK_SERVICE_MAIN,
    ],
  });
  const seed = await fetch(`${service.baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"title":"seed"}',
  });
  const coldStartMs = performance.now() - started;
  if (seed.status !== 201) {
    service.child.signal('SIGKILL');
    throw new Error(`seed request failed: ${seed.status} ${await seed.text()}`);
  }
  const readId = ((await seed.json()) as { id: string }).id;
  return { service, readId, coldStartMs };
}

/** Starts the service (pinned when the run is) and measures cold start. */
export async function startService(
  mode: TracingMode,
  context: RunContext,
  receiverMode: ReceiverMode,
): Promise<RunningService> {
  const collector = await startReceiverProcess({ mode: receiverMode });
  const { service, readId, coldStartMs } = await startSeeded(
    {
      TASKS_STORE: context.settings.store,
      ...(context.settings.store === 'dynamodb' &&
        context.dynamodbEndpoint !== undefined && {
          DYNAMODB_ENDPOINT: context.dynamodbEndpoint,
          TASKS_TABLE: `bench-${mode.name}-${Date.now()}`,
        }),
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      ...(mode.remoteSampling === true && { XRAY_SAMPLING_ENDPOINT: context.samplingEndpoint }),
      ...context.baseEnv,
      ...mode.env,
    },
    context.serverPrefix(mode.name),
  ).catch((err: unknown) => {
    throw new Error(`${mode.name}: ${err instanceof Error ? err.message : String(err)}`);
  });
  return { mode, service, collector, coldStartMs, readId };
}

export interface SaturationSample {
  readonly requestsPerSecond: number;
  /** Server CPU (all threads) per request answered, µs. */
  readonly cpuUsPerRequest: number;
  /** Of which the main thread (event loop), µs. */
  readonly mainUsPerRequest: number;
  readonly failures: number;
}

export const pidOf = (run: RunningService): number => {
  const pid = run.service.child.pid;
  if (pid === undefined) throw new Error(`${run.mode.name}: the service has no pid`);
  return pid;
};

/** Warm-up, then as fast as the connections allow, with the server's CPU over that window. */
export async function measureSaturation(
  run: RunningService,
  settings: BenchSettings,
  warmupSeconds = settings.warmupSeconds,
): Promise<SaturationSample> {
  const load = {
    baseUrl: run.service.baseUrl,
    readId: run.readId,
    mix: settings.mix,
    connections: settings.connections,
  };
  await runLoad({ ...load, seconds: warmupSeconds });
  const pid = pidOf(run);
  const cpu0 = processCpuMs(pid);
  const main0 = mainThreadCpuMs(pid);
  const result = await runLoad({ ...load, seconds: settings.saturationSeconds });
  const served = Math.max(1, result.total);
  return {
    requestsPerSecond: result.requestsPerSecond,
    cpuUsPerRequest: (1000 * (processCpuMs(pid) - cpu0)) / served,
    mainUsPerRequest: (1000 * (mainThreadCpuMs(pid) - main0)) / served,
    failures: result.failures,
  };
}

export interface LifetimeResult {
  readonly mode: string;
  readonly rate: number;
  readonly steady: LoadResult;
  /** Spawn to the first 201 of a real API call. */
  readonly coldStartMs: number;
  readonly sigtermToExitMs: number;
  readonly exitCode: number | null;
  /** Sampled spans ended, from the service's "telemetry shutdown" line. */
  readonly spansEnded: number;
  /** Spans the counting receiver got. */
  readonly spansReceived: number;
}

interface ShutdownLine {
  readonly spans?: { readonly ended?: number };
}

/**
 * One lifetime at a fixed rate with a counting receiver: latency, then SIGTERM, the time to
 * exit, and spans ended against spans received (every span must arrive).
 */
export async function measureLifetime(
  mode: TracingMode,
  context: RunContext,
  rate: number,
): Promise<LifetimeResult> {
  const run = await startService(mode, context, 'count');
  try {
    const steady = await runLoad({
      baseUrl: run.service.baseUrl,
      readId: run.readId,
      mix: context.settings.mix,
      connections: Math.min(context.settings.connections, 10),
      seconds: context.settings.fixedRateSeconds,
      rate,
    });
    const stopping = performance.now();
    const exitCode = await run.service.stop();
    const sigtermToExitMs = performance.now() - stopping;
    const shutdown = run.service.logs.find((l) => l.msg === 'telemetry shutdown') as
      ShutdownLine | undefined;
    return {
      mode: mode.name,
      rate,
      steady,
      coldStartMs: run.coldStartMs,
      sigtermToExitMs,
      exitCode,
      spansEnded: shutdown?.spans?.ended ?? 0,
      spansReceived: await run.collector.spanCount(),
    };
  } finally {
    run.service.child.signal('SIGKILL');
    await run.collector.close();
  }
}
