// Attribute keys that are also names of Object.prototype members survive decode → translate →
// store → JSON, as any other key does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { postOtlpJson } from './preview-client.js';
import { toProtobuf, traceIdsAt } from './otlp-fixtures.js';

let preview: RunningPreview;

beforeAll(async () => {
  preview = await startPreview({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    indexedAttributes: ['constructor'],
  });
});
afterAll(() => preview.close());

function request(traceId: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'keys' } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: '1'.repeat(16),
                name: 'GET /',
                kind: 2,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
                attributes: [
                  { key: '__proto__', value: { stringValue: 'polluted?' } },
                  {
                    key: 'nested',
                    value: {
                      kvlistValue: {
                        values: [{ key: '__proto__', value: { intValue: '7' } }],
                      },
                    },
                  },
                  { key: 'constructor', value: { stringValue: 'indexed' } },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

type Doc = { metadata: { default: Record<string, unknown> }; annotations: Record<string, unknown> };

describe('attribute keys named like Object.prototype members', () => {
  it.each(['json', 'protobuf'] as const)(
    'GIVEN a span with a "__proto__" attribute sent as %s WHEN stored THEN the documents and BatchGetTraces keep it as metadata',
    async (encoding) => {
      const ids = traceIdsAt(Date.now() / 1000, encoding === 'json' ? 'c1' : 'c2');
      if (encoding === 'json') {
        expect((await postOtlpJson(preview.httpPort, request(ids.traceId))).status).toBe(200);
      } else {
        const res = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: toProtobuf(request(ids.traceId)),
        });
        expect(res.status).toBe(200);
      }
      const api = `http://127.0.0.1:${preview.apiPort}`;
      const [doc] = (await (
        await fetch(`${api}/api/segment-documents?traceId=${ids.xrayTraceId}`)
      ).json()) as Doc[];
      expect(Object.hasOwn(doc!.metadata.default, '__proto__')).toBe(true);
      expect(doc!.metadata.default['__proto__']).toBe('polluted?');
      const nested = doc!.metadata.default.nested as Record<string, unknown>;
      expect(Object.hasOwn(nested, '__proto__')).toBe(true);
      expect(nested['__proto__']).toBe(7);
      expect(doc!.annotations).toEqual({ constructor: 'indexed' });

      const traces = (await (
        await fetch(`${api}/Traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ TraceIds: [ids.xrayTraceId] }),
        })
      ).json()) as { Traces: { Segments: { Document: string }[] }[] };
      const document = JSON.parse(traces.Traces[0]!.Segments[0]!.Document) as Doc;
      expect(document.metadata.default['__proto__']).toBe('polluted?');
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
