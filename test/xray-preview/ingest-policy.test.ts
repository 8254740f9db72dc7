// The browser port's ingest policy: the preview as the local stack starts it takes on its
// OTLP/HTTP port only what task-web sends (TASK_WEB_EXPORT_LIMITS), as the public web collector
// does; the gRPC port (the task service's) and a preview run alone accept any service.
import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_WEB_EXPORT_LIMITS, TASK_WEB_SERVICE_NAME } from '../../apps/task-web/src/contract.js';
import { LocalRootSpanProcessor } from '../../apps/task-web/src/local-root-processor.js';
import type { PreviewStats } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { startXrayPreview, type PreviewHandle } from '../../scripts/local-stack/preview.js';
import { exportOverGrpc, postOtlpJson, summaries, type OtlpAnswer } from './preview-client.js';
import { forgedSpan, traceIdsAt } from './otlp-fixtures.js';

let stack: PreviewHandle;

beforeAll(async () => {
  stack = await startXrayPreview({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    corsAllowedOrigins: ['http://127.0.0.1:5999'],
  });
});
afterAll(() => stack.close());

const now = () => Date.now() / 1000;
const stats = async (apiPort: number): Promise<PreviewStats> =>
  (await (await fetch(`http://127.0.0.1:${apiPort}/api/stats`)).json()) as PreviewStats;

describe('browser port policy (local stack)', () => {
  it('GIVEN a forged task-service fault posted like curl (no Origin) WHEN sent to the browser port THEN it is refused, counted, and X-Ray finds no such fault', async () => {
    const ids = traceIdsAt(now(), 'f1');
    const answer: OtlpAnswer = await postOtlpJson(
      stack.httpPort,
      forgedSpan(ids, now(), 'task-service'),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: expect.stringMatching(/^service_not_allowed: service "task-service"/),
      },
    });
    const found = await summaries(stack.apiPort, 'service("task-service") AND fault');
    expect(found.map((s) => s.Id)).not.toContain(ids.xrayTraceId);
    expect((await stats(stack.apiPort)).refusedSpans.service_not_allowed).toBeGreaterThanOrEqual(1);
  });

  it("GIVEN task-web's own tracer setup (limits, local-root marking, OTLP/HTTP exporter) WHEN it exports an action with a fetch and a long attribute THEN every span is accepted", async () => {
    const before = await stats(stack.apiPort);
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': TASK_WEB_SERVICE_NAME }),
      idGenerator: new AWSXRayIdGenerator(),
      spanLimits: { attributeValueLengthLimit: TASK_WEB_EXPORT_LIMITS.maxAttributeValueLength },
      spanProcessors: [
        new LocalRootSpanProcessor(TASK_WEB_SERVICE_NAME),
        new SimpleSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${stack.httpPort}/v1/traces` }),
        }),
      ],
    });
    const tracer = provider.getTracer('task-web');
    const action = tracer.startSpan('tasks.create', { kind: SpanKind.INTERNAL });
    const fetchSpan = tracer.startSpan(
      'HTTP POST',
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.method': 'POST',
          'http.url': 'http://127.0.0.1:8080/tasks',
          'http.status_code': 201,
          // The SDK cuts this to the limit, so the port accepts it.
          'task.title': 'x'.repeat(TASK_WEB_EXPORT_LIMITS.maxAttributeValueLength * 2),
        },
      },
      trace.setSpan(context.active(), action),
    );
    fetchSpan.end();
    action.end();
    await provider.forceFlush();
    await provider.shutdown();
    const traceId = action.spanContext().traceId;
    const after = await stats(stack.apiPort);
    expect(after.spansReceived - before.spansReceived).toBe(2);
    expect(after.refusedSpans).toEqual(before.refusedSpans);
    const found = await summaries(stack.apiPort, `service("${TASK_WEB_SERVICE_NAME}")`);
    expect(found.map((s) => s.Id)).toContain(`1-${traceId.slice(0, 8)}-${traceId.slice(8)}`);
  });

  it('GIVEN task-web spans that claim aws.local.service task-service WHEN posted THEN they are refused as service_not_allowed', async () => {
    const ids = traceIdsAt(now(), 'f2');
    const body = forgedSpan(ids, now(), TASK_WEB_SERVICE_NAME, {
      'aws.local.service': 'task-service',
    });
    const answer = await postOtlpJson(stack.httpPort, body);
    expect(answer.body).toMatchObject({ partialSuccess: { rejectedSpans: '1' } });
  });

  it('GIVEN more spans than one request may hold WHEN posted THEN the whole request is refused as too_many_spans', async () => {
    const before = await stats(stack.apiPort);
    const max = TASK_WEB_EXPORT_LIMITS.maxSpansPerRequest;
    const body = forgedSpan(traceIdsAt(now(), 'f3'), now(), TASK_WEB_SERVICE_NAME, {}, max + 1);
    const answer = await postOtlpJson(stack.httpPort, body);
    expect(answer.body).toMatchObject({
      partialSuccess: {
        rejectedSpans: String(max + 1),
        errorMessage: expect.stringMatching(/^too_many_spans: .* at most 100 per request/),
      },
    });
    const after = await stats(stack.apiPort);
    expect(after.refusedSpans.too_many_spans - before.refusedSpans.too_many_spans).toBe(max + 1);
  });

  it('GIVEN an attribute longer than the SDK would have left it WHEN posted THEN the span is refused as attribute_too_long', async () => {
    const long = 'y'.repeat(TASK_WEB_EXPORT_LIMITS.maxAttributeValueLength + 1);
    const body = forgedSpan(traceIdsAt(now(), 'f4'), now(), TASK_WEB_SERVICE_NAME, {
      'task.title': long,
    });
    const answer = await postOtlpJson(stack.httpPort, body);
    expect(answer.body).toMatchObject({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage: expect.stringMatching(/^attribute_too_long: span attribute "task.title"/),
      },
    });
  });

  it('GIVEN a body over task-web’s byte bound WHEN posted THEN 413 and the request is counted as body_too_large', async () => {
    const before = await stats(stack.apiPort);
    const padding = 'z'.repeat(TASK_WEB_EXPORT_LIMITS.maxRequestBodyBytes);
    const answer = await postOtlpJson(stack.httpPort, { resourceSpans: [], padding });
    expect(answer.status).toBe(413);
    const after = await stats(stack.apiPort);
    expect(after.refusedRequests.body_too_large - before.refusedRequests.body_too_large).toBe(1);
  });

  it('GIVEN the same forged span WHEN it arrives over gRPC (the task service’s port) THEN it is accepted: the policy is the browser port’s only', async () => {
    const ids = traceIdsAt(now(), 'f5');
    expect(await exportOverGrpc(stack.grpcPort, forgedSpan(ids, now(), 'task-service'))).toBeNull();
    const found = await summaries(stack.apiPort, 'service("task-service") AND fault');
    expect(found.map((s) => s.Id)).toContain(ids.xrayTraceId);
  });
});

describe('preview run alone', () => {
  let alone: RunningPreview;
  beforeAll(async () => {
    alone = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
  });
  afterAll(() => alone.close());

  it('GIVEN no policy WHEN any service posts over OTLP/HTTP THEN its spans are accepted', async () => {
    const ids = traceIdsAt(now(), 'f6');
    const answer = await postOtlpJson(alone.httpPort, forgedSpan(ids, now(), 'task-service'));
    expect(answer.body).toEqual({});
    const found = await summaries(alone.apiPort, 'service("task-service") AND fault');
    expect(found.map((s) => s.Id)).toContain(ids.xrayTraceId);
  });
});
