// Where the preview used to differ from the awsxray exporter of ADOT v0.49.0 (collector-contrib
// v0.156.0), checked end to end: OTLP/JSON into the real preview, documents out of its API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WarningsResponse } from '../../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../../apps/xray-preview/src/index.js';
import { documentsOf, getJson, kv, postJson, request, traceIds } from './otlp-json.js';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;
const PARENT = 'bbbbbbbbbbbbbbbb';

let preview: RunningPreview;
beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

const AWS_RESOURCE = [kv('service.name', 'checkout'), kv('cloud.provider', 'aws')];

async function send(n: number, resource: readonly ReturnType<typeof kv>[], span: object) {
  const ids = traceIds(n);
  const result = await postJson(
    preview,
    request(resource, [
      { traceId: ids.otel, spanId: 'aaaaaaaaaaaaaaaa', name: 'op', kind: CLIENT, ...span },
    ]),
  );
  return { ...result, docs: await documentsOf(preview, ids.xray), ids };
}

async function warningsFor(spanName: string) {
  const list = await getJson<WarningsResponse>(preview, '/api/warnings');
  return list.warnings.filter((w) => w.spanName === spanName);
}

describe('differences from the pinned exporter', () => {
  it('1. GIVEN a CONSUMER span with a parent WHEN ingested THEN it is a segment that carries the resource', async () => {
    const { docs } = await send(1, AWS_RESOURCE, { kind: CONSUMER, parentSpanId: PARENT });
    expect(docs).toHaveLength(1);
    expect(docs[0]).not.toHaveProperty('type');
    expect(docs[0]).toMatchObject({
      parent_id: PARENT,
      metadata: { default: { 'otel.resource.service.name': 'checkout' } },
    });
  });

  it('1. GIVEN a LOCAL_ROOT CONSUMER with a parent WHEN ingested THEN its dependency subsegment carries the resource too', async () => {
    const { docs } = await send(2, AWS_RESOURCE, {
      kind: CONSUMER,
      parentSpanId: PARENT,
      attributes: [kv('aws.span.kind', 'LOCAL_ROOT'), kv('aws.remote.service', 'queue')],
    });
    expect(docs[0]).toMatchObject({
      type: 'subsegment',
      name: 'queue',
      metadata: { default: { 'otel.resource.service.name': 'checkout' } },
    });
  });

  it('2. GIVEN a PRODUCER span WHEN ingested THEN its namespace is remote', async () => {
    const { docs } = await send(3, AWS_RESOURCE, { kind: PRODUCER, parentSpanId: PARENT });
    expect(docs[0]).toMatchObject({ type: 'subsegment', namespace: 'remote' });
  });

  it('3. GIVEN a LOCAL_ROOT CLIENT span without aws.local.service WHEN ingested THEN the service segment is named after service.name', async () => {
    const { docs } = await send(4, AWS_RESOURCE, {
      name: 'GET /inventory',
      attributes: [kv('aws.span.kind', 'LOCAL_ROOT'), kv('aws.remote.service', 'inventory')],
    });
    expect(docs.map((d) => d.name)).toEqual(['inventory', 'checkout']);
  });

  it.each([
    [true, { in_progress: true }],
    [false, { end_time: expect.any(Number) }],
  ])(
    '4. GIVEN aws.xray.inprogress=%s WHEN ingested THEN the document says so and the attribute is gone',
    async (flag, fields) => {
      const { docs } = await send(flag ? 5 : 6, AWS_RESOURCE, {
        kind: SERVER,
        attributes: [kv('aws.xray.inprogress', flag)],
      });
      expect(docs[0]).toMatchObject(fields);
      expect(docs[0]).not.toHaveProperty(flag ? 'end_time' : 'in_progress');
      expect(JSON.stringify(docs[0])).not.toContain('aws.xray.inprogress');
    },
  );

  it('5. GIVEN an exception with a V8 stack from a nodejs SDK WHEN ingested THEN the exception has no stack', async () => {
    const { docs } = await send(7, [...AWS_RESOURCE, kv('telemetry.sdk.language', 'nodejs')], {
      kind: SERVER,
      events: [
        {
          name: 'exception',
          timeUnixNano: '1700000000100000000',
          attributes: [
            kv('exception.type', 'Error'),
            kv('exception.message', 'boom'),
            kv('exception.stacktrace', 'Error: boom\n    at handler (/app/routes.js:42:13)'),
          ],
        },
      ],
    });
    expect(docs[0]).toMatchObject({ cause: { exceptions: [{ type: 'Error', message: 'boom' }] } });
    expect(JSON.stringify(docs[0])).not.toContain('"stack"');
  });

  it('6. GIVEN a CLIENT span with server.address and url.path WHEN ingested THEN the URL has no host', async () => {
    const { docs } = await send(8, AWS_RESOURCE, {
      parentSpanId: PARENT,
      attributes: [
        kv('http.request.method', 'GET'),
        kv('server.address', 'inventory.internal'),
        kv('server.port', 8080),
        kv('url.path', '/items'),
      ],
    });
    expect(docs[0]).toMatchObject({ http: { request: { method: 'GET', url: 'http:///items' } } });
  });

  it.each(['NaN', 'Infinity', '-Infinity'])(
    '7. GIVEN a %s attribute WHEN ingested THEN the span is dropped and listed with the reason',
    async (value) => {
      const n = 9 + ['NaN', 'Infinity', '-Infinity'].indexOf(value);
      const name = `ratio-${value}`;
      const result = await send(n, AWS_RESOURCE, {
        name,
        attributes: [kv('ratio', { doubleValue: value })],
      });
      expect(result.docs).toEqual([]);
      expect(result.body.partialSuccess).toMatchObject({ rejectedSpans: '1' });
      expect(await warningsFor(name)).toEqual([
        expect.objectContaining({
          reason: 'non-finite-number',
          kind: 'dropped',
          service: 'checkout',
          traceId: result.ids.xray,
          spanId: 'aaaaaaaaaaaaaaaa',
          detail: expect.stringContaining('metadata.default.ratio'),
        }),
      ]);
    },
  );
});

