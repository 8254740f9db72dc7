// A bounded flood against `npm run xray-preview` in its own process (so the test runner, like
// the local stack's supervisor, never shares its heap): maximum-size spans until the store has
// been filled several times over, spans over X-Ray's 64 KB document limit, 40 concurrent 4 MiB
// bodies and 80 concurrent 32 MiB bodies. Its peak RSS (the kernel's high-water mark) must stay
// under the ceiling, and it must still answer afterwards.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewStats } from '../../apps/xray-preview/src/contract.js';
import { startChild, type Child } from '../../testkit/process/child.js';
import {
  floodGrpc,
  heavyProtobuf,
  heavyRequest,
  NEAR_LIMIT_ATTRIBUTE,
  postBody,
  tally,
  upload32MiB,
} from './flood.js';

/**
 * What the preview may hold at peak under this flood, with its default caps (128 MiB store,
 * 8 bodies of 4 MiB in flight): Node and the preview at rest, the store at its cap, and the
 * bodies and documents being worked on.
 */
const RSS_CEILING_MIB = 768;
const MIB = 1024 * 1024;
const repoRoot = resolve(import.meta.dirname, '..', '..');

let preview: Child;
const ports = { grpc: 0, http: 0, api: 0 };

/** VmRSS and VmHWM (peak) of the preview process, in MiB. */
function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${preview.pid}/status`, 'utf8');
  const kib = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

const stats = async (): Promise<PreviewStats> =>
  (await (await fetch(`http://127.0.0.1:${ports.api}/api/stats`)).json()) as PreviewStats;

beforeAll(async () => {
  preview = startChild({
    name: 'xray-preview',
    command: process.execPath,
    args: ['--import', 'tsx', join(repoRoot, 'apps/xray-preview/src/main.ts')],
    cwd: repoRoot,
    env: {
      ...process.env,
      XRAY_PREVIEW_GRPC_PORT: '0',
      XRAY_PREVIEW_HTTP_PORT: '0',
      XRAY_PREVIEW_PORT: '0',
    },
    onLine: () => {},
  });
  const port = async (label: string): Promise<number> => {
    const line = await preview.waitForLine((l) => l.trimStart().startsWith(label), {
      what: `the "${label}" line of the preview's start-up output`,
      timeoutMs: 60_000,
    });
    return Number(/:(\d+)/.exec(line.slice(label.length + 2))?.[1]);
  };
  ports.api = await port('UI + query API');
  ports.grpc = await port('OTLP gRPC');
  ports.http = await port('OTLP/HTTP');
});
afterAll(() => preview.stop());

describe('preview memory under a bounded flood', () => {
  it(
    `GIVEN maximum-size spans and concurrent 32 MiB bodies WHEN they flood the preview THEN its peak RSS stays under ${RSS_CEILING_MIB} MiB and it keeps answering`,
    { timeout: 300_000 },
    async () => {
      const before = memory();
      const { maxStoreBytes } = await stats();

      // 1. Documents just under 64 KB until the store's byte cap has been passed three times.
      const perRequest = 60;
      const requests = Math.ceil((3 * maxStoreBytes) / (perRequest * NEAR_LIMIT_ATTRIBUTE));
      const grpcFailed = await floodGrpc(
        ports.grpc,
        requests,
        4,
        heavyProtobuf(perRequest, NEAR_LIMIT_ATTRIBUTE),
      );
      // 2. Spans whose documents are over X-Ray's limit: 1 MB attributes, 3 per message.
      const overLimit = heavyProtobuf(3, MIB);
      const tooLargeFailed = await floodGrpc(ports.grpc, 40, 4, (i) => overLimit(100_000 + i));
      // 3. 40 concurrent bodies of about 4 MiB over OTLP/HTTP.
      const body = JSON.stringify(heavyRequest('c', perRequest, NEAR_LIMIT_ATTRIBUTE));
      expect(body.length).toBeLessThan(4 * MIB);
      const fourMiB = tally(
        await Promise.all(Array.from({ length: 40 }, () => postBody(ports.http, body))),
      );
      // 4. 80 concurrent 32 MiB bodies: half declare their size, half are chunked.
      const thirtyTwo = tally(
        await Promise.all(
          Array.from({ length: 80 }, (_, i) => upload32MiB(ports.http, i % 2 === 0)),
        ),
      );

      const after = memory();
      const final = await stats();
      console.log(
        JSON.stringify({
          rssMiB: {
            before: before.rss,
            peak: after.peak,
            after: after.rss,
            ceiling: RSS_CEILING_MIB,
          },
          grpcRequests: requests,
          grpcFailed,
          tooLargeFailed,
          fourMiBBodies: fourMiB,
          thirtyTwoMiBBodies: thirtyTwo,
          refusedSpans: final.refusedSpans,
          refusedRequests: final.refusedRequests,
          store: {
            documents: final.documentsStored,
            evicted: final.documentsEvicted,
            bytes: final.storeBytes,
            maxBytes: final.maxStoreBytes,
          },
        }),
      );

      expect(after.peak).toBeLessThan(RSS_CEILING_MIB);
      expect(grpcFailed).toBe(0);
      expect(final.storeBytes).toBeLessThanOrEqual(final.maxStoreBytes);
      expect(final.documentsEvicted).toBeGreaterThan(0);
      expect(final.refusedSpans.document_too_large).toBe(120);
      // Every 32 MiB body was turned away: 413 (too large) or 503 (too many at once), never read whole.
      expect(Object.keys(thirtyTwo).filter((s) => s !== '413' && s !== '503' && s !== '0')).toEqual(
        [],
      );
      // The 40 that declare their size are refused on their headers alone, without taking a slot.
      expect(final.refusedRequests.body_too_large).toBeGreaterThanOrEqual(40);
      expect(Object.keys(fourMiB).filter((s) => s !== '200' && s !== '503')).toEqual([]);
    },
  );
});
