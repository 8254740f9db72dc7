// One SERVER span per incoming HTTP request, made directly, in place of instrumentation-http's
// incoming side plus instrumentation-express. What X-Ray's service map needs is kept: method,
// route, status, path, client IP, user agent and the propagated parent. Left out, because the
// profiles in docs/benchmarks.md showed them as pure cost: a span per Express layer, binding the
// request and response emitters, metrics histograms, and for a request the sampler drops, any
// span object, attribute or listener at all (see ./deciding-sampler.ts).
// Attribute names are the stable HTTP semantic conventions that instrumentation-http 0.301 emits.
// https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server
import { errorMonitor } from 'node:events';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { RequestHead } from '../config.js';
import { type AdoptingIdGenerator, albRoot } from './alb-root-trace-id.js';
import type { DecidingSampler } from './deciding-sampler.js';
import { HexPool } from './span-ids.js';
import { newTraceId, unsampledSpan } from './unsampled-span.js';

/** The part of the `router` package (Express 5's router) this module patches. */
export interface ExpressRouteClass {
  prototype: {
    dispatch: (
      this: { path: unknown },
      req: IncomingMessage,
      res: unknown,
      done: unknown,
    ) => unknown;
  };
}

export interface ServerSpansOptions {
  readonly tracer: Tracer;
  /** The SDK's sampler, asked before any span exists. */
  readonly sampler: DecidingSampler;
  /** The SDK's id generator: new trace ids, and an ALB's Root adopted as the trace id. */
  readonly ids: AdoptingIdGenerator;
  /** Requests that get no span, and under which nothing is traced. @default none */
  readonly ignore?: (req: RequestHead) => boolean;
  /**
   * Express 5's `Route` class (package `router`, as Express loads it). With it, the span gets
   * `http.route`, and the request's context is restored where Express dispatches to the matched
   * route. Without it, requests with a body get their stream bound to the context instead, which
   * measured about 10 µs per request: instance-patched emitters slow every stream call.
   * @default undefined
   */
  readonly expressRoute?: ExpressRouteClass;
}

const ROUTE = Symbol('task-service.http.route');
const CONTEXT = Symbol('task-service.http.context');
const RECORDING = Symbol('task-service.http.recording');
const SPAN = Symbol('task-service.http.span');
type TracedRequest = IncomingMessage & {
  [ROUTE]?: string;
  [CONTEXT]?: Context;
  [RECORDING]?: boolean;
  baseUrl?: string;
};
type TracedResponse = ServerResponse & { [SPAN]?: Span };

/** 32 random bits at a time, as 8 hex digits. */
const randomBits = new HexPool();

/** The method alone, as the sampler sees it: one frozen object per method, not one per request. */
const methodAttributes = new Map<string, Attributes>();
function methodOnly(method: string): Attributes {
  let attributes = methodAttributes.get(method);
  if (attributes === undefined) {
    attributes = Object.freeze({ 'http.request.method': method });
    if (methodAttributes.size < 64) methodAttributes.set(method, attributes);
  }
  return attributes;
}

function clientAddress(req: IncomingMessage): string | undefined {
  const xff = req.headers['x-forwarded-for'];
  const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : req.socket.remoteAddress;
}

function requestAttributes(req: IncomingMessage, method: string): Attributes {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const host = req.headers.host;
  return {
    'http.request.method': method,
    'url.path': q === -1 ? url : url.slice(0, q),
    'url.scheme': 'http',
    'server.address': host === undefined ? undefined : host.replace(/:\d+$/, ''),
    'client.address': clientAddress(req),
    'network.peer.address': req.socket.remoteAddress,
    'user_agent.original': req.headers['user-agent'],
    // Set when the response ends. Declared now, so that setting them writes in place: adding
    // properties to an object later costs several times more.
    'http.response.status_code': undefined,
    'http.route': undefined,
    'error.type': undefined,
  };
}

/**
 * At dispatch to the matched route, `req.baseUrl` (the router mount path) is right (an error
 * travelling back out of the router restores it before the response closes), and the body
 * parsers, whose stream callbacks run outside the request's context, are done: record the
 * route (sampled requests only) and re-enter the context there.
 */
