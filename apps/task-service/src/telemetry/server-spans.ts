// One SERVER span per incoming HTTP request, made directly, in place of instrumentation-http's
// incoming side plus instrumentation-express. What X-Ray's service map needs is kept: method,
// route, status, path, client IP, user agent and the propagated parent. What the profile of
// issue 6 showed as pure cost is left out: a span per Express layer, attributes computed for
// requests the sampler drops, binding the request and response emitters, metrics histograms.
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
import type { Context, Span, Tracer } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { albRootTraceId } from './alb-root-trace-id.js';

/** The part of the `router` package (Express 5's router) this module patches. */
export interface ExpressRouteClass {
  prototype: {
    dispatch: (this: { path: unknown }, req: IncomingMessage, ...rest: unknown[]) => unknown;
  };
}

export interface ServerSpansOptions {
  readonly tracer: Tracer;
  /** Requests that get no span (health checks, CORS preflights). `req.url` includes the query. */
  readonly ignore?: (req: IncomingMessage) => boolean;
  /**
   * Express 5's `Route` class (package `router`, as Express loads it). With it, the span gets
   * `http.route`, and the request's context is restored where Express dispatches to the matched
   * route. Without it, requests with a body get their stream bound to the context instead, which
   * measured about 10 µs per request (issue 6): instance-patched emitters slow every stream call.
   * @default undefined
   */
  readonly expressRoute?: ExpressRouteClass;
  /**
   * Starts a root span in a given trace (see ./alb-root-trace-id.ts). With it, a request whose
   * X-Amzn-Trace-Id has only the ALB's Root (no Parent, no Sampled) joins that trace.
   * @default undefined (such requests start a trace of their own)
   */
  readonly adoptTraceId?: <T>(traceId: string, start: () => T) => T;
}

const ROUTE = Symbol('task-service.http.route');
const CONTEXT = Symbol('task-service.http.context');
type TracedRequest = IncomingMessage & { [ROUTE]?: string; [CONTEXT]?: Context; baseUrl?: string };

/**
 * At dispatch to the matched route, `req.baseUrl` (the router mount path) is right (an error
 * travelling back out of the router restores it before the response closes), and the body
 * parsers, whose stream callbacks run outside the request's context, are done: record the
 * route and re-enter the context there. Two property writes per request, no spans.
 */
function patchRouteDispatch(Route: ExpressRouteClass): () => void {
  const proto = Route.prototype;
  const original = proto.dispatch;
  proto.dispatch = function dispatch(
    this: { path: unknown },
    req: IncomingMessage,
    ...rest: unknown[]
  ) {
    const traced = req as TracedRequest;
    if (typeof this.path === 'string') {
      const base = traced.baseUrl ?? '';
      traced[ROUTE] = base !== '' && this.path === '/' ? base : `${base}${this.path}`;
    }
    const ctx = traced[CONTEXT];
    if (ctx === undefined) return original.call(this, req, ...rest);
    return context.with(ctx, () => original.call(this, req, ...rest));
  };
  return () => {
    proto.dispatch = original;
  };
}

function clientAddress(req: IncomingMessage): string | undefined {
  const xff = req.headers['x-forwarded-for'];
  const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : req.socket.remoteAddress;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function startServerSpan(
  tracer: Tracer,
  req: IncomingMessage,
  adoptTraceId: ServerSpansOptions['adoptTraceId'],
): Span {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'GET';
  // Only the method goes in before the sampling decision; the rest is computed for sampled spans.
  const start = (): Span =>
    tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
      parent,
    );
  const albRoot =
    adoptTraceId === undefined || trace.getSpanContext(parent) !== undefined
      ? undefined
      : albRootTraceId(req.headers['x-amzn-trace-id']);
  const span =
    adoptTraceId === undefined || albRoot === undefined ? start() : adoptTraceId(albRoot, start);
  if (span.isRecording()) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const host = req.headers.host;
    span.setAttributes({
      'url.path': q === -1 ? url : url.slice(0, q),
      'url.scheme': 'http',
      'server.address': host === undefined ? undefined : host.replace(/:\d+$/, ''),
      'client.address': clientAddress(req),
      'network.peer.address': req.socket.remoteAddress,
      'user_agent.original': req.headers['user-agent'],
    });
  }
  return span;
}

/** Called for recording spans only. */
function endServerSpan(span: Span, req: TracedRequest, res: ServerResponse, error?: Error): void {
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

/** Patches http.Server#emit('request') (and Express route dispatch); returns the undo function. */
export function installServerSpans(options: ServerSpansOptions): () => void {
  const proto = http.Server.prototype;
  const original = proto.emit;
  const { tracer, ignore, expressRoute, adoptTraceId } = options;
  const unpatchRoutes = expressRoute === undefined ? undefined : patchRouteDispatch(expressRoute);
  const call = (self: http.Server, event: string | symbol, args: unknown[]): boolean =>
    Reflect.apply(original, self, [event, ...args]) as boolean;
  proto.emit = function emit(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ): boolean {
    if (event !== 'request') return call(this, event, args);
    const req = args[0] as TracedRequest;
    const res = args[1] as ServerResponse;
    if (ignore?.(req) === true) {
      // Nothing under an ignored request is traced either (a readiness probe's DynamoDB call).
      return context.with(suppressTracing(ROOT_CONTEXT), () => call(this, event, args));
    }
    const span = startServerSpan(tracer, req, adoptTraceId);
    const ctx = trace.setSpan(context.active(), span);
    // An unsampled span records nothing and its end() is a no-op: no listeners needed.
    if (span.isRecording()) {
      let ended = false;
      const end = (error?: Error): void => {
        if (ended) return;
        ended = true;
        endServerSpan(span, req, res, error);
      };
      res.once('close', () => end());
      // errorMonitor observes errors without changing whether they are handled.
      res.once(errorMonitor, (err: Error) => end(err));
    }
    if (unpatchRoutes !== undefined) req[CONTEXT] = ctx;
    else if (hasBody(req)) context.bind(ctx, req);
    return context.with(ctx, () => call(this, event, args));
  } as typeof proto.emit;
  return () => {
    proto.emit = original;
    unpatchRoutes?.();
  };
}
