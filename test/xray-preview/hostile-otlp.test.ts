// Requests no OTel SDK sends, on every ingest path: each gets a 400 (INVALID_ARGUMENT over gRPC)
// that names the problem, never a 5xx, and the preview keeps working.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { MAX_VALUE_DEPTH } from '../../apps/xray-preview/src/limits.js';
import { traceIdsAt } from './otlp-fixtures.js';
import { exportBytes, grpcClient } from './preview-client.js';
import { nestedAnyValue, requestWithAttribute } from './protobuf-writer.js';

let preview: RunningPreview;
beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

const now = () => BigInt(Date.now()) * 1_000_000n;

function protobufRequest(tag: string, depth: number): Buffer {
  const { traceId } = traceIdsAt(Date.now() / 1000, tag);
  return requestWithAttribute(
    { traceId, spanId: '00000000000000d1' },
    'nested',
    'payload',
    nestedAnyValue(depth),
    now(),
  );
}

/** The same request as OTLP JSON text (JSON.stringify cannot write it this deep). */
function jsonRequest(tag: string, depth: number): string {
  const { traceId } = traceIdsAt(Date.now() / 1000, tag);
  let value = '{"stringValue":"core"}';
  for (let level = 0; level < depth; level++) {
    value =
      level % 2 === 0
        ? `{"arrayValue":{"values":[${value}]}}`
        : `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
  }
  const start = now();
  return (
    `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"nested"}}]},` +
    `"scopeSpans":[{"spans":[{"traceId":"${traceId}","spanId":"00000000000000d1","name":"deep","kind":2,` +
    `"startTimeUnixNano":"${start}","endTimeUnixNano":"${start + 1_000_000n}",` +
    `"attributes":[{"key":"payload","value":${value}}]}]}]}]}`
  );
}

/**
 * One POST on a connection of its own: building the deepest bodies can take longer than the
 * server's keep-alive timeout, and a pooled connection closed meanwhile would reset the request.
 */
function post(
  contentType: string,
  body: string | Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: preview.httpPort,
        path: '/v1/traces',
        method: 'POST',
        agent: false,
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const TOO_DEEP = `attribute "payload" nests arrays and maps more than ${MAX_VALUE_DEPTH} levels deep`;

describe('attribute values nested deeper than the preview reads', () => {
  // 4,000 levels passed the decoders and then overflowed the translator's stack (a 500);
  // 10,000 overflowed the decoders (a 400 that said "Maximum call stack size exceeded").
  for (const depth of [MAX_VALUE_DEPTH + 1, 4_000, 10_000]) {
    it(`GIVEN a value nested ${depth} deep WHEN posted as protobuf, as OTLP JSON and over gRPC THEN each is refused with a 400 naming the attribute`, async () => {
      const protobuf = await post('application/x-protobuf', protobufRequest(`a${depth}`, depth));
      expect(protobuf.status).toBe(400);
      expect(protobuf.text).toContain(TOO_DEEP);

      const json = await post('application/json', jsonRequest(`b${depth}`, depth));
      expect(json.status).toBe(400);
      const status = JSON.parse(json.text) as { code: number; message: string };
      expect(status.code).toBe(3);
      expect(status.message).toContain(TOO_DEEP);

      const client = grpcClient(preview.grpcPort);
      try {
        const error = await exportBytes(client, protobufRequest(`c${depth}`, depth));
        expect(error?.code).toBe(3);
        expect(error?.details).toContain(TOO_DEEP);
      } finally {
        client.close();
      }
    });
  }

  it(`GIVEN a value nested exactly ${MAX_VALUE_DEPTH} deep WHEN posted THEN it is stored, nested in metadata`, async () => {
    const { xrayTraceId } = traceIdsAt(Date.now() / 1000, 'd0');
    expect(
      (await post('application/x-protobuf', protobufRequest('d0', MAX_VALUE_DEPTH))).status,
    ).toBe(200);
    const res = await fetch(
      `http://127.0.0.1:${preview.apiPort}/api/segment-documents?traceId=${xrayTraceId}`,
    );
    const [document] = (await res.json()) as { metadata: { default: { payload: unknown } } }[];
    let value: unknown = document?.metadata.default.payload;
    let depth = 0;
    while (typeof value === 'object' && value !== null) {
      value = Array.isArray(value) ? value[0] : (value as Record<string, unknown>).k;
      depth++;
    }
    expect({ depth, value }).toEqual({ depth: MAX_VALUE_DEPTH, value: 'core' });
  });
});
