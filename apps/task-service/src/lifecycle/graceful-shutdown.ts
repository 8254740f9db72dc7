import type { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { Logger } from '../log.js';
import { telemetry } from '../telemetry/index.js';

export interface ShutdownOptions {
  readonly server: Server;
  readonly log: Logger;
  /** Longest wait for in-flight requests before their connections are cut. */
  readonly drainTimeoutMs: number;
  /** Longest wait for `sdk.shutdown()` (span flush). */
  readonly telemetryTimeoutMs: number;
  /** Called first, so readiness fails and responses ask clients to reconnect elsewhere. */
  readonly onBegin: () => void;
  readonly exit?: (code: number) => void;
  /** Signals that start the shutdown. @default ['SIGTERM', 'SIGINT'] */
  readonly signals?: readonly NodeJS.Signals[];
  /**
   * Output streams whose failure starts the shutdown too, by name.
   * @default { stdout: process.stdout, stderr: process.stderr }
   */
  readonly outputs?: Readonly<Record<string, EventEmitter>>;
}

/** How often connections that went idle during the drain are closed. */
const IDLE_SWEEP_MS = 50;

/**
 * SIGTERM/SIGINT: stop accepting, drain (bounded), flush spans (bounded), exit 0. Idempotent: a
 * second signal during shutdown is logged and ignored. The span counts are logged at the end:
 * it is the only place dropped spans become visible.
 *
 * A broken stdout or stderr (EPIPE: the process reading them is gone) does the same. Unhandled,
 * that error would kill the process mid-request with nothing flushed. Ignored, the service would
 * run on unobserved: its supervisor (`npm start`, the container runtime) is what died, nobody
 * would stop it, and it would hold its port. So it leaves as if told to.
 */
export function installGracefulShutdown(
  options: ShutdownOptions,
): (signal: string) => Promise<void> {
  const { server, log } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;

  const shutdown = async (reason: string): Promise<void> => {
    if (started) {
      log.warn('shutdown already in progress', { reason });
      return;
    }
    started = true;
    const startedAt = Date.now();
    options.onBegin();
    log.info('shutdown started', { reason });

    const closed = new Promise<boolean>((resolve) => server.close(() => resolve(true)));
    // server.close() closes the connections idle right now, not those that go idle later: a
    // keep-alive connection (every ALB connection) whose request was in flight at SIGTERM would
    // hold the close until the drain timeout. Sweep them as their requests finish.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const drained = await Promise.race([
      closed,
      new Promise<boolean>((resolve) =>
        setTimeout(() => resolve(false), options.drainTimeoutMs).unref(),
      ),
    ]);
    clearInterval(sweep);
    if (!drained) {
      log.warn('drain timed out; closing remaining connections', {
        drainTimeoutMs: options.drainTimeoutMs,
      });
      server.closeAllConnections();
    }

    const flush = await telemetry().shutdown(options.telemetryTimeoutMs);
    log.info('telemetry shutdown', {
      tracing: telemetry().enabled,
      spans: telemetry().counts(),
      ...flush,
    });
    log.info('shutdown complete', { ms: Date.now() - startedAt });
    exit(0);
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => void shutdown(signal));
  }
  const outputs = options.outputs ?? { stdout: process.stdout, stderr: process.stderr };
  for (const [name, stream] of Object.entries(outputs)) {
    let failed = false;
    // Every later write to a broken stdio stream fails again (Node never destroys them): only
    // the first failure acts, and nothing here writes, or each log line would fail the next.
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (failed) return;
      failed = true;
      if (!started) void shutdown(`${name} failed: ${error.code ?? error.message}`);
    });
  }
  return shutdown;
}
