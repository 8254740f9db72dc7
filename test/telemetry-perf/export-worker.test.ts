import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerSpanExporter } from '../../apps/task-service/src/telemetry/sdk/export-worker.js';
import { SpanPipeline } from '../../apps/task-service/src/telemetry/sdk/span-pipeline.js';
import { startOtlpReceiver } from '../../testkit/otlp/receiver.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe('WorkerSpanExporter (OTLP gRPC export on a worker thread)', () => {
  it('GIVEN a loopback receiver WHEN a server span and its child end THEN both arrive with ids, parent, kind, attributes and resource intact', async () => {
    const receiver = await startOtlpReceiver();
    cleanups.push(() => receiver.close());
    const pipeline = new SpanPipeline({
      exporter: new WorkerSpanExporter({ url: receiver.endpoint }),
      reporter: () => undefined,
    });
    const provider = new TracerProvider({
      idGenerator: new AWSXRayIdGenerator(),
      resource: resourceFromAttributes({ 'service.name': 'task-service' }),
      spanProcessors: [pipeline],
    });
    const tracer = provider.getTracer('export-worker-test', '1.2.3');

    const server = tracer.startSpan('GET /tasks/:id', {
      kind: SpanKind.SERVER,
      attributes: { 'http.route': '/tasks/:id', 'http.response.status_code': 404 },
    });
    const child = tracer.startSpan(
      'tasks.get',
      { attributes: { 'task.operation': 'get' } },
      trace.setSpan(context.active(), server),
    );
    child.recordException(new Error('task 42 not found'));
    child.setStatus({ code: SpanStatusCode.ERROR });
    child.end();
    server.end();
    // Flush first: the worker's cold start (through tsx here) can outlast the shutdown bound.
    await pipeline.forceFlush();
    await provider.shutdown();

    expect(pipeline.stats()).toMatchObject({ ended: 2, exported: 2, dropped: 0 });
    const got = (name: string) => receiver.spans.find((s) => s.name === name);
    const serverSpan = got('GET /tasks/:id');
    const childSpan = got('tasks.get');
    expect(serverSpan).toMatchObject({
      traceId: server.spanContext().traceId,
      spanId: server.spanContext().spanId,
      parentSpanId: '',
      kind: 2, // OTLP SPAN_KIND_SERVER
    });
    expect(Object.fromEntries(serverSpan?.attributes ?? [])).toEqual({
      'http.route': '/tasks/:id',
      'http.response.status_code': 404,
    });
    expect(serverSpan?.resource.get('service.name')).toBe('task-service');
    expect(childSpan).toMatchObject({
      traceId: server.spanContext().traceId,
      parentSpanId: server.spanContext().spanId,
    });
    expect(Object.fromEntries(childSpan?.attributes ?? [])).toEqual({ 'task.operation': 'get' });
  });

  it('GIVEN the worker was shut down WHEN another batch comes THEN it fails fast and the pipeline counts it', async () => {
    const receiver = await startOtlpReceiver({ mode: 'discard' });
    cleanups.push(() => receiver.close());
    const exporter = new WorkerSpanExporter({ url: receiver.endpoint });
    await exporter.shutdown();
    const pipeline = new SpanPipeline({ exporter, reporter: () => undefined });
    const provider = new TracerProvider({ spanProcessors: [pipeline] });

    provider.getTracer('t').startSpan('late').end();
    await pipeline.forceFlush();

    expect(pipeline.stats().droppedByReason.export_failed).toBe(1);
    await provider.shutdown();
  });
});
