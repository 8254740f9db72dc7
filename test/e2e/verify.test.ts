// `tracectl verify` as a user runs it (bin/tracectl.js, a real process) against the local stack
// on free ports: one healthy stack, then the same with the preview stopped, and a stack whose
// task service exports its spans to a closed port.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANY_FREE_PORTS } from '../../scripts/local-stack/ports.js';
import { startXrayPreview } from '../../scripts/local-stack/preview.js';
import type { PreviewHandle, PreviewStarter } from '../../scripts/local-stack/preview.js';
import { startLocalStack } from '../../scripts/local-stack/stack.js';
import type { LocalStack } from '../../scripts/local-stack/stack.js';
import { taskServiceLaunch } from '../../scripts/local-stack/task-service.js';
import { freePort } from '../../testkit/process/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const bin = join(repoRoot, 'bin/tracectl.js');
/** verify polls until every hop is found; this only bounds a run that would hang. */
const PASSING_TIMEOUT_S = 90;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function tracectl(args: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repoRoot, timeout: (PASSING_TIMEOUT_S + 30) * 1000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

interface Started {
  readonly stack: LocalStack;
  /** Stops the preview early (idempotent, so stack.stop() still works). */
  readonly stopPreview: () => Promise<void>;
}

async function start(serviceOtlpEndpoint?: string): Promise<Started> {
  let preview: PreviewHandle | undefined;
  let closing: Promise<void> | undefined;
  const startPreview: PreviewStarter = async (request) => {
    const handle = await startXrayPreview(request);
    preview = { ...handle, close: () => (closing ??= handle.close()) };
    return preview;
  };
  const stack = await startLocalStack({
    repoRoot,
    ports: ANY_FREE_PORTS,
    webRoot: join(repoRoot, 'apps/task-web/dist'),
    log: () => {},
    onServiceLine: () => {},
    startPreview,
    ...(serviceOtlpEndpoint === undefined
      ? {}
      : {
          launchTaskService: (settings, env) =>
            taskServiceLaunch({ ...settings, otlpGrpcEndpoint: serviceOtlpEndpoint }, env),
        }),
  });
  return { stack, stopPreview: () => preview?.close() ?? Promise.resolve() };
}

/** The options the README's local example uses, with this stack's ports. */
const localArgs = (stack: LocalStack, ...more: string[]): string[] => [
  'verify',
  '--api-url',
  stack.urls.api,
  '--collector-url',
  `http://127.0.0.1:${stack.ports.previewHttp}`,
  '--web-origin',
  stack.urls.app,
  '--xray-endpoint',
  stack.urls.previewApi,
  ...more,
];

interface JsonReport {
  ok: boolean;
  traceId: string;
  traceIds: string[];
  requests: { operation: string; caller: string; status: number | null; ok: boolean }[];
  spanBatch: { accepted: boolean; origin?: string } | null;
  hops: {
    id: string;
    hop: string;
    status: string;
    found: boolean;
    traceIds: string[];
    cause?: string;
    next?: string;
  }[];
  missing: string[];
  cleanup: { taskId: string; deleted: boolean } | null;
}

describe('tracectl verify against the local stack', () => {
  let started: Started;

  beforeAll(async () => {
    started = await start();
  });

  afterAll(async () => {
    await started?.stack.stop();
  });

  it('GIVEN the local stack WHEN verify runs as in the README THEN every hop is found and it exits 0', async () => {
    const r = await tracectl(localArgs(started.stack, '--timeout', String(PASSING_TIMEOUT_S)));

    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    for (const hop of [
      'task-web -> task-service',
      'client -> task-service',
      'task-service -> tasks',
      'task-service origin AWS::EKS::Container',
    ])
      expect(r.stdout).toMatch(new RegExp(`^found {4}${hop} `, 'm'));
    expect(r.stdout).toMatch(
      /^4 of 4 hops found in [\d.]+s: the deploy is on the map \(trace 1-[0-9a-f]{8}-[0-9a-f]{24}\)$/m,
    );
    expect(r.stdout).toMatch(
      /^requests: POST \/tasks 201 as task-web · GET \/tasks\/\S+ 200 as client · DELETE \/tasks\/\S+ 204 as task-web$/m,
    );
  });

  it('GIVEN the local stack WHEN verify runs with --json THEN stdout is one JSON object: hops found, trace ids, requests, and its task deleted', async () => {
    const r = await tracectl(
      localArgs(started.stack, '--timeout', String(PASSING_TIMEOUT_S), '--json'),
    );

    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.ok).toBe(true);
    expect(report.traceIds).toEqual([report.traceId]);
    expect(report.hops.map((h) => [h.id, h.status])).toEqual([
      ['task-web', 'found'],
      ['client', 'found'],
      ['table', 'found'],
      ['origin', 'found'],
    ]);
    expect(report.hops.every((h) => h.traceIds[0] === report.traceId && !h.cause)).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.requests.map((q) => [q.operation, q.caller, q.status])).toEqual([
      ['create', 'task-web', 201],
      ['get', 'client', 200],
      ['delete', 'task-web', 204],
    ]);
    expect(report.spanBatch).toMatchObject({ accepted: true, origin: started.stack.urls.app });
    expect(report.cleanup?.deleted).toBe(true);
    const gone = await fetch(`${started.stack.urls.api}/tasks/${report.cleanup?.taskId}`);
    expect(gone.status).toBe(404);
  });

  it('GIVEN the preview stopped WHEN verify runs THEN it exits 1, every hop missing, naming the unreachable X-Ray endpoint and the span batch nobody took', async () => {
    await started.stopPreview();

    const r = await tracectl(localArgs(started.stack, '--timeout', '60'));

    expect(r.code).toBe(1);
    const endpoint = started.stack.urls.previewApi;
    for (const hop of ['client -> task-service', 'task-service -> the DynamoDB table'])
      expect(r.stdout).toMatch(new RegExp(`^MISSING  ${hop} `, 'm'));
    expect(r.stdout).toContain(`cause: cannot reach the X-Ray API at ${endpoint} (ECONNREFUSED)`);
    expect(r.stdout).toContain(
      'next:  start the local stack (npm start), or point --xray-endpoint at it',
    );
    expect(r.stdout).toMatch(
      /^span batch: \S+ with Origin \S+: not taken \(no answer \(ECONNREFUSED\)\)$/m,
    );
    expect(r.stderr).toMatch(/^error: verify failed: 4 hops missing \(task-web -> task-service, /m);
  });
});

describe('tracectl verify when the task service exports to a closed port', () => {
  let started: Started;

  beforeAll(async () => {
    started = await start(`http://127.0.0.1:${await freePort()}`);
  });

  afterAll(async () => {
    await started?.stack.stop();
  });

  it('GIVEN no task-service segment can arrive WHEN verify runs with --json THEN it exits 1 with every hop missing, the cause named and tracectl doctor as the next command', async () => {
    // The negative outcome does not depend on time: no span of the service can ever arrive.
    const r = await tracectl(localArgs(started.stack, '--timeout', '8', '--json'));

    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.ok).toBe(false);
    expect(report.requests.every((q) => q.ok)).toBe(true);
    expect(report.spanBatch?.accepted).toBe(true);
    expect(report.missing).toEqual([
      'task-web -> task-service',
      'client -> task-service',
      'task-service -> the DynamoDB table',
      'task-service origin AWS::EKS::Container',
    ]);
    for (const hop of report.hops) {
      expect(hop).toMatchObject({ status: 'missing', found: false, next: 'tracectl doctor' });
      expect(hop.cause).toContain('the API answered, but no task-service segment reached X-Ray');
    }
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^error: verify failed: 4 hops missing/);
  });
});
