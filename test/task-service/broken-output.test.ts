// The supervisor that reads the service's stdout and stderr dies (SIGKILLed `npm start`): the
// pipes break, and the next log line fails with EPIPE. The service must leave as on SIGTERM
// (answer what is in flight, flush its spans, exit 0), not die on the error or run on unobserved.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { installGracefulShutdown } from '../../apps/task-service/src/lifecycle/graceful-shutdown.js';
import { silentLogger } from '../../apps/task-service/src/log.js';
import { startDynalite } from '../../testkit/dynalite.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../testkit/otlp/receiver.js';
import { portIsFree } from '../../testkit/process/ports.js';
import { buildService } from '../../testkit/task-service/build.js';
import { REPO_ROOT, TASK_SERVICE_COMMAND } from '../../testkit/task-service/paths.js';
import { randomSpanId, xrayStyleTraceId } from '../../testkit/trace-ids.js';

let receiver: OtlpReceiver;
beforeAll(async () => {
  await buildService();
  receiver = await startOtlpReceiver();
}, 180_000);
afterAll(() => receiver?.close());

const post = (baseUrl: string, traceId: string) =>
  fetch(`${baseUrl}/tasks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomSpanId()}-01`,
    },
    body: JSON.stringify({ title: traceId }),
  });

describe('GIVEN the built service whose stdout and stderr are pipes to a supervisor', () => {
  it('WHEN the supervisor is gone and the service next logs THEN it answers that request, flushes every span and exits 0', async () => {
    const dynamo = await startDynalite();
    const [node, ...args] = TASK_SERVICE_COMMAND;
    expect(node).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env['PATH'] ?? '',
        PORT: '0',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        DYNAMODB_MAX_ATTEMPTS: '1',
        TASKS_TABLE: `broken-output-${Date.now()}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        // Nothing is exported on schedule: only the shutdown flush can deliver these spans.
        OTEL_BSP_SCHEDULE_DELAY: '60000',
      },
    });
    onTestFinished(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await dynamo.close();
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const stderr: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    let port = 0;
    for await (const line of createInterface({ input: child.stdout })) {
      const parsed = JSON.parse(line) as { msg?: string; port?: number };
      if (parsed.msg === 'listening') {
        port = parsed.port ?? 0;
        break;
      }
    }
    expect(port, `the service never logged "listening"; stderr: ${stderr.join('')}`).not.toBe(0);
    const baseUrl = `http://127.0.0.1:${port}`;
    const traces = [xrayStyleTraceId(), xrayStyleTraceId(), xrayStyleTraceId()];
    for (const traceId of traces) expect((await post(baseUrl, traceId)).status).toBe(201);

    // The supervisor dies: its ends of both pipes close.
    child.stdout.destroy();
    child.stderr.destroy();
    // The store goes away too, so the next request fails and the service logs an error line.
    await dynamo.close();
    const failing = xrayStyleTraceId();
    const answer = await post(baseUrl, failing);

    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
    expect(await exited).toEqual([0, null]);
    expect(await portIsFree(port)).toBe(true);
    for (const traceId of [...traces, failing]) {
      expect(receiver.spans.some((s) => s.traceId === traceId && s.name === 'POST /tasks')).toBe(
        true,
      );
    }
  }, 60_000);
});

describe('GIVEN an output stream that fails while a request is in flight', () => {
  it('WHEN it reports EPIPE THEN shutdown starts, waits for that request and exits 0', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((_req, res) => {
      release = () => res.end('done');
      arrived();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const stdout = new EventEmitter();
    const exit = new Promise<number>((resolve) =>
      installGracefulShutdown({
        server,
        log: silentLogger,
        drainTimeoutMs: 60_000,
        telemetryTimeoutMs: 100,
        onBegin: () => undefined,
        exit: resolve,
        signals: [],
        outputs: { stdout },
      }),
    );
    const inFlight = fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    await reached;

    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(server.listening).toBe(false);
    release();

    expect(await inFlight).toBe('done');
    expect(await exit).toBe(0);
  });
});
