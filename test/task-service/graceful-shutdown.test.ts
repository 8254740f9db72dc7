import { Agent, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { installGracefulShutdown } from '../../apps/task-service/src/lifecycle/graceful-shutdown.js';
import type { Logger } from '../../apps/task-service/src/log.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('GIVEN a keep-alive client (like the ALB) with a request in flight', () => {
  it('WHEN shutdown begins THEN the process exits once that request is answered, without waiting for the drain timeout', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const reachedHandler = new Promise<void>((resolve) => (arrived = resolve));
    const app = express();
    app.get('/slow', (_req, res) => {
      release = () => res.json({ ok: true });
      arrived();
    });
    app.get('/fast', (_req, res) => res.json({ ok: true }));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    // Idle keep-alive connections stay open as long as the ALB keeps them (its idle timeout).
    server.keepAliveTimeout = 60_000;
    cleanups.push(() => server.closeAllConnections());
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const { port } = server.address() as AddressInfo;
    const call = (path: string) =>
      new Promise<number>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }).on('error', reject);
      });

    const warnings: string[] = [];
    const log: Logger = { info() {}, warn: (msg) => warnings.push(msg), error() {} };
    let exited: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (exited = resolve));
    const shutdown = installGracefulShutdown({
      server,
      log,
      // Far longer than the test's own timeout: reaching it fails the test.
      drainTimeoutMs: 60_000,
      telemetryTimeoutMs: 100,
      onBegin: () => undefined,
      exit: (code) => exited(code),
      signals: [],
      outputs: {},
    });

    expect(await call('/fast')).toBe(200); // the connection is now an idle keep-alive one
    const inFlight = call('/slow');
    await reachedHandler;
    void shutdown('SIGTERM');
    release();

    expect(await inFlight).toBe(200);
    expect(await exitCode).toBe(0);
    expect(warnings).not.toContain('drain timed out; closing remaining connections');
  }, 10_000);
});
