// An Express app shaped like the task service (JSON body, a mounted router, a business span) with
// the tuned server spans installed on a real SDK tracer provider, for the server-span tests.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { AlwaysOnSampler, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { IdGenerator, ReadableSpan, Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import express from 'express';
import { onTestFinished } from 'vitest';
import { AdoptingIdGenerator } from '../../../apps/task-service/src/telemetry/sdk/alb-root-trace-id.js';
import { DecidingSampler } from '../../../apps/task-service/src/telemetry/sdk/deciding-sampler.js';
import { installServerSpans } from '../../../apps/task-service/src/telemetry/sdk/server-spans.js';
import type { ExpressRouteClass } from '../../../apps/task-service/src/telemetry/sdk/server-spans.js';

/** The `router` instance Express loads (resolved from express's own location). */
const expressRoute = (): ExpressRouteClass => {
  const fromExpress = createRequire(createRequire(import.meta.url).resolve('express'));
  return (fromExpress('router') as { Route: ExpressRouteClass }).Route;
};

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

export interface StartOptions {
  /** @default parent-based always-on */
  readonly sampler?: Sampler;
  /** Whether the sampler reads a new trace's id. @default true */
  readonly readsTraceId?: boolean;
  /** Whether it reads only the id's last 32 bits (the X-Ray rule sampler). @default false */
  readonly decidesOnLastBits?: boolean;
  /** Patch Express route dispatch (else bind the request stream). @default true */
  readonly viaExpressRoute?: boolean;
}

/** An Express app shaped like the task service: JSON body, a mounted router, a business span. */
export async function start(options: StartOptions = {}) {
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
    {
      readsTraceId: options.readsTraceId ?? true,
      decidesOnLastBits: options.decidesOnLastBits ?? false,
    },
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
  onTestFinished(() => {
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
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    ids: counted,
    ended,
    spans: (): ReadableSpan[] => ended.spans,
    settle: () => provider.forceFlush(),
  };
}

export const byName = (spans: ReadableSpan[], name: string): ReadableSpan => {
  const s = spans.find((x) => x.name === name);
  if (s === undefined)
    throw new Error(`no span ${name} among ${spans.map((x) => x.name).join(', ')}`);
  return s;
};
