// Browser tracing bootstrap. Not WebTracerProvider: it comes from @opentelemetry/sdk-trace-web
// 2.x, whose peer range excludes @opentelemetry/api 1.10. Its 3.x successor is the
// platform-neutral TracerProvider + StackContextManager in @opentelemetry/sdk-trace, which ships a
// browser build; the wiring below is what WebTracerProvider.register() used to do, done explicitly.
import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Context, Tracer } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { LocalRootSpanProcessor } from './local-root-processor.js';
import type { RunInSpan } from './action.js';
import {
  TASK_WEB_EXPORT_LIMITS,
  TASK_WEB_SERVICE_NAME,
  TASK_WEB_SERVICE_VERSION,
  type RuntimeConfig,
} from './contract.js';

export const SERVICE_NAME = TASK_WEB_SERVICE_NAME;
export const SERVICE_VERSION = TASK_WEB_SERVICE_VERSION;

export interface WebTracing {
  /**
   * Wraps one user action in a root span. StackContextManager only tracks synchronous context,
   * so `fn` gets `run`, which re-enters the span's context around each fetch (also after awaits).
   */
  action<T>(name: string, fn: (run: RunInSpan) => Promise<T>): Promise<T>;
  /** The trace ID of the most recent action, shown in the UI to find it in the preview. */
  readonly lastTraceId: () => string | undefined;
}

function isClientError(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function startTracing(config: RuntimeConfig): WebTracing {
  const provider = new TracerProvider({
    resource: defaultResource().merge(
      resourceFromAttributes({ 'service.name': SERVICE_NAME, 'service.version': SERVICE_VERSION }),
    ),
    idGenerator: new AWSXRayIdGenerator(),
    // Stay inside what the public collector accepts, so no real span is refused there.
    spanLimits: { attributeValueLengthLimit: TASK_WEB_EXPORT_LIMITS.maxAttributeValueLength },
    spanProcessors: [
      new LocalRootSpanProcessor(SERVICE_NAME),
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: config.collectorUrl }),
        // Short delay so the local service map updates within a couple of seconds.
        scheduledDelayMillis: 1000,
        maxExportBatchSize: TASK_WEB_EXPORT_LIMITS.maxSpansPerRequest,
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new StackContextManager().enable());
  // The task service accepts both headers; X-Amzn-Trace-Id is what the ALB and X-Ray SDKs read.
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()],
    }),
  );

  const apiOrigin = new URL(config.apiUrl).origin;
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new DocumentLoadInstrumentation(),
      new FetchInstrumentation({
        // Trace headers on cross-origin requests need the API's CORS to allow them.
        propagateTraceHeaderCorsUrls: [new RegExp(`^${escapeRegExp(apiOrigin)}(/|$)`)],
        // Never trace the exporter's own requests (would loop) or the config fetch.
        ignoreUrls: [config.collectorUrl, /\/runtime-config\.json$/],
      }),
    ],
  });

  const tracer: Tracer = provider.getTracer(SERVICE_NAME, SERVICE_VERSION);
  let lastTraceId: string | undefined;

  // Spans must reach the collector even when the tab closes right after an action.
  addEventListener('pagehide', () => void provider.forceFlush());

  return {
    lastTraceId: () => lastTraceId,
    async action<T>(name: string, fn: (run: RunInSpan) => Promise<T>): Promise<T> {
      const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL }, context.active());
      lastTraceId = span.spanContext().traceId;
      const spanContext: Context = trace.setSpan(context.active(), span);
      const run: RunInSpan = (inner) => context.with(spanContext, inner);
      try {
        return await fn(run);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        // A 4xx (validation, conflict, not found) is the user's error, not a fault of task-web;
        // the CLIENT span of the failing fetch already carries the status code.
        if (!isClientError(error)) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
        }
        throw error;
      } finally {
        span.end();
      }
    },
  };
}
