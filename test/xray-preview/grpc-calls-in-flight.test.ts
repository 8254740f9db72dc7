// The gRPC port holds at most OTLP_GRPC_MAX_CALLS_IN_FLIGHT export calls at once over all
// connections: many connections each with a message on its way cannot make it buffer them all.
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewStats } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import {
  OTLP_GRPC_MAX_CALLS_IN_FLIGHT,
  OTLP_GRPC_MAX_CONCURRENT_STREAMS,
} from '../../apps/xray-preview/src/limits.js';
import { exportBytes, grpcClient } from './preview-client.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
let preview: RunningPreview;
beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

const stats = async (): Promise<PreviewStats> =>
  (await (await fetch(`http://127.0.0.1:${preview.apiPort}/api/stats`)).json()) as PreviewStats;

/**
 * `count` Export calls over raw HTTP/2 whose 1 MiB message has only begun to arrive, spread over
 * as many connections as the per-connection stream limit needs.
 */
function holdCalls(count: number): ClientHttp2Session[] {
  const sessions: ClientHttp2Session[] = [];
  for (let i = 0; i < count; i++) {
    if (i % OTLP_GRPC_MAX_CONCURRENT_STREAMS === 0) {
      const session = connect(`http://127.0.0.1:${preview.grpcPort}`);
      session.on('error', () => undefined);
      sessions.push(session);
    }
    const stream = sessions.at(-1)!.request({
      ':method': 'POST',
      ':path': EXPORT_PATH,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('error', () => undefined);
    // The gRPC message prefix announces 1 MiB; a few bytes follow, the rest never does.
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(1024 * 1024, 1);
    stream.write(Buffer.concat([prefix, Buffer.alloc(16)]));
  }
  return sessions;
}

/** Repeats an empty export until `done` holds for its error; fails naming what it waited for. */
async function exportUntil(
  what: string,
  done: (error: Awaited<ReturnType<typeof exportBytes>>) => boolean,
): Promise<Awaited<ReturnType<typeof exportBytes>>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = grpcClient(preview.grpcPort);
    try {
      const error = await exportBytes(client, Buffer.alloc(0));
      if (done(error)) return error;
    } finally {
      client.close();
    }
    if (Date.now() > deadline) throw new Error(`waited 20 s for ${what}`);
  }
}

describe('gRPC export calls in flight', () => {
  it(`GIVEN ${OTLP_GRPC_MAX_CALLS_IN_FLIGHT} calls whose messages are still arriving WHEN another export comes THEN it gets UNAVAILABLE at once, counted, and exports succeed once the calls go`, async () => {
    const before = await stats();
    const sessions = holdCalls(OTLP_GRPC_MAX_CALLS_IN_FLIGHT);
    try {
      const refused = await exportUntil('an export refused UNAVAILABLE', (e) => e?.code === 14);
      expect(refused?.details).toBe(
        `the preview is already receiving ${OTLP_GRPC_MAX_CALLS_IN_FLIGHT} export calls; retry in a second`,
      );
      const after = await stats();
      expect(after.refusedRequests.too_many_bodies_in_flight).toBeGreaterThan(
        before.refusedRequests.too_many_bodies_in_flight,
      );
    } finally {
      for (const session of sessions) session.destroy();
    }
    expect(await exportUntil('an export accepted again', (e) => e === null)).toBeNull();
  });
});
