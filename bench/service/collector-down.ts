/**
 * SIGTERM with the collector down: the exit must stay bounded and every lost span counted. The
 * service runs for a few seconds of traffic against an OTLP endpoint nothing listens on.
 */
import { performance } from 'node:perf_hooks';
import { freePort } from '../../testkit/process/ports.js';
import { runLoad } from './load.js';
import { startSeeded, type RunContext } from './run-scenario.js';
import type { TracingMode } from './scenarios.js';

export interface CollectorDownResult {
  readonly mode: string;
  readonly requests: number;
  readonly sigtermToExitMs: number;
  readonly exitCode: number | null;
  /** Spans ended, from the service's "telemetry shutdown" line. */
  readonly spansEnded: number;
  /** Spans the pipeline reported lost (tuned profile); undefined = nothing reported. */
  readonly spansReportedLost: number | undefined;
  readonly droppedByReason: Readonly<Record<string, number>> | undefined;
}

interface ShutdownLine {
  readonly spans?: { readonly ended?: number };
}
interface PipelineLine {
  readonly spansDropped?: number;
  readonly droppedByReason?: Record<string, number>;
}

export async function measureCollectorDown(
  mode: TracingMode,
  context: RunContext,
  rate: number,
): Promise<CollectorDownResult> {
  const { service, readId } = await startSeeded(
    {
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      ...context.baseEnv,
      ...mode.env,
    },
    context.serverPrefix(`${mode.name}-collector-down`),
  );
  const load = await runLoad({
    baseUrl: service.baseUrl,
    readId,
    mix: context.settings.mix,
    seconds: 3,
    connections: 10,
    rate,
  });
  const stopping = performance.now();
  const exitCode = await service.stop();
  const sigtermToExitMs = performance.now() - stopping;
  const shutdown = service.logs.find((l) => l.msg === 'telemetry shutdown') as
    ShutdownLine | undefined;
  const pipeline = service.logs.find((l) => l.msg === 'span pipeline closed with losses') as
    PipelineLine | undefined;
  return {
    mode: mode.name,
    requests: load.total,
    sigtermToExitMs,
    exitCode,
    spansEnded: shutdown?.spans?.ended ?? 0,
    spansReportedLost: pipeline?.spansDropped,
    droppedByReason: pipeline?.droppedByReason,
  };
}
