// One SERVER span per incoming HTTP request, made directly, in place of instrumentation-http's
// incoming side plus instrumentation-express; `captureExpressRoutes` supplies http.route. What X-Ray's service map needs is kept: method,
// route, status, path, client IP, user agent and the propagated parent. What the profile showed as
// pure cost is left out: attributes computed for requests the sampler drops, per-layer Express
// spans, binding the response emitter, metrics histograms, header capture.
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
import type { Span, Tracer } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

export interface ServerSpansOptions {
  readonly tracer: Tracer;
  /** Requests that get no span (health checks). Called with the raw URL, query included. */
  readonly ignore?: (url: string) => boolean;
}

const ROUTE = Symbol('task-service.http.route');
type RoutedRequest = IncomingMessage & { [ROUTE]?: string };

/** The part of the `router` package (Express 5's router) this module patches. */
export interface ExpressRouteClass {
  prototype: {
    dispatch: (this: { path: unknown }, req: IncomingMessage, ...rest: unknown[]) => unknown;
  };
}

/**
 * Records the matched route on the request when Express dispatches to it: `req.baseUrl` (the
 * router mount path) is only right at that moment; an error travelling back out of the router
 * restores it before the response closes. One property write per routed request, no spans.
 */
export function captureExpressRoutes(Route: ExpressRouteClass): () => void {
  const proto = Route.prototype;
  const original = proto.dispatch;
  proto.dispatch = function dispatch(
    this: { path: unknown },
    req: IncomingMessage,
    ...rest: unknown[]
  ) {
    if (typeof this.path === 'string') {
      const base = (req as IncomingMessage & { baseUrl?: string }).baseUrl ?? '';
      (req as RoutedRequest)[ROUTE] =
        base !== '' && this.path === '/' ? base : `${base}${this.path}`;
    }
    return original.call(this, req, ...rest);
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

function startServerSpan(tracer: Tracer, req: IncomingMessage): Span {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const method = req.method ?? 'GET';
  // Only the method goes in before the sampling decision; the rest is computed for sampled spans.
  const span = tracer.startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
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
function endServerSpan(span: Span, req: RoutedRequest, res: ServerResponse, error?: Error): void {
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

/** Patches http.Server#emit('request'); returns the function that removes the patch. */
export function installServerSpans(options: ServerSpansOptions): () => void {
  const proto = http.Server.prototype;
  const original = proto.emit;
  const { tracer, ignore } = options;
  proto.emit = function emit(
    this: http.Server,
    event: string | symbol,
    ...args: unknown[]
  ): boolean {
    if (event !== 'request') return Reflect.apply(original, this, [event, ...args]) as boolean;
    const req = args[0] as RoutedRequest;
    const res = args[1] as ServerResponse;
    if (ignore?.(req.url ?? '/') === true) {
      // Nothing under an ignored request is traced either (a readiness probe's DynamoDB call).
      return context.with(
        suppressTracing(ROOT_CONTEXT),
        () => Reflect.apply(original, this, [event, ...args]) as boolean,
      );
    }
    const span = startServerSpan(tracer, req);
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
    // Body parsers continue in request-stream callbacks, which run outside this context unless the
    // request emitter is bound to it. Without a body there are no such callbacks: skip the cost.
    if (hasBody(req)) context.bind(ctx, req);
    return context.with(ctx, () => Reflect.apply(original, this, [event, ...args]) as boolean);
  } as typeof proto.emit;
  return () => {
    proto.emit = original;
  };
}
