import { createRequire } from 'node:module';
import { trace } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { AwsInstrumentation } from '@opentelemetry/instrumentation-aws-sdk';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig, TracingOptions } from '../config.js';
import type { TelemetryHandle } from '../handle.js';
import { AdoptingIdGenerator } from './alb-root-trace-id.js';
import { createTracePipeline } from './components.js';
import { WorkerSpanExporter } from './export-worker.js';
import { createOtlpTraceExporter } from './otlp-exporter.js';
import { LeanTracer } from './lean-tracer.js';
import { PooledSpanIds } from './span-ids.js';
import { installServerSpans } from './server-spans.js';
import type { ExpressRouteClass } from './server-spans.js';
import { CountingSpanExporter, CountingSpanProcessor, SpanCounters } from './span-counters.js';

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Builds and starts the SDK. Called once, by `startTracing`, before the app is imported. */
export function startTelemetry(config: TelemetryConfig, options: TracingOptions): TelemetryHandle {
  const counters = new SpanCounters();
  const otlp = { url: config.endpoint, timeoutMillis: config.batch.exportTimeoutMillis };
  const tuned = config.profile === 'tuned';
  const exporter = new CountingSpanExporter(
    config.exportOnWorker
      ? new WorkerSpanExporter(otlp)
      : tuned
        ? createOtlpTraceExporter(otlp)
        : new OTLPTraceExporter(otlp),
    counters,
  );
  // cloud.* are fixed for this deployment; k8s.* come from OTEL_RESOURCE_ATTRIBUTES (downward
  // API). No EKS detector: it needs aws-auth access. Detected here, once, so that the SDK's spans
  // and the service's own (./lean-tracer.ts) carry the same resource object.
  const resource = resourceFromAttributes({
    [ATTR_SERVICE_NAME]: config.serviceName,
    [ATTR_SERVICE_VERSION]: config.serviceVersion,
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_eks',
  }).merge(detectResources({ detectors: [envDetector] }));
  const pipeline = createTracePipeline(config, exporter, resource);
  const ids = new AdoptingIdGenerator(new PooledSpanIds(new AWSXRayIdGenerator()));
  const processor = new CountingSpanProcessor(pipeline.spanProcessors, counters);

  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    idGenerator: ids,
    // OTEL_PROPAGATORS has no X-Ray value. X-Ray last: when both headers come in, the ALB's
    // X-Amzn-Trace-Id (which keeps a browser-sent Root) is the one X-Ray joins on.
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()],
    }),
    // Instrumentations enable themselves when constructed: build only the ones in use.
    instrumentations: [
      ...(tuned
        ? []
        : [
            new HttpInstrumentation({
              ...(options.ignore !== undefined && { ignoreIncomingRequestHook: options.ignore }),
            }),
            // Middleware/router layers would add a span each per request; route handlers are
            // enough, and http.route is still set on the server span.
            new ExpressInstrumentation({
              ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
            }),
          ]),
      // Without suppression every DynamoDB call also gets an HTTP child span.
      new AwsInstrumentation({ suppressInternalInstrumentation: true }),
    ],
    sampler: pipeline.sampler,
    spanProcessors: [processor],
    // NodeSDK otherwise starts OTLP metrics and logs exporters (http :4318); their shutdown can
    // hang for ~8 s when nothing listens.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const own = (name: string) =>
    new LeanTracer(name, { sampler: pipeline.sampler, ids, processor, resource });
  if (tuned) {
    // One server span per request, made here instead of by instrumentation-http + -express:
    // their per-request and per-layer work was the largest tracing cost (docs/benchmarks.md).
    // The router is the one Express itself loads, resolved from express's own location.
    const fromExpress = createRequire(createRequire(import.meta.url).resolve('express'));
    installServerSpans({
      tracer: own('task-service-http'),
      sampler: pipeline.sampler,
      ids,
      ...(options.ignore !== undefined && { ignore: options.ignore }),
      expressRoute: (fromExpress('router') as { Route: ExpressRouteClass }).Route,
    });
  }

  let shutdownOnce: ReturnType<TelemetryHandle['shutdown']> | undefined;
  return {
    enabled: true,
    // Business spans: the service's own spans under the tuned profile, the SDK's under upstream.
    tracer: tuned ? own('task-service') : trace.getTracer('task-service'),
    counts: () => counters.snapshot(),
    shutdown(timeoutMs) {
      // sdk.shutdown() rejects when the collector is down (14 UNAVAILABLE) and exporter retries
      // can take ~10 s: catch it and bound it.
      shutdownOnce ??= new Promise((resolve) => {
        pipeline.stop();
        const timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
        timer.unref();
        // A request whose client hung up is off the server's books (its connection closed) but
        // its handler may still await DynamoDB: give open spans up to half the budget to end,
        // since the processor ignores spans that end after its shutdown.
        void waitUntil(() => counters.open === 0, timeoutMs / 2)
          .then(() => sdk.shutdown())
          .then(
            () => resolve({ timedOut: false }),
            (error: unknown) =>
              resolve({
                timedOut: false,
                error: error instanceof Error ? error.message : String(error),
              }),
          );
      });
      return shutdownOnce;
    },
  };
}
