import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, ParentBasedSampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { albRoot } from '../../apps/task-service/src/telemetry/sdk/alb-root-trace-id.js';
import { byName, start } from './support/traced-express.js';

describe('installServerSpans: one SERVER span per request, made without instrumentation-http', () => {
  it('GIVEN a POST with a JSON body WHEN it is routed through a mounted router THEN the server span has route, method, status, and the business span is its child', async () => {
    const svc = await start();
    const res = await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'test-agent' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(res.status).toBe(201);
    await svc.ended.atLeast(2);

    const server = byName(svc.spans(), 'POST /tasks');
    const business = byName(svc.spans(), 'tasks.create');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/tasks',
      'http.response.status_code': 201,
      'url.path': '/tasks',
      'user_agent.original': 'test-agent',
      'client.address': '127.0.0.1',
    });
    // The body parser continues in request-stream callbacks: the context must survive them.
    expect(business.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(business.spanContext().traceId).toBe(server.spanContext().traceId);
  });

  it('GIVEN no Express route hook WHEN a POST body is parsed THEN the request stream is bound and the business span is still a child of the server span', async () => {
    const svc = await start({ viaExpressRoute: false });
    const res = await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(res.status).toBe(201);
    await svc.ended.atLeast(2);

    const server = byName(svc.spans(), 'POST'); // no route without the hook
    const business = byName(svc.spans(), 'tasks.create');
    expect(business.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('GIVEN an X-Amzn-Trace-Id header from the ALB WHEN the request arrives THEN the server span joins that trace under that parent', async () => {
    const svc = await start();
    await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id':
          'Root=1-5f000000-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
      },
      body: '{}',
    });
    await svc.ended.atLeast(2);

    const server = byName(svc.spans(), 'POST /tasks');
    expect(server.spanContext().traceId).toBe('5f0000000123456789abcdef01234567');
    expect(server.parentSpanContext?.spanId).toBe('0123456789abcdef');
  });

  it('GIVEN an X-Amzn-Trace-Id the ALB made (Root only, no Parent or Sampled) WHEN the request arrives THEN the server span is a root span in that trace, and the next request gets a trace of its own', async () => {
    const svc = await start();
    await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id':
          'Self=1-5f000001-111111111111111111111111;Root=1-5f000000-0123456789abcdef01234567',
      },
      body: '{}',
    });
    await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await svc.ended.atLeast(4);

    const [joined, other] = svc.spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(joined?.spanContext().traceId).toBe('5f0000000123456789abcdef01234567');
    expect(joined?.parentSpanContext).toBeUndefined();
    expect(other?.spanContext().traceId).not.toBe('5f0000000123456789abcdef01234567');
    const business = byName(svc.spans(), 'tasks.create');
    expect(business.spanContext().traceId).toBe('5f0000000123456789abcdef01234567');
  });

  it('GIVEN X-Amzn-Trace-Id values WHEN the ALB Root is read THEN only a well-formed, non-zero Root counts, with its Sampled field', () => {
    expect(albRoot('Root=1-5f000000-0123456789ABCDEF01234567')).toEqual({
      traceId: '5f0000000123456789abcdef01234567',
      sampled: undefined,
    });
    expect(albRoot('Root=1-5f000000-0123456789abcdef01234567;Sampled=1')?.sampled).toBe(true);
    expect(albRoot('Sampled=0; Root=1-5f000000-0123456789abcdef01234567')?.sampled).toBe(false);
    // "?" asks the service to decide; anything else is not a decision either.
    expect(albRoot('Root=1-5f000000-0123456789abcdef01234567;Sampled=?')?.sampled).toBeUndefined();
    expect(albRoot('Root=1-5f000000-0123456789abcdef01234567;Sampled=11')?.sampled).toBeUndefined();
    expect(albRoot(['Root=1-5f000000-0123456789abcdef01234567;Sampled=1'])?.sampled).toBe(true);
    expect(albRoot('Self=1-5f000001-111111111111111111111111')).toBeUndefined();
    expect(albRoot('Self=1-5f000001-111111111111111111111111;Sampled=1')).toBeUndefined();
    expect(albRoot('Root=1-5f000000-0123')).toBeUndefined();
    expect(albRoot('Root=2-5f000000-0123456789abcdef01234567')).toBeUndefined();
    expect(albRoot('Root=1-00000000-000000000000000000000000')).toBeUndefined();
    expect(albRoot(undefined)).toBeUndefined();
  });

  it('GIVEN a sampler that keeps nothing WHEN a caller sends a Root-only X-Amzn-Trace-Id with Sampled=1 THEN the request is traced as a root span in that trace, and one without Sampled is not', async () => {
    const root = 'Root=1-5f000000-0123456789abcdef01234567';
    const svc = await start({ sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) });
    for (const header of [`${root};Sampled=1`, root, 'Root=1-5f000002-222222222222222222222222']) {
      const res = await fetch(`${svc.base}/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amzn-trace-id': header },
        body: '{}',
      });
      expect(res.status).toBe(201);
    }
    await svc.ended.atLeast(2);

    const server = byName(svc.spans(), 'POST /tasks');
    expect(server.spanContext().traceId).toBe('5f0000000123456789abcdef01234567');
    expect(server.parentSpanContext).toBeUndefined();
    expect(byName(svc.spans(), 'tasks.create').parentSpanContext?.spanId).toBe(
      server.spanContext().spanId,
    );
    // Only the Sampled=1 request was recorded: its server and business spans.
    expect(svc.spans()).toHaveLength(2);
  });

  it('GIVEN a sampler that keeps everything WHEN a caller sends a Root-only X-Amzn-Trace-Id with Sampled=0 THEN nothing of that request is recorded', async () => {
    const svc = await start();
    await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-amzn-trace-id': 'Root=1-5f000000-0123456789abcdef01234567;Sampled=0',
      },
      body: '{}',
    });
    await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await svc.ended.atLeast(2);

    expect(svc.spans().map((s) => s.spanContext().traceId)).not.toContain(
      '5f0000000123456789abcdef01234567',
    );
    expect(svc.spans().filter((s) => s.kind === SpanKind.SERVER)).toHaveLength(1);
  });

  it('GIVEN a handler that throws WHEN the error handler answers 500 THEN the server span has ERROR status and error.type', async () => {
    const svc = await start();
    const res = await fetch(`${svc.base}/tasks/42`);
    expect(res.status).toBe(500);
    await svc.ended.atLeast(1);

    const server = byName(svc.spans(), 'GET /tasks/:id');
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes).toMatchObject({
      'http.response.status_code': 500,
      'error.type': '500',
    });
  });

  it('GIVEN an unknown path WHEN it gets 404 THEN the span is named by the method only (no route to name it by)', async () => {
    const svc = await start();
    expect((await fetch(`${svc.base}/nope?secret=1`)).status).toBe(404);
    await svc.ended.atLeast(1);

    const server = byName(svc.spans(), 'GET');
    expect(server.attributes['http.route']).toBeUndefined();
    expect(server.attributes['url.path']).toBe('/nope');
  });

  it('GIVEN /healthz is ignored WHEN it is probed with a query string THEN neither it nor anything under it makes a span', async () => {
    const svc = await start();
    expect((await fetch(`${svc.base}/healthz?verbose=1`)).status).toBe(200);
    await fetch(`${svc.base}/nope`);
    await svc.ended.atLeast(1);
    await svc.settle();

    expect(svc.spans().map((s) => s.name)).toEqual(['GET']);
  });

  it('GIVEN the sampler drops the request WHEN the handler starts a business span THEN nothing is recorded (no orphan root)', async () => {
    // Drops SERVER roots, keeps any other root: a business span that lost its parent would show.
    const serverOnly: Sampler = {
      shouldSample: (_ctx, _traceId, _name, kind) => ({
        decision:
          kind === SpanKind.SERVER
            ? SamplingDecision.NOT_RECORD
            : SamplingDecision.RECORD_AND_SAMPLED,
      }),
      toString: () => 'drop-server-roots',
    };
    const svc = await start({ sampler: new ParentBasedSampler({ root: serverOnly }) });
    const res = await fetch(`${svc.base}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(201);
    await svc.settle();

    expect(svc.spans()).toEqual([]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
