// `npm start` itself, as a user runs it (npm, tsx, the supervisor, its children), on free ports
// with the builds of the global setup: Ctrl-C stops it with every span flushed and every port
// free, and a reader that goes away (`npm start | head -n 1`) does not crash it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORT_SETTINGS } from '../../scripts/local-stack/ports.js';
import { freePort, portIsFree } from '../../testkit/process/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');
/** Starting the stack (two tsx processes and the service) on a loaded machine, with margin. */
const START_TIMEOUT_MS = 90_000;
/** The service drains and flushes (bounded at 15 s), then three parts stop. */
const STOP_TIMEOUT_MS = 60_000;

interface Started {
  readonly child: ChildProcess;
  readonly ports: readonly number[];
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start` in its own process group (a terminal's foreground job), on the given ports. */
async function npmStart(): Promise<Started> {
  const ports = await Promise.all(PORT_SETTINGS.map(() => freePort()));
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_STACK_SKIP_BUILD: '1' };
  PORT_SETTINGS.forEach((setting, i) => (env[setting.env] = String(ports[i])));
  const child = spawn('npm', ['start'], { cwd: repoRoot, env, detached: true });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, ports, output: () => text, exited };
}

/** Resolves when `condition` holds on the output, or fails naming what it waited for. */
function waitForOutput(
  started: Started,
  text: string,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((done, fail) => {
    const check = (): void => {
      if (!started.output().includes(text)) return;
      clearTimeout(timer);
      started.child.stdout?.off('data', check);
      done();
    };
    const timer = setTimeout(() => {
      started.child.stdout?.off('data', check);
      fail(
        new Error(
          `${what}: "${text}" did not appear within ${timeoutMs} ms. Output:\n${started.output()}`,
        ),
      );
    }, timeoutMs);
    started.child.stdout?.on('data', check);
    void started.exited.then(() => {
      if (started.output().includes(text)) return;
      clearTimeout(timer);
      fail(new Error(`${what}: npm start exited before "${text}". Output:\n${started.output()}`));
    });
    check();
  });
}

async function exitWithin(started: Started, what: string, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      started.child.kill('SIGKILL');
      fail(
        new Error(
          `${what}: npm start did not exit within ${timeoutMs} ms. Output:\n${started.output()}`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([started.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Last resort if a test failed half-way: no process group left behind. */
function killGroup(started: Started): void {
  try {
    process.kill(-started.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

// Above START_TIMEOUT_MS + STOP_TIMEOUT_MS, so a slow run fails naming what it waited for.
describe('npm start', { timeout: 240_000 }, () => {
  it('GIVEN a running stack with traced requests WHEN Ctrl-C reaches its process group THEN the task service flushes every span, the parts stop in order and every port is free', async () => {
    const started = await npmStart();
    try {
      await waitForOutput(
        started,
        'Press Ctrl-C to stop everything.',
        'the ready banner',
        START_TIMEOUT_MS,
      );
      const api = /task service API\s+(\S+)\/tasks/.exec(started.output())?.[1];
      expect(api).toBeDefined();
      for (let i = 0; i < 5; i += 1) {
        const created = await fetch(`${api}/tasks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `ctrl-c ${i}` }),
        });
        expect(created.status).toBe(201);
      }
      // What a terminal does on Ctrl-C: SIGINT to every process of the foreground group.
      process.kill(-started.child.pid!, 'SIGINT');
      await exitWithin(started, 'stopping after Ctrl-C', STOP_TIMEOUT_MS);
    } finally {
      killGroup(started);
    }
    const output = started.output();
    const order = [
      '[local-stack] SIGINT: stopping',
      '[local-stack] stopping task-service',
      '[task-service] info telemetry shutdown',
      '[local-stack] stopping xray-preview',
      '[local-stack] stopping dynalite',
      '[local-stack] stopping task-web',
      '[local-stack] stopped; all ports are free',
    ].map((line) => output.indexOf(line));
    expect(
      order.every((at) => at >= 0),
      output,
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const spans = JSON.parse(
      /telemetry shutdown .*spans=(\{[^}]*\})/.exec(output)?.[1] ?? '{}',
    ) as {
      ended?: number;
      exported?: number;
      failed?: number;
    };
    expect(spans.ended).toBeGreaterThanOrEqual(5);
    expect(spans.exported).toBe(spans.ended);
    expect(spans.failed).toBe(0);
    for (const port of started.ports) expect(await portIsFree(port), `port ${port}`).toBe(true);
  });

  it('GIVEN npm start | head -n 1 WHEN the reader has gone THEN the supervisor does not crash on EPIPE: it stops the stack as on SIGTERM, exits 0 and frees every port', async () => {
    const started = await npmStart();
    let stderr = '';
    try {
      // Like head -n 1: read the first line, then close the pipe and read nothing more.
      await new Promise<void>((done) => {
        started.child.stdout!.once('data', () => {
          started.child.stdout!.destroy();
          done();
        });
      });
      started.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exit = await exitWithin(
        started,
        'stopping once its reader is gone',
        START_TIMEOUT_MS + STOP_TIMEOUT_MS,
      );
      expect(exit, stderr).toEqual({ code: 0, signal: null });
    } finally {
      killGroup(started);
    }
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\(/);
    for (const port of started.ports) expect(await portIsFree(port), `port ${port}`).toBe(true);
  });
});
