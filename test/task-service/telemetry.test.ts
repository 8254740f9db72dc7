import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedSpan } from '../../testkit/otlp/receiver.js';
import { SpanKind, StatusCode } from '../../testkit/otlp/receiver.js';
import type { ServiceProcess } from '../../testkit/task-service/process.js';
import { randomSpanId, xrayRoot, xrayStyleTraceId } from '../../testkit/trace-ids.js';
import { startTracedService, type TracedService } from '../../testkit/task-service/traced.js';

let traced: TracedService;
let service: ServiceProcess;
let receiver: TracedService['receiver'];
const traceOf = (traceId: string, count: number) => traced.traceOf(traceId, count);

beforeAll(async () => {
  traced = await startTracedService('telemetry', {
    OTEL_RESOURCE_ATTRIBUTES:
      'k8s.cluster.name=test-cluster,k8s.namespace.name=prod,k8s.pod.name=task-service-0',
  });
  ({ service, receiver } = traced);
}, 120_000);

afterAll(() => traced?.close());

const byKindAndName = (
  spans: readonly ReceivedSpan[],
  kind: number,
  name: string,
): ReceivedSpan => {
  const found = spans.find((s) => s.kind === kind && s.name === name);
  if (!found)
    throw new Error(`no ${name} span of kind ${kind} among ${spans.map((s) => s.name).join(', ')}`);
  return found;
};

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${service.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('GIVEN the built service started with --import and a real OTLP gRPC receiver', () => {
  it('WHEN a task is created THEN the trace id starts with the current epoch seconds (X-Ray accepts it)', async () => {
    // No trace header: the service starts the trace, so its id generator is what is tested.
    const before = Math.floor(Date.now() / 1000);
    const res = await post('/tasks', { title: 'trace me' });
    expect(res.status).toBe(201);
    await receiver.waitFor((spans) =>
      spans.some(
        (s) => s.kind === SpanKind.SERVER && s.name === 'POST /tasks' && s.parentSpanId === '',
      ),
    );
    const server = receiver.spans.find(
      (s) => s.kind === SpanKind.SERVER && s.name === 'POST /tasks' && s.parentSpanId === '',
    ) as ReceivedSpan;
    const epoch = parseInt(server.traceId.slice(0, 8), 16);
    expect(epoch).toBeGreaterThanOrEqual(before - 5);
    expect(epoch).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5);
  });

  it('WHEN X-Amzn-Trace-Id carries Root and Parent THEN the server span joins that trace under that parent', async () => {
    const traceId = xrayStyleTraceId();
    const parent = randomSpanId();
    const res = await post(
      '/tasks',
      { title: 'from the ALB' },
      {
        'x-amzn-trace-id': `Root=${xrayRoot(traceId)};Parent=${parent};Sampled=1`,
      },
    );
    expect(res.status).toBe(201);
    const spans = await traceOf(traceId, 3);
    const server = byKindAndName(spans, SpanKind.SERVER, 'POST /tasks');
    expect(server.parentSpanId).toBe(parent);
  });

  it('WHEN traceparent is sent THEN the server span joins that trace under that parent', async () => {
    const traceId = xrayStyleTraceId();
    const parent = randomSpanId();
    const res = await fetch(`${service.baseUrl}/tasks?limit=5`, {
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    });
    expect(res.status).toBe(200);
    const spans = await traceOf(traceId, 3);
    const server = byKindAndName(spans, SpanKind.SERVER, 'GET /tasks');
    expect(server.parentSpanId).toBe(parent);
    expect(server.attributes.get('http.route')).toBe('/tasks');
  });

  it('WHEN a task is created THEN DynamoDB.PutItem is a CLIENT span with the aws-api attributes, under the business span', async () => {
    const traceId = xrayStyleTraceId();
    await post(
      '/tasks',
      { title: 'dynamo span' },
      { traceparent: `00-${traceId}-${randomSpanId()}-01` },
    );
    // server, business and DynamoDB spans
    const spans = await traceOf(traceId, 3);
    const put = byKindAndName(spans, SpanKind.CLIENT, 'DynamoDB.PutItem');
    expect(Object.fromEntries(put.attributes)).toMatchObject({
      'rpc.system': 'aws-api',
      'rpc.service': 'DynamoDB',
      'rpc.method': 'PutItem',
    });
    expect(put.attributes.get('aws.dynamodb.table_names')).toEqual([traced.table]);
    const business = byKindAndName(spans, SpanKind.INTERNAL, 'tasks.create');
    expect(put.parentSpanId).toBe(business.spanId);
    expect(Object.fromEntries(business.attributes)).toMatchObject({
      'task.operation': 'create',
      'task.outcome': 'ok',
      'task.store': 'dynamodb',
    });
    // No HTTP child under the SDK call (suppressInternalInstrumentation).
    expect(spans.filter((s) => s.parentSpanId === put.spanId)).toEqual([]);
  });

  it('WHEN the resource is inspected THEN it names the service and carries the cloud and k8s attributes', async () => {
    await receiver.waitFor((spans) => spans.length > 0);
    expect(Object.fromEntries(receiver.spans[0]?.resource ?? [])).toMatchObject({
      'service.name': 'task-service',
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_eks',
      'k8s.cluster.name': 'test-cluster',
      'k8s.namespace.name': 'prod',
      'k8s.pod.name': 'task-service-0',
    });
    expect(typeof receiver.spans[0]?.resource.get('service.version')).toBe('string');
  });

  it('WHEN an unknown task is read THEN the business span records the exception and its 404, not ERROR (X-Ray: error, not fault)', async () => {
    const traceId = xrayStyleTraceId();
    const res = await fetch(`${service.baseUrl}/tasks/3f1c1c1e-0000-4000-8000-000000000000`, {
      headers: { traceparent: `00-${traceId}-${randomSpanId()}-01` },
    });
    expect(res.status).toBe(404);
    const spans = await traceOf(traceId, 3);
    const business = byKindAndName(spans, SpanKind.INTERNAL, 'tasks.get');
    expect(business.status.code).not.toBe(StatusCode.ERROR);
    expect(business.attributes.get('http.response.status_code')).toBe(404);
    expect(business.attributes.get('task.outcome')).toBe('not_found');
    const exception = business.events.find((e) => e.name === 'exception');
    expect(exception?.attributes.get('exception.type')).toBe('AppError');
    expect(String(exception?.attributes.get('exception.message'))).toContain('does not exist');
  });

  it('WHEN /healthz and /readyz are probed THEN they make no spans at all (not even the readiness DynamoDB call)', async () => {
    const probeTrace = xrayStyleTraceId();
    for (const path of ['/healthz', '/readyz', '/healthz?verbose=1', '/readyz?x=1']) {
      const res = await fetch(`${service.baseUrl}${path}`, {
        headers: { traceparent: `00-${probeTrace}-${randomSpanId()}-01` },
      });
      expect(res.status).toBe(200);
    }
    // A traced request after the probes: once its spans are in, the probes' would be too.
    const marker = xrayStyleTraceId();
    await fetch(`${service.baseUrl}/tasks?limit=1`, {
      headers: { traceparent: `00-${marker}-${randomSpanId()}-01` },
    });
    await traceOf(marker, 3);
    expect(receiver.spans.filter((s) => s.traceId === probeTrace)).toEqual([]);
    const probeSpans = receiver.spans.filter((s) =>
      ['/healthz', '/readyz'].includes(String(s.attributes.get('url.path'))),
    );
    expect(probeSpans).toEqual([]);
    // Every DynamoDB span belongs to a request trace: none is a root of its own.
    const roots = receiver.spans.filter((s) => s.kind === SpanKind.CLIENT && s.parentSpanId === '');
    expect(roots).toEqual([]);
  });

  it('WHEN a browser sends a CORS preflight THEN it makes no span, while the actual request does', async () => {
    const preflightTrace = xrayStyleTraceId();
    const preflight = await fetch(`${service.baseUrl}/tasks`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,traceparent',
        traceparent: `00-${preflightTrace}-${randomSpanId()}-01`,
      },
    });
    expect(preflight.status).toBeLessThan(500);
    const marker = xrayStyleTraceId();
    await post(
      '/tasks',
      { title: 'after preflight' },
      { traceparent: `00-${marker}-${randomSpanId()}-01` },
    );
    await traceOf(marker, 3);
    expect(receiver.spans.filter((s) => s.traceId === preflightTrace)).toEqual([]);
    const optionsSpans = receiver.spans.filter(
      (s) => s.kind === SpanKind.SERVER && s.attributes.get('http.request.method') === 'OPTIONS',
    );
    expect(optionsSpans).toEqual([]);
  });
});
