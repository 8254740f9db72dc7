// Byte ceilings: request bodies (declared size, bodies in flight), X-Ray's 64 KB document limit,
// and what error messages quote back.
import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewStats } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { MAX_BODIES_IN_FLIGHT } from '../../apps/xray-preview/src/limits.js';
import { exportOverGrpc } from './preview-client.js';
import { forgedSpan, traceIdsAt } from './otlp-fixtures.js';

let preview: RunningPreview;

beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

const stats = async (): Promise<PreviewStats> =>
  (await (await fetch(`http://127.0.0.1:${preview.apiPort}/api/stats`)).json()) as PreviewStats;

/** Polls /api/stats until `done` holds; fails naming what it waited for. */
async function statsUntil(what: string, done: (s: PreviewStats) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  let last: PreviewStats | undefined;
  while (Date.now() < deadline) {
    last = await stats();
    if (done(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`waited 20 s for ${what}; last stats: ${JSON.stringify(last)}`);
}

/** A POST whose body is started and never finished. */
function openUpload(headers: Record<string, string | number>): {
  req: ClientRequest;
  answer: Promise<{ status: number; headers: Record<string, unknown> }>;
} {
  const req = request({
    host: '127.0.0.1',
    port: preview.httpPort,
    method: 'POST',
    path: '/v1/traces',
    headers: { 'content-type': 'application/json', ...headers },
  });
  const answer = new Promise<{ status: number; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      req.on('error', reject);
    },
  );
  req.write('{"resourceSpans": [');
  return { req, answer };
}

describe('request bodies', () => {
  it('GIVEN a body that declares 32 MiB WHEN its first bytes arrive THEN 413 comes at once, without reading the rest', async () => {
    const { req, answer } = openUpload({ 'content-length': 32 * 1024 * 1024 });
    const { status, headers } = await answer;
    req.destroy();
    expect(status).toBe(413);
    expect(headers.connection).toBe('close');
  });

  it(`GIVEN ${MAX_BODIES_IN_FLIGHT} bodies being read WHEN one more arrives THEN it gets 503 with Retry-After, and is accepted once a slot frees`, async () => {
    const uploads = Array.from({ length: MAX_BODIES_IN_FLIGHT }, () =>
      openUpload({ 'transfer-encoding': 'chunked' }),
    );
    for (const upload of uploads) upload.answer.catch(() => undefined);
    await statsUntil(
      `${MAX_BODIES_IN_FLIGHT} bodies in flight`,
      (s) => s.bodiesInFlight === MAX_BODIES_IN_FLIGHT,
    );
    const before = await stats();
    const extra = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(extra.status).toBe(503);
    expect(extra.headers.get('retry-after')).toBe('1');
    const after = await stats();
    expect(after.refusedRequests.too_many_bodies_in_flight).toBe(
      before.refusedRequests.too_many_bodies_in_flight + 1,
    );
    for (const upload of uploads) upload.req.destroy();
    await statsUntil('no bodies in flight', (s) => s.bodiesInFlight === 0);
    const retry = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(retry.status).toBe(200);
  });
});

describe("X-Ray's 64 KB segment document limit", () => {
  const now = () => Date.now() / 1000;
  const documents = async (traceId: string) =>
    (await (
      await fetch(`http://127.0.0.1:${preview.apiPort}/api/segment-documents?traceId=${traceId}`)
    ).json()) as unknown[];

  it('GIVEN a span whose document would be 70 KB WHEN exported THEN it is not stored and is counted as document_too_large', async () => {
    const before = await stats();
    const ids = traceIdsAt(now(), 'e1');
    const span = forgedSpan(ids, now(), 'big-service', { payload: 'p'.repeat(70 * 1024) });
    expect(await exportOverGrpc(preview.grpcPort, span)).toBeNull();
    expect(await documents(ids.xrayTraceId)).toEqual([]);
    const after = await stats();
    expect(after.refusedSpans.document_too_large - before.refusedSpans.document_too_large).toBe(1);
  });

  it('GIVEN a span whose document is 60 KB WHEN exported THEN it is stored and counted in storeBytes', async () => {
    const before = await stats();
    const ids = traceIdsAt(now(), 'e2');
    const span = forgedSpan(ids, now(), 'big-service', { payload: 'p'.repeat(60 * 1024) });
    expect(await exportOverGrpc(preview.grpcPort, span)).toBeNull();
    expect(await documents(ids.xrayTraceId)).toHaveLength(1);
    const after = await stats();
    expect(after.storeBytes - before.storeBytes).toBeGreaterThan(60 * 1024);
    expect(after.refusedSpans.document_too_large).toBe(before.refusedSpans.document_too_large);
  });
});

describe('what errors quote back', () => {
  it('GIVEN a 1 MB bad traceId in OTLP JSON WHEN posted THEN the 400 quotes 64 characters of it and its length', async () => {
    const badId = 'a'.repeat(1024 * 1024);
    const res = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: badId, spanId: '1'.repeat(16) }] }] }],
      }),
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text.length).toBeLessThan(400);
    expect((JSON.parse(text) as { message: string }).message).toContain(
      `traceId "${'a'.repeat(64)}… (1048576 characters)" has 1048576 hex digits`,
    );
  });

  it('GIVEN a 500 KB FilterExpression WHEN summaries are asked for THEN the 400 quotes only its start', async () => {
    const now = Date.now() / 1000;
    const res = await fetch(`http://127.0.0.1:${preview.apiPort}/TraceSummaries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        StartTime: now - 60,
        EndTime: now,
        FilterExpression: 'x'.repeat(500_000),
      }),
    });
    expect(res.status).toBe(400);
    expect((await res.text()).length).toBeLessThan(400);
  });
});
