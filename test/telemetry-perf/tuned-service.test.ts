// The built task service with the tuned tracing profile, end to end: a real process started
// with `--import`, dynalite, and a real OTLP gRPC receiver on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../../testkit/otlp/receiver.js';
import { SpanKind } from '../../testkit/otlp/receiver.js';
import { freePort } from '../../testkit/process/ports.js';
import { startServiceProcess } from '../../testkit/task-service/process.js';
import type { ServiceProcess } from '../../testkit/task-service/process.js';
import { randomSpanId, xrayRoot, xrayStyleTraceId } from '../../testkit/trace-ids.js';
import { startTracedService, type TracedService } from '../../testkit/task-service/traced.js';

// Explicit, although tuned is the default: these tests pin the tuned profile's span shape.
const TUNED = {
  TASK_SERVICE_TRACING_PROFILE: 'tuned',
  OTEL_TRACES_SAMPLER: 'parentbased_always_on',
};
let traced: TracedService;
let service: ServiceProcess;
let receiver: TracedService['receiver'];
const traceOf = (traceId: string, count: number) => traced.traceOf(traceId, count);

beforeAll(async () => {
  traced = await startTracedService('tuned', TUNED);
  ({ service, receiver } = traced);
}, 120_000);

afterAll(() => traced?.close());

const one = (spans: readonly ReceivedSpan[], kind: number, name: string): ReceivedSpan => {
  const found = spans.filter((s) => s.kind === kind && s.name === name);
  if (found.length !== 1)
    throw new Error(
      `expected one ${name} (kind ${kind}), got ${spans.map((s) => s.name).join(', ')}`,
    );
  return found[0] as ReceivedSpan;
};

describe('GIVEN the built service with TASK_SERVICE_TRACING_PROFILE=tuned', () => {
  it('WHEN the ALB forwards a create THEN the trace is server span -> business span -> DynamoDB.PutItem, and nothing else', async () => {
    const traceId = xrayStyleTraceId();
    const parent = randomSpanId();
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id': `Root=${xrayRoot(traceId)};Parent=${parent};Sampled=1`,
      },
      body: JSON.stringify({ title: 'tuned' }),
    });
    expect(res.status).toBe(201);
    const spans = await traceOf(traceId, 3);

    const server = one(spans, SpanKind.SERVER, 'POST /tasks');
    const business = one(spans, SpanKind.INTERNAL, 'tasks.create');
    const put = one(spans, SpanKind.CLIENT, 'DynamoDB.PutItem');
    expect(spans).toHaveLength(3); // no per-middleware or request-handler spans
    expect(server.parentSpanId).toBe(parent);
    expect(Object.fromEntries(server.attributes)).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/tasks',
      'http.response.status_code': 201,
    });
    expect(business.parentSpanId).toBe(server.spanId);
    expect(put.parentSpanId).toBe(business.spanId);
    expect(Object.fromEntries(put.attributes)).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'DynamoDB',
    });
  });

  it('WHEN the ALB made the X-Amzn-Trace-Id (Root only) THEN the request is a root span in the ALB trace', async () => {
    const traceId = xrayStyleTraceId();
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id': `Root=${xrayRoot(traceId)}`,
      },
      body: JSON.stringify({ title: 'via the ALB' }),
    });
    expect(res.status).toBe(201);
    const spans = await traceOf(traceId, 3);

    expect(one(spans, SpanKind.SERVER, 'POST /tasks').parentSpanId).toBe('');
    expect(one(spans, SpanKind.CLIENT, 'DynamoDB.PutItem').traceId).toBe(traceId);
  });

  it('WHEN a task is read by id THEN the server span carries the parameterised route', async () => {
    const created = (await (
      await fetch(`${service.baseUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'read me' }),
      })
    ).json()) as { id: string };
    const traceId = xrayStyleTraceId();
    const res = await fetch(`${service.baseUrl}/tasks/${created.id}`, {
      headers: { traceparent: `00-${traceId}-${randomSpanId()}-01` },
    });
    expect(res.status).toBe(200);
    const spans = await traceOf(traceId, 3);
    expect(one(spans, SpanKind.SERVER, 'GET /tasks/:id').attributes.get('http.route')).toBe(
      '/tasks/:id',
    );
  });

  it('WHEN the caller did not sample (traceparent flags 00) THEN no span of the request arrives, and no orphan root either', async () => {
    const dropped = xrayStyleTraceId();
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${dropped}-${randomSpanId()}-00`,
      },
      body: JSON.stringify({ title: 'not sampled' }),
    });
    expect(res.status).toBe(201);
    const rootsBefore = receiver.spans.filter((s) => s.parentSpanId === '').length;
    // A sampled request after it: once its spans are in, the unsampled one's would be too.
    const marker = xrayStyleTraceId();
    await fetch(`${service.baseUrl}/tasks?limit=1`, {
      headers: { traceparent: `00-${marker}-${randomSpanId()}-01` },
    });
    await traceOf(marker, 3);

    expect(receiver.spans.filter((s) => s.traceId === dropped)).toEqual([]);
    // Had the business span or DynamoDB call lost the unsampled parent, it would be a new root.
    expect(receiver.spans.filter((s) => s.parentSpanId === '')).toHaveLength(rootsBefore);
  });
});

describe('GIVEN the tuned profile and a collector that is down', () => {
  it('WHEN SIGTERM arrives after traffic THEN the service exits 0 and logs the lost spans with their count', async () => {
    const down = await startServiceProcess({
      ...TUNED,
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
    });
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${down.baseUrl}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `lost ${i}` }),
      });
      expect(res.status).toBe(201);
    }

    expect(await down.stop()).toBe(0);

    const closed = down.logs.find((l) => l.msg === 'span pipeline closed with losses') as
      { spansEnded: number; spansDropped: number; spansExported: number } | undefined;
    expect(closed).toMatchObject({ spansEnded: 40, spansExported: 0, spansDropped: 40 });
  });
});
