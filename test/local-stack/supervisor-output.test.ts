// What keeps the supervisor and its component processes from dying badly: a broken output pipe
// is reported instead of thrown, and a component whose supervisor was SIGKILLed stops by itself.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startChild } from '../../testkit/process/child.js';
import { portIsFree } from '../../testkit/process/ports.js';

describe('supervisor output', { timeout: 60_000 }, () => {
  it('GIVEN output piped to a reader that leaves after the first line (| head -n 1) WHEN more is written THEN broken says stdout is closed and the writer exits normally', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const writer = spawn(
      process.execPath,
      ['--import', tsx, fileURLToPath(new URL('./support/epipe-writer.ts', import.meta.url))],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    writer.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => writer.once('exit', done));
    writer.stdout.once('data', () => writer.stdout.destroy());
    expect(await exited, stderr).toBe(0);
    expect(stderr).toBe('broken: stdout is closed (EPIPE)\n');
  });
});

// Above the waits inside: 60 s for the ready line, 30 s for the port.
describe('component process without its supervisor', { timeout: 120_000 }, () => {
  it('GIVEN dynalite started as the stack starts it WHEN its supervisor is SIGKILLed THEN dynalite notices, stops and frees its port', async () => {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const parent = startChild({
      name: 'stand-in supervisor',
      command: process.execPath,
      args: [
        '--import',
        tsx,
        fileURLToPath(new URL('./support/orphan-parent.ts', import.meta.url)),
      ],
      onLine: () => {},
    });
    let port: number;
    let pid: number;
    try {
      const line = await parent.waitForLine((l) => l.startsWith('{"port":'), {
        what: 'the port of the dynalite it started',
        timeoutMs: 60_000,
      });
      ({ port, pid } = JSON.parse(line) as { port: number; pid: number });
      expect(await portIsFree(port)).toBe(false);
    } finally {
      // SIGKILL to the stand-in only: it can neither stop its child nor tell it anything.
      process.kill(parent.pid!, 'SIGKILL');
      await parent.exited;
    }
    // dynalite checks its parent every second; give a loaded machine ample margin.
    const deadline = Date.now() + 30_000;
    while (!(await portIsFree(port)) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
    }
    expect(
      await portIsFree(port),
      `dynalite (pid ${pid}) still holds port ${port} 30 s after its supervisor died`,
    ).toBe(true);
    // Gone, or a zombie waiting for whoever adopted it to reap it: either way not running.
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').then(
      (stat) => /\) (\S)/.exec(stat)?.[1],
      () => 'gone',
    );
    expect(['gone', 'Z']).toContain(state);
  });
});
