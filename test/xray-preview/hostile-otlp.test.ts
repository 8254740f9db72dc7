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

/** One SERVER span as OTLP JSON, with `fields` merged into the span. */
function jsonSpan(tag: string, fields: Record<string, unknown>, resource: unknown[] = []): string {
  const { traceId } = traceIdsAt(Date.now() / 1000, tag);
  const start = String(now());
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'typed' } }, ...resource],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: '00000000000000e1',
                name: 'typed',
                kind: 2,
                startTimeUnixNano: start,
                endTimeUnixNano: start,
                ...fields,
              },
            ],
          },
        ],
      },
    ],
  });
}

const attribute = (value: unknown) => ({ attributes: [{ key: 'x', value }] });

describe('OTLP JSON fields of the wrong JSON type', () => {
  // The first four reached the translator and answered 500 (a number has no .slice); the rest
  // were stored as the wrong type or read character by character.
  const cases: [string, Record<string, unknown>, string][] = [
    ['a numeric span name', { name: 5 }, 'name 5 is not a JSON string'],
    ['an object span name', { name: {} }, 'name {} is not a JSON string'],
    [
      'a numeric attribute key',
      { attributes: [{ key: 5, value: { stringValue: 'v' } }] },
      'a key of attributes 5 is not a JSON string',
    ],
    [
      'an object bytesValue',
      attribute({ bytesValue: { a: 1 } }),
      'bytesValue of attribute "x" {"a":1} is not base64 text',
    ],
    [
      'a numeric stringValue',
      attribute({ stringValue: 5 }),
      'stringValue of attribute "x" 5 is not a JSON string',
    ],
    [
      'a string boolValue',
      attribute({ boolValue: 'true' }),
      'boolValue of attribute "x" "true" is not true or false',
    ],
    ['attributes as a string', { attributes: 'abc' }, 'attributes "abc" is not a JSON array'],
    ['a numeric status message', { status: { code: 2, message: 5 } }, 'status.message 5 is not'],
    ['a numeric event name', { events: [{ name: 5 }] }, 'events.name 5 is not a JSON string'],
    ['a numeric link trace id', { links: [{ traceId: 5 }] }, 'links.traceId 5 is not a hex'],
    ['an object kind', { kind: {} }, 'kind {} is not an enum number or name'],
    [
      'a start time beyond uint64',
      { startTimeUnixNano: '99999999999999999999999' },
      'startTimeUnixNano "99999999999999999999999" is not an unsigned 64-bit integer',
    ],
    [
      'an intValue of a million digits',
      attribute({ intValue: '9'.repeat(1_000_000) }),
      'is not an integer within int64',
    ],
  ];
  for (const [what, fields, message] of cases) {
    it(`GIVEN ${what} WHEN posted THEN 400 naming the field and the value, and nothing is stored`, async () => {
      const answer = await post('application/json', jsonSpan('f1', fields));
      expect(answer.status).toBe(400);
      const status = JSON.parse(answer.text) as { code: number; message: string };
      expect(status.code).toBe(3);
      expect(status.message).toContain(message);
      expect(status.message.length).toBeLessThan(400);
    });
  }

  it('GIVEN a resource attribute with a numeric key WHEN posted THEN 400', async () => {
    const answer = await post(
      'application/json',
      jsonSpan('f2', {}, [{ key: 7, value: { stringValue: 'v' } }]),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('a key of attributes 7 is not a JSON string');
  });

  it('GIVEN every field of the right type WHEN posted THEN 200 and the span is stored', async () => {
    const answer = await post(
      'application/json',
      jsonSpan('f3', {
        ...attribute({ boolValue: true }),
        events: [{ name: 'e', timeUnixNano: String(now()) }],
      }),
    );
    expect(answer).toEqual({ status: 200, text: '{}' });
  });
});
