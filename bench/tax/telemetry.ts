// `--import` bootstrap of the reproduction app, one lever per word of TAX_LEVERS (comma-separated).
// No word = the stock setup the study started from: NodeSDK, http + express instrumentations, AWSXRayIdGenerator,
// default BatchSpanProcessor, OTLP gRPC exporter.
//   nolayers   express instrumentation with every layer type ignored (route still reaches the server span)
//   noexpress  no express instrumentation, no ESM loader hook; http.route set from req.route at response end
//   hookexpress ESM loader hook limited to `express` instead of every module
//   pipeline   SpanPipeline (counted, concurrent, bounded) instead of BatchSpanProcessor
//   worker     pipeline + WorkerSpanExporter (serialization and gRPC on a worker thread)
//   slimattrs  drop server-span attributes X-Ray does not use (peer port, protocol version, scheme)
//   sampled    production sampler (parent-based, 1/s reservoir + OTEL_TRACES_SAMPLER_ARG, default 5 %)
//   noexport   spans are created and ended, then discarded (measures the export share)
//   alwaysoff  sample nothing (isolates the cost of the unsampled path)
//   noserver   with lean: no server spans at all (isolates the cost of just loading the SDK)
//   bindbody   with lean: bind request streams to the context instead of restoring it at route dispatch
//   lean       no http/express instrumentation: ./server-spans.ts makes the server span (implies noexpress)
import { register } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';

const levers = new Set((process.env.TAX_LEVERS ?? '').split(',').filter((w) => w !== ''));
if (levers.has('lean')) levers.add('noexpress');
if (!levers.has('noexpress')) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: levers.has('hookexpress') ? { include: ['express'] } : {},
  });
}

const [
  { NodeSDK },
  { BatchSpanProcessor, AlwaysOnSampler, AlwaysOffSampler, ParentBasedSampler },
  { OTLPTraceExporter },
  { AWSXRayIdGenerator },
  { AWSXRayPropagator },
  { CompositePropagator, W3CTraceContextPropagator },
  { HttpInstrumentation },
  { ExpressInstrumentation, ExpressLayerType },
  { resourceFromAttributes },
  { SpanPipeline },
  { WorkerSpanExporter },
  { XRayRuleSampler },
  { installServerSpans },
  { DecidingSampler },
  { AdoptingIdGenerator },
] = await Promise.all([
  import('@opentelemetry/sdk-node'),
  import('@opentelemetry/sdk-trace'),
  import('@opentelemetry/exporter-trace-otlp-grpc'),
  import('@opentelemetry/id-generator-aws-xray'),
  import('@opentelemetry/propagator-aws-xray'),
  import('@opentelemetry/core'),
  import('@opentelemetry/instrumentation-http'),
  import('@opentelemetry/instrumentation-express'),
  import('@opentelemetry/resources'),
  import('../../apps/task-service/src/telemetry/sdk/span-pipeline.js'),
  import('../../apps/task-service/src/telemetry/sdk/export-worker.js'),
  import('../../apps/task-service/src/telemetry/sdk/sampler.js'),
  import('../../apps/task-service/src/telemetry/sdk/server-spans.js'),
  import('../../apps/task-service/src/telemetry/sdk/deciding-sampler.js'),
  import('../../apps/task-service/src/telemetry/sdk/alb-root-trace-id.js'),
]);
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ExpressRouteClass } from '../../apps/task-service/src/telemetry/sdk/server-spans.js';

