// tracectl verify without the local stack: usage errors, an API that does not answer, and the
// browser span batch read back by the preview's own OTLP decoder and X-Ray translator. Runs
// against loopback stand-ins for the API and X-Ray are in verify-loopback.test.ts.
import { describe, expect, it } from 'vitest';
import { decodeJsonRequest } from '../../apps/xray-preview/src/otlp/decode.js';
import {
  DEFAULT_TRANSLATE_OPTIONS,
  translateBatch,
} from '../../apps/xray-preview/src/translator/index.js';
import type { ApiCall } from '../../src/cli/verify/api.js';
import { browserBatch, tracesUrl } from '../../src/cli/verify/browser-batch.js';
import { newTraceIds, xrayTraceHeader } from '../../src/cli/verify/ids.js';
import { DEFAULT_PORTS } from '../../scripts/local-stack/ports.js';
import { tracectl } from '../../testkit/kube/fixtures.js';
import { freePort } from '../../testkit/process/ports.js';

const oneErrorLine = (stderr: string): void => {
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).toMatch(/^error: /);
};

describe('tracectl verify usage', () => {
  it.each([
    [[], 'verify needs --api-url, the base URL of the task API'],
    [['--api-url', 'ftp://example.com'], '--api-url "ftp://example.com" is not an http(s) URL'],
    [
      ['--api-url', 'http://127.0.0.1:1', '--web-origin', 'https://app.example.com'],
      '--web-origin is sent with the span batch, which needs --collector-url',
    ],
    [
      ['--api-url', 'http://127.0.0.1:1', '--timeout', 'soon'],
      '--timeout "soon" is not a duration',
    ],
    [
      ['--api-url', 'http://127.0.0.1:1', '--kubeconfig', 'x'],
      'tracectl verify has no option --kubeconfig; see tracectl verify --help',
    ],
    [
      ['--api-url', 'http://127.0.0.1:1', '--region', 'US East'],
      '--region "US East" is not an AWS region',
    ],
  ])('GIVEN verify %j WHEN run THEN one error line says %s, exit 2', async (args, message) => {
    const r = await tracectl(undefined, ['verify', ...args]);

    oneErrorLine(r.stderr);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
  });

  it('GIVEN --help WHEN run THEN it prints the interface, every option with its default, and the exit codes', async () => {
    const r = await tracectl(undefined, ['verify', '--help']);
    const text = r.stdout.replace(/\s+/g, ' ');

    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Usage: tracectl verify --api-url URL [--collector-url URL] [--web-origin URL] [--xray-endpoint URL] [--region R] [--timeout SECONDS] [--json]',
    );
    expect(text).toContain(
      '--timeout <SECONDS> how long to wait for the hops, in seconds (or 90s, 5m) (default: 180)',
    );
    expect(text).toContain('(default: $AWS_REGION, then $AWS_DEFAULT_REGION, then us-east-1)');
    expect(text).toContain('1 when a hop is missing or a request failed');
  });
});

describe('tracectl verify with a task API that does not answer', () => {
  it('GIVEN nothing listens at --api-url WHEN verify runs THEN it exits 1 at once, without polling X-Ray, naming the API', async () => {
    const api = `http://127.0.0.1:${await freePort()}`;
    const xray = `http://127.0.0.1:${await freePort()}`;

    const r = await tracectl(undefined, [
      'verify',
      '--api-url',
      api,
      '--xray-endpoint',
      xray,
      '--json',
    ]);

    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      requests: { status: number | null; error: string }[];
      hops: { status: string; cause: string }[];
      cleanup: unknown;
    };
    expect(report.ok).toBe(false);
    expect(report.requests).toEqual([
      expect.objectContaining({ status: null, error: 'no answer (ECONNREFUSED)' }),
    ]);
    expect(report.cleanup).toBeNull();
    for (const hop of report.hops.filter((h) => h.status !== 'skipped'))
      expect(hop.cause).toBe(
        `the task API at ${api} did not answer (POST /tasks: no answer (ECONNREFUSED)), so nothing reached the service`,
      );
    expect(r.stderr).toMatch(
      /^error: verify failed: 3 hops missing .*; failed request: POST \/tasks;/m,
    );
  });
});

