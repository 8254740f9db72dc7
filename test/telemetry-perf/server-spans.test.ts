import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { IdGenerator, ReadableSpan, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AdoptingIdGenerator,
  albRootTraceId,
} from '../../apps/task-service/src/telemetry/sdk/alb-root-trace-id.js';
import { DecidingSampler } from '../../apps/task-service/src/telemetry/sdk/deciding-sampler.js';
import { XRayRuleSampler } from '../../apps/task-service/src/telemetry/sdk/sampler.js';
import { installServerSpans } from '../../apps/task-service/src/telemetry/sdk/server-spans.js';
import type { ExpressRouteClass } from '../../apps/task-service/src/telemetry/sdk/server-spans.js';

/** The `router` instance Express loads (resolved from express's own location). */
const expressRoute = (): ExpressRouteClass => {
  const fromExpress = createRequire(createRequire(import.meta.url).resolve('express'));
  return (fromExpress('router') as { Route: ExpressRouteClass }).Route;
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Ended spans, with a wait for a count of them. The server span ends on the response's 'close',
 * just after the client has its answer, so tests wait for it instead of reading at once.
 */
class EndedSpans implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  started = 0;
  private readonly waiters: { n: number; resolve: () => void }[] = [];

  onStart(): void {
    this.started += 1;
  }

  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
    for (const w of this.waiters.filter((x) => this.spans.length >= x.n)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Resolves once `n` spans have ended; fails after a deadline long enough for a loaded machine. */
  atLeast(n: number): Promise<void> {
    if (this.spans.length >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `waited 20 s for ${n} ended spans; got ${this.spans.length}: ${this.spans.map((s) => s.name).join(', ')}`,
            ),
          ),
        20_000,
      );
      this.waiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The X-Ray id generator, counting what it is asked for. */
class CountingIds implements IdGenerator {
  traceIds = 0;
  spanIds = 0;
  private readonly inner = new AWSXRayIdGenerator();

  generateTraceId(): string {
    this.traceIds += 1;
    return this.inner.generateTraceId();
  }

  generateSpanId(): string {
    this.spanIds += 1;
    return this.inner.generateSpanId();
  }
}

interface StartOptions {
  /** @default parent-based always-on */
  readonly sampler?: Sampler;
  /** Whether the sampler reads a new trace's id. @default true */
  readonly readsTraceId?: boolean;
  /** Patch Express route dispatch (else bind the request stream). @default true */
  readonly viaExpressRoute?: boolean;
}

/** An Express app shaped like the task service: JSON body, a mounted router, a business span. */
async function start(options: StartOptions = {}) {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()],
    }),
  );
  const ended = new EndedSpans();
  const counted = new CountingIds();
  const ids = new AdoptingIdGenerator(counted);
  const sampler = new DecidingSampler(
    options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    { readsTraceId: options.readsTraceId ?? true },
  );
  const provider = new TracerProvider({ idGenerator: ids, spanProcessors: [ended], sampler });
  const tracer: Tracer = provider.getTracer('server-spans-test');
  const uninstall = installServerSpans({
    tracer,
    sampler,
    ids,
    ignore: (req) => (req.url ?? '').split('?')[0] === '/healthz',
    ...((options.viaExpressRoute ?? true) ? { expressRoute: expressRoute() } : {}),
  });
  cleanups.push(() => {
    uninstall();
    context.disable();
    propagation.disable();
  });

  const app = express();
  app.use(express.json());
  const router = express.Router();
  router.post('/', (req, res) => {
    tracer.startActiveSpan('tasks.create', (span) => {
      span.end();
      res.status(201).json(req.body);
    });
  });
  router.get('/:id', (_req, _res) => {
    throw new Error('storage exploded');
  });
  app.use('/tasks', router);
  app.get('/plain', (_req, res) => {
    res.json({ ok: true });
  });
  // What a DynamoDB call's instrumentation does: a child span under the request's context. And
  // the request's own trace, as a propagator would read it.
  app.get('/child', (_req, res) => {
    const span = tracer.startSpan('child');
    const { traceFlags } = span.spanContext();
    span.end();
    const request = trace.getActiveSpan()?.spanContext();
    res.json({
      traceId: request?.traceId,
      requestSampled: request === undefined ? undefined : (request.traceFlags & 1) === 1,
      sampled: (traceFlags & 1) === 1,
      recording: span.isRecording(),
    });
  });
  app.get('/healthz', (_req, res) => {
    tracer.startSpan('inside-probe').end();
    res.json({ ok: true });
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    ids: counted,
    ended,
    spans: (): ReadableSpan[] => ended.spans,
    settle: () => provider.forceFlush(),
  };
}

