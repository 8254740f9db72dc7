// Child processes for tests, benchmarks and the local stack: output by line, a tail kept for error
// messages, readiness on an output line, and a stop that frees the port. By default each child
// gets its own process group (detached), so Ctrl-C reaches only us and we stop children in order
// (the local stack stops the task service first, so it can flush its spans to the preview).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  /** Short name used as the output prefix and in error messages. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** @default the parent's environment */
  readonly env?: NodeJS.ProcessEnv;
  /** @default the parent's working directory */
  readonly cwd?: string;
  /** Receives each output line. @default writes `[name] line` to stdout */
  readonly onLine?: (line: string) => void;
  /** How many recent output lines to keep for error messages. @default 40 */
  readonly tailLines?: number;
  /**
   * Own process group: signals go to the child and its descendants, and the terminal's Ctrl-C
   * does not. @default true
   */
  readonly detached?: boolean;
}

export interface LineWait {
  /** What the line means, for the error ("the \"listening\" log line"). */
  readonly what: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

export interface Child {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited, whoever caused it. */
  readonly exited: Promise<ChildExit>;
  /** The most recent output lines (stdout and stderr interleaved). */
  tail(): string[];
  /** Sends `signal` to the child (its group when detached); nothing once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /**
   * Resolves with the first output line (already in the tail, or still to come) that `matches`.
   * Rejects when the child exits first or `timeoutMs` passes, naming what it waited for, for how
   * long, and the last output seen.
   */
  waitForLine(matches: (line: string) => boolean, wait: LineWait): Promise<string>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. @default graceMs 10000 */
  stop(graceMs?: number): Promise<ChildExit>;
}

const live = new Set<ChildProcess>();

// Last resort when this process exits without a clean stop (uncaught error): no orphans holding ports.
process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Group already gone, or not a group leader (not detached, or spawn failed): the process itself.
    try {
      child.kill(signal);
    } catch {
      // Already exited.
    }
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

export function startChild(options: ChildOptions): Child {
  const keep = options.tailLines ?? 40;
  const recent: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const onLine =
    options.onLine ?? ((line: string) => process.stdout.write(`[${options.name}] ${line}\n`));

  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: options.detached ?? true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);

  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > keep) recent.shift();
      onLine(line);
      for (const listener of listeners) listener(line);
    });
  }

  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
    // spawn errors (ENOENT) emit 'error' and possibly no 'exit'.
    child.once('error', (error) => {
      live.delete(child);
      recent.push(`spawn failed: ${error.message}`);
      resolve({ code: -1, signal: null });
    });
  });

  // 'close' comes after the last output line; 'error' alone when the spawn itself failed.
  const outputEnded = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  const lastOutput = (): string =>
    recent.length === 0 ? '(no output)' : recent.map((l) => `  ${l}`).join('\n');

  return {
    name: options.name,
    pid: child.pid,
    exited,
    tail: () => [...recent],
    signal: (signal) => signalGroup(child, signal),
    waitForLine(matches, wait) {
      const timeoutMs = wait.timeoutMs ?? 30_000;
      const seen = recent.find(matches);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const done = (): void => {
          listeners.delete(listener);
          clearTimeout(timer);
        };
        const listener = (line: string): void => {
          if (!matches(line)) return;
          done();
          resolve(line);
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(
              `${options.name} (pid ${child.pid}) did not print ${wait.what} within ${timeoutMs} ms ` +
                `(a heavily loaded machine can be this slow; the process still runs). ` +
                `Last output:\n${lastOutput()}`,
            ),
          );
        }, timeoutMs);
        listeners.add(listener);
        void Promise.all([exited, outputEnded]).then(([exit]) => {
          if (!listeners.has(listener)) return;
          done();
          reject(
            new Error(
              `${options.name} ${describeExit(exit)} before it printed ${wait.what}. ` +
                `Last output:\n${lastOutput()}`,
            ),
          );
        });
      });
    },
    async stop(graceMs = 10_000): Promise<ChildExit> {
      signalGroup(child, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          signalGroup(child, 'SIGKILL');
          resolve();
        }, graceMs);
        timer.unref();
      });
      await Promise.race([exited, killed]);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}