let ended = 0;
/** Counts sampled spans ended, for the runner's spans-ended vs spans-received comparison. */
const counter: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (s: ReadableSpan) => {
    if ((s.spanContext().traceFlags & 1) === 1) ended += 1;
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
const discard: SpanProcessor = { ...counter, onEnd: () => undefined };

const SLIM_DROP = ['network.peer.port', 'network.protocol.version', 'url.scheme'];

// Instrumentations enable themselves when constructed, so build only the ones a variant uses.
const httpInstrumentation = () =>
  new HttpInstrumentation({
    ignoreIncomingRequestHook: (req) => req.url === '/healthz',
    ...(levers.has('noexpress')
      ? {
          applyCustomAttributesOnSpan: (span: Span, request: unknown, response: unknown) =>
            setRouteFromExpress(span, request as IncomingMessage, response as ServerResponse),
        }
      : {}),
  });

/** Express sets req.route (the matched route) and req.baseUrl (the router mount path). */
function setRouteFromExpress(
  span: Span,
  request: IncomingMessage,
  _response: ServerResponse,
): void {
  const req = request as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  const path = req.route?.path;
  if (typeof path !== 'string') return;
  const route = `${req.baseUrl ?? ''}${path === '/' && req.baseUrl ? '' : path}`;
  span.setAttribute('http.route', route);
  span.updateName(`${req.method ?? 'GET'} ${route}`);
}

const instrumentations = levers.has('lean')
  ? []
  : levers.has('noexpress')
    ? [httpInstrumentation()]
    : [
        httpInstrumentation(),
        new ExpressInstrumentation(
          levers.has('nolayers')
            ? {
                ignoreLayersType: [
                  ExpressLayerType.MIDDLEWARE,
                  ExpressLayerType.ROUTER,
                  ExpressLayerType.REQUEST_HANDLER,
                ],
              }
            : {},
        ),
      ];

const url = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'http://127.0.0.1:4317';
let exported = 0;
/** Counts what the exporter delivered: spans lost = ended - exported, whatever the receiver does. */
const counted = (exporter: SpanExporter): SpanExporter => ({
  export: (spans, done) =>
    exporter.export(spans, (result) => {
      if (result.code === 0) exported += spans.length;
      done(result);
    }),
  shutdown: () => exporter.shutdown(),
});
let pipeline: InstanceType<typeof SpanPipeline> | undefined;
let exportProcessor: SpanProcessor;
if (levers.has('noexport')) exportProcessor = discard;
else if (levers.has('pipeline') || levers.has('worker')) {
  const exporter = levers.has('worker')
    ? new WorkerSpanExporter({ url })
    : new OTLPTraceExporter({ url });
  pipeline = new SpanPipeline({ exporter: counted(exporter) });
  exportProcessor = pipeline;
} else
  exportProcessor = new BatchSpanProcessor({ exporter: counted(new OTLPTraceExporter({ url })) });

// `slimattrs`: drop the unused attributes before export (a span processor sees the live attributes).
const slim: SpanProcessor = {
  ...discard,
  onEnd: (s: ReadableSpan) => {
    const attrs = s.attributes as Record<string, unknown>;
    for (const key of SLIM_DROP) delete attrs[key];
  },
};

// The sampler is asked before a server span exists (lean), and the SDK gets the same object.
const sampler = new DecidingSampler(
  levers.has('alwaysoff')
    ? new AlwaysOffSampler()
    : levers.has('sampled')
      ? new ParentBasedSampler({
          root: new XRayRuleSampler({
            ratio: Number(process.env.OTEL_TRACES_SAMPLER_ARG ?? 0.05),
            reservoirPerSecond: 1,
          }),
        })
      : new AlwaysOnSampler(),
  { readsTraceId: levers.has('sampled') },
);
const ids = new AdoptingIdGenerator(new AWSXRayIdGenerator());
const sdk = new NodeSDK({
  resource: resourceFromAttributes({ 'service.name': 'tax-app', 'service.version': '0.0.0' }),
  autoDetectResources: false,
  idGenerator: ids,
  textMapPropagator: new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new AWSXRayPropagator()],
  }),
  sampler,
  spanProcessors: levers.has('slimattrs')
    ? [counter, slim, exportProcessor]
    : [counter, exportProcessor],
  metricReaders: [],
  logRecordProcessors: [],
  instrumentations,
});
sdk.start();
if (levers.has('lean') && !levers.has('noserver')) {
  const { trace } = await import('@opentelemetry/api');
  // The router instance Express itself loads (resolved from express's own location).
  const { createRequire } = await import('node:module');
  const fromExpress = createRequire(createRequire(import.meta.url).resolve('express'));
  installServerSpans({
    tracer: trace.getTracer('task-service-http'),
    sampler,
    ids,
    ignore: (req) => req.url === '/healthz',
    ...(levers.has('bindbody')
      ? {}
      : { expressRoute: (fromExpress('router') as { Route: ExpressRouteClass }).Route }),
  });
}

process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stats') process.send?.({ type: 'stats', ended, pipeline: pipeline?.stats() });
});

(globalThis as { __taxSpans?: () => { ended: number; exported: number } }).__taxSpans = () => ({
  ended,
  exported,
});
(globalThis as { __taxShutdown?: () => Promise<void> }).__taxShutdown = async () => {
  try {
    await sdk.shutdown();
  } catch (err) {
    process.stderr.write(`telemetry shutdown failed: ${String(err)}\n`);
  }
};
