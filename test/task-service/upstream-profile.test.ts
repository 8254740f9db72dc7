// The `upstream` tracing profile (http + express instrumentations, the ESM loader hook,
// BatchSpanProcessor) is no longer the default but stays selectable: this keeps it working end
// to end, on the built process started with `--import`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanKind } from '../../testkit/otlp/receiver.js';
import { randomSpanId, xrayStyleTraceId } from '../../testkit/trace-ids.js';
import { startTracedService, type TracedService } from '../../testkit/task-service/traced.js';

let traced: TracedService;

beforeAll(async () => {
  traced = await startTracedService('upstream', { TASK_SERVICE_TRACING_PROFILE: 'upstream' });
}, 120_000);

afterAll(() => traced?.close());

describe('GIVEN the built service with TASK_SERVICE_TRACING_PROFILE=upstream', () => {
  it('WHEN a task is created under a traceparent THEN the instrumentations trace it: routed server span, Express handler, business span, DynamoDB span', async () => {
    const traceId = xrayStyleTraceId();
    const parent = randomSpanId();
    const res = await fetch(`${traced.service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parent}-01` },
      body: JSON.stringify({ title: 'upstream' }),
    });
    expect(res.status).toBe(201);

    const spans = await traced.traceOf(traceId, 4);
    const server = spans.find((s) => s.kind === SpanKind.SERVER);
    expect(server?.parentSpanId).toBe(parent);
    // http.route only exists when instrumentation-express ran, i.e. the loader hook worked.
    expect(server?.attributes.get('http.route')).toBe('/tasks');
    expect(server?.name).toBe('POST /tasks');
    expect(spans.some((s) => s.name === 'tasks.create' && s.kind === SpanKind.INTERNAL)).toBe(true);
    expect(spans.some((s) => s.name === 'DynamoDB.PutItem' && s.kind === SpanKind.CLIENT)).toBe(
      true,
    );
    expect(spans.some((s) => s.name.startsWith('request handler'))).toBe(true);
  });

  it('WHEN the service stops THEN it logs the span counts of the upstream processor', async () => {
    expect(await traced.service.stop()).toBe(0);
    const shutdown = traced.service.logs.find((l) => l.msg === 'telemetry shutdown');
    expect(shutdown).toMatchObject({ tracing: true, timedOut: false });
  });
});