describe('spans that crash the pinned exporter', () => {
  const exception = (stacktrace: string) => ({
    name: 'exception',
    timeUnixNano: '1700000000100000000',
    attributes: [kv('exception.type', 'E'), kv('exception.stacktrace', stacktrace)],
  });

  it.each([
    [
      'local-root-dependency-not-aws',
      [kv('service.name', 'checkout'), kv('cloud.provider', 'gcp')],
      { attributes: [kv('aws.span.kind', 'LOCAL_ROOT')] },
    ],
    [
      'java-stack-trace',
      [...AWS_RESOURCE, kv('telemetry.sdk.language', 'java')],
      { events: [exception('E: top\n\tat a.B.c(B.java:1)\nCaused by: java.io.IOException:')] },
    ],
    [
      'python-stack-trace',
      [...AWS_RESOURCE, kv('telemetry.sdk.language', 'python')],
      { events: [exception('Traceback (most recent call last):\n  File ,x, y\nE: top')] },
    ],
    [
      'dotnet-stack-trace',
      [...AWS_RESOURCE, kv('telemetry.sdk.language', 'dotnet')],
      { events: [exception('E: top\n   at Foo.Bar() in Foo.cs:line')] },
    ],
  ] as const)(
    '8. GIVEN a span that makes the exporter panic (%s) WHEN ingested THEN its whole request is kept out of the map and listed',
    async (reason, resource, span) => {
      const ids = traceIds(20 + reason.length);
      const crashing = `crash-${reason}`;
      const bystander = `bystander-${reason}`;
      const result = await postJson(
        preview,
        request(resource, [
          { traceId: ids.otel, spanId: '1111111111111111', name: bystander, kind: SERVER },
          { traceId: ids.otel, spanId: '2222222222222222', name: crashing, kind: CLIENT, ...span },
        ]),
      );
      expect(await documentsOf(preview, ids.xray)).toEqual([]);
      expect(result.body.partialSuccess).toMatchObject({ rejectedSpans: '2' });
      expect(await warningsFor(crashing)).toEqual([
        expect.objectContaining({ reason, kind: 'crash', spanId: '2222222222222222' }),
      ]);
      expect(await warningsFor(bystander)).toEqual([
        expect.objectContaining({ reason: 'lost-with-crashed-batch', kind: 'lost' }),
      ]);
    },
  );
});