describe('the browser span batch', () => {
  const trace = newTraceIds(Date.parse('2026-01-02T03:04:05Z'));
  const call = (operation: ApiCall['operation'], parentId: string, status: number): ApiCall => ({
    operation,
    method: operation === 'create' ? 'POST' : 'DELETE',
    url: `https://api.example.com/tasks${operation === 'create' ? '' : '/t1'}`,
    caller: 'task-web',
    parentId,
    startMs: Date.parse('2026-01-02T03:04:06Z'),
    endMs: Date.parse('2026-01-02T03:04:06.250Z'),
    status,
  });

  it('GIVEN a fresh trace WHEN its ids and header are made THEN they are the X-Ray and OTLP spellings of one trace, sampled', () => {
    expect(trace.xray).toMatch(/^1-695735a5-[0-9a-f]{24}$/);
    expect(trace.otel).toBe(trace.xray.slice(2).replace('-', ''));
    expect(xrayTraceHeader(trace, '0123456789abcdef')).toBe(
      `Root=${trace.xray};Parent=0123456789abcdef;Sampled=1`,
    );
    // A direct call starts the trace itself: no parent, so its segment is a root.
    expect(xrayTraceHeader(trace)).toBe(`Root=${trace.xray};Sampled=1`);
  });

  it('GIVEN the create and delete task-web made WHEN the batch is read by the preview decoder and X-Ray translator THEN each is a task-web segment holding the fetch subsegment the API call named as parent', () => {
    const calls = [
      call('create', 'aaaaaaaaaaaaaaa1', 201),
      call('delete', 'aaaaaaaaaaaaaaa2', 204),
    ];
    const batch = decodeJsonRequest(JSON.stringify(browserBatch(trace, calls)));

    expect(batch[0]!.resource.get('service.name')).toEqual('task-web');
    const results = translateBatch(batch, DEFAULT_TRANSLATE_OPTIONS);
    expect(results.map((r) => r.outcome.kind)).toEqual(results.map(() => 'documents'));
    const documents = results.flatMap((r) =>
      r.outcome.kind === 'documents' ? r.outcome.documents.map((d) => d.document) : [],
    );
    expect(new Set(documents.map((d) => d.trace_id))).toEqual(new Set([trace.xray]));
    for (const c of calls) {
      const fetchDoc = documents.find((d) => d.id === c.parentId);
      const owner = documents.find((d) => d.id === fetchDoc?.parent_id);
      expect(owner?.name).toBe('task-web');
      expect(owner?.type).toBeUndefined();
      expect(fetchDoc?.http?.request?.method).toBe(c.method);
      expect(fetchDoc?.http?.response?.status).toBe(c.status);
    }
  });

  it.each([
    ['https://otel.example.com', 'https://otel.example.com/v1/traces'],
    ['https://otel.example.com/', 'https://otel.example.com/v1/traces'],
    ['http://127.0.0.1:4318/v1/traces', 'http://127.0.0.1:4318/v1/traces'],
  ])('GIVEN --collector-url %s WHEN posting THEN it goes to %s', (given, url) => {
    expect(tracesUrl(given)).toBe(url);
  });
});

describe('tracectl verify help and the local stack', () => {
  it("GIVEN the local stack's default ports WHEN verify --help shows the local example THEN it uses exactly those ports", async () => {
    const r = await tracectl(undefined, ['verify', '--help']);
    const local = (port: number): string => `http://127.0.0.1:${port}`;

    expect(r.stdout).toContain(
      `npx tracectl verify --api-url ${local(DEFAULT_PORTS.taskService)} --collector-url ${local(DEFAULT_PORTS.previewHttp)} --xray-endpoint ${local(DEFAULT_PORTS.previewApi)}`,
    );
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      `the local preview: ${local(DEFAULT_PORTS.previewApi)}`,
    );
  });
});
