// OTLP/HTTP receiver: protobuf and JSON bodies, error statuses, partial success, CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { ExportTraceServiceResponse } from '../../apps/xray-preview/src/otlp/proto-schema.js';
import { localStackTrace, toProtobuf, traceIdsAt } from './otlp-fixtures.js';

const ORIGIN = 'http://localhost:5173';
let preview: RunningPreview;
let base: string;

beforeAll(async () => {
  preview = await startPreview({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    skipTimestampValidation: false,
    corsAllowedOrigins: [ORIGIN],
  });
  base = `http://127.0.0.1:${preview.httpPort}`;
});
afterAll(() => preview.close());

const nowSeconds = () => Date.now() / 1000;

async function documents(traceId: string): Promise<{ name: string }[]> {
  const res = await fetch(
    `http://127.0.0.1:${preview.apiPort}/api/segment-documents?traceId=${traceId}`,
  );
  return (await res.json()) as { name: string }[];
}

describe('OTLP/HTTP /v1/traces', () => {
  it('GIVEN a protobuf ExportTraceServiceRequest WHEN posted THEN 200 with an empty protobuf response and the spans are stored', async () => {
    const ids = traceIdsAt(nowSeconds(), 'a1');
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: toProtobuf(localStackTrace(ids, nowSeconds())),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(
      ExportTraceServiceResponse.toObject(
        ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())),
      ),
    ).toEqual({});
    expect((await documents(ids.xrayTraceId)).map((d) => d.name)).toEqual([
      'task-service',
      'task-service',
      'DynamoDB',
    ]);
  });

  it('GIVEN OTLP JSON WHEN posted THEN 200 {} and the same documents as protobuf', async () => {
    const ids = traceIdsAt(nowSeconds(), 'a2');
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(localStackTrace(ids, nowSeconds())),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await documents(ids.xrayTraceId)).toHaveLength(3);
  });

  it('GIVEN the OTel JS OTLP/HTTP exporter WHEN it exports a span THEN the preview stores its segment', async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'exporter-test' }),
      // X-Ray ids carry the current time, so they pass the timestamp gate this preview enables.
      idGenerator: new AWSXRayIdGenerator(),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${base}/v1/traces` }) }),
      ],
    });
    const span = provider
      .getTracer('t')
      .startSpan('GET /ping', { kind: 1, attributes: { 'http.request.method': 'GET' } });
    const traceId = span.spanContext().traceId;
    span.end();
    await provider.forceFlush();
    await provider.shutdown();
    const xrayId = `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
    expect((await documents(xrayId)).map((d) => d.name)).toEqual(['exporter-test']);
  });

  it('GIVEN spans with trace IDs older than 28 days and validation on WHEN posted THEN partial_success reports them', async () => {
    const ids = traceIdsAt(nowSeconds() - 40 * 86400, 'a3');
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(localStackTrace(ids, nowSeconds())),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(body.partialSuccess.rejectedSpans).toBe('3');
    expect(body.partialSuccess.errorMessage).toMatch(/older than 28 days/);
  });

  it('GIVEN an undecodable protobuf body WHEN posted THEN 400', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff]),
    });
    expect(res.status).toBe(400);
  });

  it('GIVEN invalid JSON WHEN posted THEN 400 with a google.rpc.Status JSON body', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 3, message: expect.stringMatching(/not JSON/) });
  });

  it('GIVEN a text/plain body WHEN posted THEN 415 naming the supported types', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/application\/x-protobuf/);
  });

  it('GIVEN another path or method WHEN requested THEN 404 / 405', async () => {
    expect((await fetch(`${base}/v1/metrics`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/v1/traces`)).status).toBe(405);
  });
});

describe('OTLP/HTTP CORS', () => {
  it('GIVEN a preflight from an allowed origin WHEN sent THEN 204 echoes the origin, method and requested headers with Vary: Origin', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(res.headers.get('vary')).toMatch(/Origin/);
  });

  it('GIVEN a preflight from another origin WHEN sent THEN 403 without Access-Control-Allow-Origin', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('GIVEN a preflight asking for an unknown header WHEN sent THEN 403 naming it', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-secret',
      },
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/x-secret/);
  });

  it('GIVEN an actual POST from an allowed origin WHEN sent THEN the response echoes the origin', async () => {
    const ids = traceIdsAt(nowSeconds(), 'a4');
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(localStackTrace(ids, nowSeconds())),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('GIVEN an actual POST from another origin WHEN sent THEN 403 and nothing is stored', async () => {
    const ids = traceIdsAt(nowSeconds(), 'a5');
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify(localStackTrace(ids, nowSeconds())),
    });
    expect(res.status).toBe(403);
    expect(await documents(ids.xrayTraceId)).toEqual([]);
  });
});
