// Child processes of the stack: prefixed output, a tail kept for error messages, and a stop that
// frees the port. Each child gets its own process group (detached), so Ctrl-C reaches only us
// and we stop children in order (task service first, so it can flush its spans to the preview).
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
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Receives each output line; defaults to writing `[name] line` to stdout. */
  readonly onLine?: (line: string) => void;
  /** How many recent output lines to keep for error messages. */
  readonly tailLines?: number;
}

export interface Child {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited, whoever caused it. */
  readonly exited: Promise<ChildExit>;
  /** The most recent output lines (stdout and stderr interleaved). */
  tail(): string[];
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once it has exited. */
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
    // Group already gone, or not a group leader (spawn failed): try the process itself.
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
  const onLine =
    options.onLine ?? ((line: string) => process.stdout.write(`[${options.name}] ${line}\n`));

  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);

  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null) continue;
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > keep) recent.shift();
      onLine(line);
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

  return {
    name: options.name,
    pid: child.pid,
    exited,
    tail: () => [...recent],
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
