/**
 * The bridge between the `--import` bootstrap and the app: the bootstrap publishes a handle, and
 * `main.ts` calls `shutdown()` at SIGTERM. Nothing of the OpenTelemetry SDK here (one API type), so
 * the app does not load the SDK when tracing is off. A global symbol (not a module variable) keeps one handle even
 * if the module were loaded twice under different URLs.
 */
import type { Tracer } from '@opentelemetry/api';

export interface SpanCounts {
  /** Sampled spans that ended (handed to the span processors). */
  readonly ended: number;
  /** Spans the exporter delivered. */
  readonly exported: number;
  /** Spans in exports that failed (collector down, timeout). */
  readonly failed: number;
  /** ended - exported - failed: spans still queued, dropped by a full queue, or ended too late. */
  readonly notExported: number;
  /** Spans that ended after the processors shut down (work that outlived the drain). */
  readonly endedAfterShutdown: number;
}

export interface TelemetryHandle {
  readonly enabled: boolean;
  /** The tracer of the business spans; unset: the API's global tracer (a no-op without an SDK). */
  readonly tracer?: Tracer;
  counts(): SpanCounts;
  /** Flushes and stops the SDK; never rejects, never waits longer than `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<{ readonly timedOut: boolean; readonly error?: string }>;
}

const KEY = Symbol.for('task-service.telemetry');
const ZERO: SpanCounts = {
  ended: 0,
  exported: 0,
  failed: 0,
  notExported: 0,
  endedAfterShutdown: 0,
};

const disabled: TelemetryHandle = {
  enabled: false,
  counts: () => ZERO,
  shutdown: async () => ({ timedOut: false }),
};

export function publishTelemetry(handle: TelemetryHandle): void {
  (globalThis as Record<symbol, unknown>)[KEY] = handle;
}

export function telemetry(): TelemetryHandle {
  return ((globalThis as Record<symbol, unknown>)[KEY] as TelemetryHandle | undefined) ?? disabled;
}