function patchRouteDispatch(Route: ExpressRouteClass): () => void {
  const proto = Route.prototype;
  const original = proto.dispatch;
  proto.dispatch = function dispatch(this: { path: unknown }, req, res, done) {
    const traced = req as TracedRequest;
    const ctx = traced[CONTEXT];
    if (ctx === undefined) return original.call(this, req, res, done);
    if (traced[RECORDING] === true && typeof this.path === 'string') {
      const base = traced.baseUrl ?? '';
      traced[ROUTE] = base !== '' && this.path === '/' ? base : `${base}${this.path}`;
    }
    return context.with(ctx, original, this, req, res, done);
  };
  return () => {
    proto.dispatch = original;
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Ends a sampled request's span: on 'close', or on an error (observed, never handled, here). */
function endServerSpan(res: TracedResponse, error?: Error): void {
  const span = res[SPAN];
  if (span === undefined || !span.isRecording()) return;
  const req = res.req as TracedRequest;
  const status = res.statusCode;
  const route = req[ROUTE];
  span.setAttribute('http.response.status_code', status);
  if (route !== undefined) {
    span.setAttribute('http.route', route);
    span.updateName(`${req.method ?? 'GET'} ${route}`);
  }
  if (error !== undefined) span.recordException(error);
  if (status >= 500 || error !== undefined) {
    span.setAttribute('error.type', error?.name ?? String(status));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

function onClose(this: TracedResponse): void {
  endServerSpan(this);
}

function onError(this: TracedResponse, error: Error): void {
  endServerSpan(this, error);
}

/** Patches http.Server#emit('request') (and Express route dispatch); returns the undo function. */
export function installServerSpans(options: ServerSpansOptions): () => void {
  const proto = http.Server.prototype;
  const original = proto.emit;
  const { tracer, sampler, ids, ignore, expressRoute } = options;
  const unpatchRoutes = expressRoute === undefined ? undefined : patchRouteDispatch(expressRoute);
  // Nothing under an ignored request is traced either (a readiness probe's DynamoDB call).
  const suppressed = suppressTracing(ROOT_CONTEXT);

  /**
   * The request's context, with its span: a decision first, and an SDK span only for a request
   * that is sampled.
   */
  function serverContext(req: IncomingMessage, method: string): Context {
    const headers = req.headers;
    const xray = headers['x-amzn-trace-id'];
    const parent =
      headers.traceparent !== undefined || xray !== undefined
        ? propagation.extract(ROOT_CONTEXT, headers)
        : ROOT_CONTEXT;
    const remote = parent === ROOT_CONTEXT ? undefined : trace.getSpanContext(parent);
    const valid = remote !== undefined && trace.isSpanContextValid(remote);
    // An ALB that saw no trace header adds one with only a Root: that trace is adopted, and a
    // Sampled field beside it is the caller's decision.
    const adopted = valid || xray === undefined ? undefined : albRoot(xray);
    let traceId = valid ? remote.traceId : adopted?.traceId;
    // A new trace: its id is made now only if the sampler reads more than its last 32 bits.
    // Otherwise 32 random hex digits stand in for it: a slice of the pool, which reads fast
    // (zeros prefixed to 8 digits made a string V8 flattened on every read: about 0.14 µs).
    let drawn: string | undefined;
    if (traceId === undefined && sampler.decidesOnLastBits) drawn = randomBits.take(32);
    else if (traceId === undefined && sampler.readsTraceId) traceId = ids.generateTraceId();
    const attributes = sampler.readsRequestAttributes
      ? requestAttributes(req, method)
      : methodOnly(method);
    const decidedOn = traceId ?? drawn ?? '';
    const decision =
      adopted?.sampled === undefined
        ? sampler.decide(parent, decidedOn, method, attributes)
        : sampler.impose(adopted.sampled);
    if (decision.decision === SamplingDecision.NOT_RECORD) {
      // Nothing under a dropped request is recorded either, and instrumented clients (the AWS
      // SDK's) skip span work at once when tracing is suppressed: no ids, no attributes, no
      // sampler. The request's own span still carries its trace for anything that propagates it.
      const quiet = parent === ROOT_CONTEXT ? suppressed : suppressTracing(parent);
      const span = unsampledSpan(ids, traceId, decision.traceState ?? remote?.traceState, drawn);
      return trace.setSpan(quiet, span);
    }
    if (traceId === undefined && drawn !== undefined) traceId = newTraceId(ids, drawn);
    const start = (): Span =>
      tracer.startSpan(
        method,
        {
          kind: SpanKind.SERVER,
          attributes: sampler.readsRequestAttributes ? attributes : requestAttributes(req, method),
        },
        parent,
      );
    return trace.setSpan(
      parent,
      traceId === undefined || valid ? start() : ids.withTraceId(traceId, start),
    );
  }

  // `arguments`, not rest parameters: no array for every event a server emits.
  /* eslint-disable prefer-rest-params */
  proto.emit = function emit(this: http.Server, event: string | symbol): boolean {
    if (event !== 'request') return Reflect.apply(original, this, arguments) as boolean;
    const req = arguments[1] as TracedRequest;
    const res = arguments[2] as TracedResponse;
    /* eslint-enable prefer-rest-params */
    if (ignore?.(req) === true) return context.with(suppressed, original, this, event, req, res);
    const ctx = serverContext(req, req.method ?? 'GET');
    const span = trace.getSpan(ctx) as Span;
    const recording = span.isRecording();
    if (recording) {
      res[SPAN] = span;
      res.on('close', onClose);
      // errorMonitor observes errors without changing whether they are handled.
      res.on(errorMonitor, onError);
    }
    if (unpatchRoutes !== undefined) {
      // The request's context is entered where Express dispatches to its route: the handlers
      // (business spans, DynamoDB calls) and the error handler run under it. The middleware
      // before (CORS, body parsing) makes no spans, and the body parser continues in stream
      // callbacks outside any context anyway: entering it here too would cost a context switch
      // per request for nothing.
      req[CONTEXT] = ctx;
      req[RECORDING] = recording;
      return (original as (...args: unknown[]) => boolean).call(this, event, req, res);
    }
    if (hasBody(req)) context.bind(ctx, req);
    return context.with(ctx, original, this, event, req, res);
  } as typeof proto.emit;
  return () => {
    proto.emit = original;
    unpatchRoutes?.();
  };
}
