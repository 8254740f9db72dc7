/**
 * The OTLP receiver in its own process, so that decoding or counting does not compete with a load
 * generator's event loop, and its CPU shows up apart. Works from TypeScript sources (forked
 * through tsx) and from tsc output (plain node), whichever this module runs as.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiverMode } from './receiver.js';

export interface ReceiverProcess {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  readonly pid: number | undefined;
  /** Spans received so far (0 in discard mode). */
  spanCount(): Promise<number>;
  /** Stops the receiver and waits for its process to exit. */
  close(): Promise<void>;
}

export interface ReceiverProcessOptions {
  /** @default 'count' */
  readonly mode?: ReceiverMode;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** How long to wait for the process to bind. @default 30000 */
  readonly readyTimeoutMs?: number;
}

function reply<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      clearTimeout(timer);
    };
    const onMessage = (message: { type?: string }): void => {
      if (message.type !== type) return;
      done();
      resolve(message as T);
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`the OTLP receiver process exited (${code}) before it sent '${type}'`));
    };
    const timer = setTimeout(() => {
      done();
      reject(
        new Error(
          `the OTLP receiver process (pid ${child.pid}) sent no '${type}' within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startReceiverProcess(
  options: ReceiverProcessOptions = {},
): Promise<ReceiverProcess> {
  const self = fileURLToPath(import.meta.url);
  const fromSources = extname(self) === '.ts';
  const main = fileURLToPath(new URL(`./receiver-main${extname(self)}`, import.meta.url));
  const child = fork(main, [options.mode ?? 'count', String(options.port ?? 0)], {
    execArgv: fromSources ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { port } = await reply<{ port: number }>(
    child,
    'ready',
    options.readyTimeoutMs ?? 30_000,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid,
    spanCount: async () => {
      const stats = reply<{ spans: number }>(child, 'stats', 30_000);
      child.send({ type: 'stats' });
      return (await stats).spans;
    },
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.send({ type: 'close' });
      await exited;
    },
  };
}
