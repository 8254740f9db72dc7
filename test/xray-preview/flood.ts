// Load for the memory-ceiling test, loopback only and bounded: maximum-size spans over gRPC and
// OTLP/HTTP, spans whose documents are over X-Ray's limit, and 32 MiB bodies sent at once.
import { request } from 'node:http';
import { exportBytes, grpcClient } from './preview-client.js';
import { toProtobuf, traceIdsAt } from './otlp-fixtures.js';

/** An attribute that keeps a span's segment document just under 64 KB. */
export const NEAR_LIMIT_ATTRIBUTE = 63 * 1000;

/** OTLP JSON with `count` spans of one new trace, each carrying `attributeChars` of payload. */
export function heavyRequest(tag: string, count: number, attributeChars: number) {
  const ids = traceIdsAt(Date.now() / 1000, tag);
  const start = BigInt(Date.now()) * 1_000_000n;
  const payload = 'm'.repeat(attributeChars);
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'flood' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: count }, (_, i) => ({
              traceId: ids.traceId,
              spanId: (0x1000000000000000n + BigInt(i)).toString(16),
              name: `span ${i}`,
              kind: 1,
              startTimeUnixNano: String(start),
              endTimeUnixNano: String(start + 1_000_000n),
              attributes: [{ key: 'payload', value: { stringValue: payload } }],
            })),
          },
        ],
      },
    ],
  };
}

/**
 * A heavy request encoded once, handed out with a new trace ID each time (the ID's bytes are
 * patched in place), so the load generator does not spend its time encoding.
 */
export function heavyProtobuf(count: number, attributeChars: number): (i: number) => Buffer {
  const template = heavyRequest('feed', count, attributeChars);
  const bytes = Buffer.from(toProtobuf(template));
  const traceId = Buffer.from(template.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId, 'hex');
  const offsets: number[] = [];
  for (let at = bytes.indexOf(traceId); at !== -1; at = bytes.indexOf(traceId, at + 1)) {
    offsets.push(at);
  }
  return (i) => {
    const copy = Buffer.from(bytes);
    for (const at of offsets) copy.writeUInt32BE(i + 1, at + 12);
    return copy;
  };
}

/** `requests` gRPC exports over one channel, `parallel` at a time; resolves with how many failed. */
export async function floodGrpc(
  port: number,
  requests: number,
  parallel: number,
  make: (i: number) => Buffer,
): Promise<number> {
  const client = grpcClient(port);
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < requests) {
      const i = next++;
      if ((await exportBytes(client, make(i))) !== null) failed++;
    }
  };
  try {
    await Promise.all(Array.from({ length: parallel }, worker));
  } finally {
    client.close();
  }
  return failed;
}

/** POSTs `body` to /v1/traces; resolves with the status. */
export async function postBody(port: number, body: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

const MIB = 1024 * 1024;
const CHUNK = Buffer.alloc(MIB, 0x20);

/**
 * Streams a 32 MiB body (declared with Content-Length, or chunked) until the server answers or
 * drops the connection; resolves with the status, or 0 when the connection was cut first.
 */
export function upload32MiB(port: number, declared: boolean): Promise<number> {
  const total = 32 * MIB;
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(status);
    };
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/traces',
      headers: {
        'content-type': 'application/json',
        ...(declared ? { 'content-length': total } : { 'transfer-encoding': 'chunked' }),
      },
    });
    req.on('response', (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
    let sent = 0;
    const pump = (): void => {
      while (!settled && sent < total) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!settled && sent >= total) req.end();
    };
    pump();
  });
}

/** Counts of each value. */
export function tally(values: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
