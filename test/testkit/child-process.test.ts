import { describe, expect, it } from 'vitest';
import { describeExit, startChild } from '../../testkit/process/child.js';
import { NotReadyError, waitForHttpOk } from '../../testkit/process/http-ready.js';
import { freePort, portIsFree } from '../../testkit/process/ports.js';

const node = process.execPath;

/** A child that serves HTTP 200 on `port` and ignores SIGTERM when `stubborn`. */
function serverScript(port: number, stubborn: boolean): string {
  return [
    `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1', () => console.log('listening'));`,
    stubborn ? `process.on('SIGTERM', () => console.log('ignoring SIGTERM'));` : '',
  ].join('\n');
}

describe('stack child processes', () => {
  it('GIVEN a running server child WHEN stopped THEN it exits on SIGTERM and its port is free again', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const child = startChild({
      name: 'srv',
      command: node,
      args: ['-e', serverScript(port, false)],
      onLine: (l) => lines.push(l),
    });
    await waitForHttpOk(`http://127.0.0.1:${port}/`, { timeoutMs: 20_000, abandon: child.exited });
    expect(lines).toContain('listening');
    const exit = await child.stop();
    expect(exit.signal).toBe('SIGTERM');
    expect(await portIsFree(port)).toBe(true);
  });

  it('GIVEN a child that ignores SIGTERM WHEN stopped THEN it is killed after the grace period', async () => {
    const port = await freePort();
    const child = startChild({
      name: 'stubborn',
      command: node,
      args: ['-e', serverScript(port, true)],
      onLine: () => {},
    });
    await waitForHttpOk(`http://127.0.0.1:${port}/`, { timeoutMs: 20_000, abandon: child.exited });
    const exit = await child.stop(300);
    expect(exit.signal).toBe('SIGKILL');
    expect(child.tail()).toContain('ignoring SIGTERM');
    expect(await portIsFree(port)).toBe(true);
  });

  it('GIVEN a child that crashes WHEN waiting for it to be ready THEN waiting stops with a clear error', async () => {
    const port = await freePort();
    const child = startChild({
      name: 'crash',
      command: node,
      args: ['-e', 'console.error("boom: missing config"); process.exit(3)'],
      onLine: () => {},
    });
    await expect(
      waitForHttpOk(`http://127.0.0.1:${port}/`, { timeoutMs: 30_000, abandon: child.exited }),
    ).rejects.toThrow(NotReadyError);
    const exit = await child.exited;
    expect(describeExit(exit)).toBe('exited with code 3');
    expect(child.tail()).toEqual(['boom: missing config']);
  });

  it('GIVEN a command that does not exist WHEN started THEN exited settles and the tail says why', async () => {
    const child = startChild({
      name: 'missing',
      command: '/nonexistent/binary',
      args: [],
      onLine: () => {},
    });
    const exit = await child.exited;
    expect(exit.code).toBe(-1);
    expect(child.tail().join('\n')).toContain('spawn failed');
  });

  it('GIVEN nothing listening WHEN waiting with a short deadline THEN the error names the URL and the last probe', async () => {
    const port = await freePort();
    await expect(
      waitForHttpOk(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 300, intervalMs: 50 }),
    ).rejects.toThrow(
      `http://127.0.0.1:${port}/readyz was not ready after 300 ms (last probe: connect ECONNREFUSED`,
    );
  });
});