const byName = (spans: ReadableSpan[], name: string): ReadableSpan => {
  const s = spans.find((x) => x.name === name);
  if (s === undefined)
    throw new Error(`no span ${name} among ${spans.map((x) => x.name).join(', ')}`);
  return s;
};

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

  it('GIVEN X-Amzn-Trace-Id values WHEN the ALB Root is read THEN only a well-formed, non-zero Root counts', () => {
    expect(albRootTraceId('Root=1-5f000000-0123456789ABCDEF01234567')).toBe(
      '5f0000000123456789abcdef01234567',
    );
    expect(albRootTraceId('Self=1-5f000001-111111111111111111111111')).toBeUndefined();
    expect(albRootTraceId('Root=1-5f000000-0123')).toBeUndefined();
    expect(albRootTraceId('Root=2-5f000000-0123456789abcdef01234567')).toBeUndefined();
    expect(albRootTraceId('Root=1-00000000-000000000000000000000000')).toBeUndefined();
    expect(albRootTraceId(undefined)).toBeUndefined();
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

  it('GIVEN a sampler that drops everything WHEN requests are served THEN no SDK span starts and no trace or span id is made', async () => {
    const svc = await start({ sampler: new AlwaysOffSampler(), readsTraceId: false });
    for (let i = 0; i < 5; i++) expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    await svc.settle();

    expect(svc.ended.started).toBe(0);
    expect(svc.ids.traceIds + svc.ids.spanIds).toBe(0);
  });

  it("GIVEN a caller that did not sample (traceparent flags 00) WHEN the handler starts a span THEN it records nothing, the request stays in the caller's trace unsampled, and nothing is exported", async () => {
    const svc = await start();
    const traceId = '5f0000000123456789abcdef01234567';
    const res = await fetch(`${svc.base}/child`, {
      headers: { traceparent: `00-${traceId}-0123456789abcdef-00` },
    });
    await svc.settle();

    expect(await res.json()).toEqual({
      traceId,
      requestSampled: false,
      sampled: false,
      recording: false,
    });
    expect(svc.spans()).toEqual([]);
  });

  it("GIVEN a sampler that drops everything WHEN the handler reads the request's trace THEN it gets a valid X-Ray trace id made on demand, and a span it starts records nothing", async () => {
    const svc = await start({ sampler: new AlwaysOffSampler(), readsTraceId: false });
    const child = (await (await fetch(`${svc.base}/child`)).json()) as { traceId: string };
    await svc.settle();

    expect(child).toMatchObject({ requestSampled: false, sampled: false, recording: false });
    expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(Math.abs(parseInt(child.traceId.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(600);
    expect(svc.ids.traceIds).toBe(1);
  });

  it('GIVEN a reservoir of one trace per second and no ratio WHEN one request arrives THEN it is recorded: the decision made before the span is the one the SDK uses, the reservoir is not charged twice', async () => {
    const now = 1_700_000_000_000;
    const svc = await start({
      sampler: new ParentBasedSampler({
        root: new XRayRuleSampler({ reservoirPerSecond: 1, ratio: 0, now: () => now }),
      }),
    });
    expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    await svc.ended.atLeast(1);
    await svc.settle();

    expect(svc.spans().map((s) => s.name)).toEqual(['GET /plain']);
    expect(svc.spans()[0]?.attributes).toMatchObject({ 'url.path': '/plain' });
  });
});
