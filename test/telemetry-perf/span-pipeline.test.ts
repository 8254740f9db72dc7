import { status } from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { ExportResultCode } from '@opentelemetry/core';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LossReport } from '../../apps/task-service/src/telemetry/sdk/drop-accounting.js';
import { SpanPipeline } from '../../apps/task-service/src/telemetry/sdk/span-pipeline.js';
import { freePort } from '../../testkit/process/ports.js';
import {
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceiverOptions,
} from '../../testkit/otlp/receiver.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function sink(options: ReceiverOptions): Promise<OtlpReceiver> {
  const s = await startOtlpReceiver(options);
  cleanups.push(() => s.close());
  return s;
}

function tracedWith(pipeline: SpanPipeline) {
  const provider = new TracerProvider({
    idGenerator: new AWSXRayIdGenerator(),
    spanProcessors: [pipeline],
  });
  cleanups.push(() => provider.shutdown());
  const tracer = provider.getTracer('span-pipeline-test');
  return (n: number, name = 'tasks.create'): void => {
    for (let i = 0; i < n; i++)
      tracer.startSpan(name, { attributes: { 'task.operation': 'create', i } }).end();
  };
}

describe('SpanPipeline against a loopback OTLP gRPC receiver', () => {
  it('GIVEN the receiver is up WHEN 1,500 spans end and the pipeline shuts down THEN all arrive, none dropped, and the final report says so', async () => {
    const receiver = await sink({ mode: 'decode' });
    const reports: LossReport[] = [];
    const pipeline = new SpanPipeline({
      exporter: new OTLPTraceExporter({ url: receiver.endpoint }),
      maxExportBatchSize: 200,
      reporter: (r) => reports.push(r),
    });
    const end = tracedWith(pipeline);

    end(1500);
    await pipeline.shutdown();

    expect(receiver.spanCount()).toBe(1500);
    expect(new Set(receiver.spans.map((s) => s.attributes.get('i'))).size).toBe(1500);
    expect(pipeline.stats()).toMatchObject({ ended: 1500, exported: 1500, dropped: 0, pending: 0 });
    expect(reports.at(-1)).toMatchObject({ final: true, ended: 1500, exported: 1500, dropped: 0 });
  });

  it('GIVEN a queue of 100 WHEN 1,000 spans end in one burst THEN the overflow is counted as queue_full and reported, never silent', async () => {
    const receiver = await sink({ mode: 'count' });
    const reports: LossReport[] = [];
    const pipeline = new SpanPipeline({
      exporter: new OTLPTraceExporter({ url: receiver.endpoint }),
      maxQueueSize: 100,
      maxExportBatchSize: 50,
      reporter: (r) => reports.push(r),
    });
    const end = tracedWith(pipeline);

    end(1000); // synchronous: no export can run in between
    await pipeline.shutdown();

    const stats = pipeline.stats();
    expect(stats.droppedByReason.queue_full).toBe(900);
    expect(stats.exported).toBe(100);
    expect(receiver.spanCount()).toBe(100);
    expect(reports.at(-1)).toMatchObject({ final: true, dropped: 900, newlyDropped: 900 });
  });

  it('GIVEN the receiver rejects every export (INVALID_ARGUMENT) WHEN spans are exported THEN they are counted as export_failed', async () => {
    const receiver = await sink({ mode: 'discard', failWith: status.INVALID_ARGUMENT });
    const pipeline = new SpanPipeline({
      exporter: new OTLPTraceExporter({ url: receiver.endpoint }),
      reporter: () => undefined,
    });
    const end = tracedWith(pipeline);

    end(30);
    await pipeline.forceFlush();

    expect(pipeline.stats()).toMatchObject({ ended: 30, exported: 0, dropped: 30, pending: 0 });
    expect(pipeline.stats().droppedByReason.export_failed).toBe(30);
  });

  it('GIVEN the receiver is down WHEN the pipeline shuts down THEN shutdown resolves within its bound and every queued span is counted lost', async () => {
    const reports: LossReport[] = [];
    const pipeline = new SpanPipeline({
      exporter: new OTLPTraceExporter({
        url: `http://127.0.0.1:${await freePort()}`,
        timeoutMillis: 10_000,
      }),
      shutdownTimeoutMillis: 500,
      reporter: (r) => reports.push(r),
    });
    const end = tracedWith(pipeline);

    end(700);
    await pipeline.shutdown(); // must resolve (not reject, not hang) although nothing can be delivered
    end(5);

    const stats = pipeline.stats();
    expect(stats.exported).toBe(0);
    expect(stats.dropped).toBe(705);
    expect(stats.droppedByReason.after_shutdown).toBe(5);
    expect(stats.droppedByReason.shutdown_timeout + stats.droppedByReason.export_failed).toBe(700);
    expect(reports.at(-1)).toMatchObject({ final: true, ended: 700, dropped: 700 });
  });

  it('GIVEN an exporter that throws WHEN a batch is exported THEN the batch is counted as export_failed', async () => {
    const throwing: SpanExporter = {
      export: () => {
        throw new Error('boom');
      },
      shutdown: () => Promise.resolve(),
    };
    const pipeline = new SpanPipeline({ exporter: throwing, reporter: () => undefined });
    const end = tracedWith(pipeline);

    end(3);
    await pipeline.shutdown();

    expect(pipeline.stats().droppedByReason.export_failed).toBe(3);
  });

  it('GIVEN every export slot is busy when the batch timer fires WHEN the slot frees and no further span ends THEN the waiting partial batch is still exported', async () => {
    // The batch timer is faked, so "fires while the slot is busy" is a step of the test, not a race.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const batches: number[] = [];
    const pending: (() => void)[] = [];
    /** setTimeout is faked here: the deadline counts event-loop turns against the real clock. */
    const firstBatch = async (): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (batches.length === 0) {
        if (Date.now() > deadline)
          throw new Error('waited 20 s for the full batch to be exported after its spans ended');
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const held: SpanExporter = {
      export: (spans, done) => {
        batches.push(spans.length);
        pending.push(() => done({ code: ExportResultCode.SUCCESS }));
      },
      shutdown: () => Promise.resolve(),
    };
    const pipeline = new SpanPipeline({
      exporter: held,
      maxExportBatchSize: 2,
      maxConcurrentExports: 1,
      scheduledDelayMillis: 10,
      reporter: () => undefined,
    });
    const end = tracedWith(pipeline);

    end(2); // a full batch: exported on the next macrotask, then held by the exporter
    await firstBatch();
    end(1); // a partial batch behind it
    vi.advanceTimersByTime(10); // its timer fires while the only slot is busy
    expect(batches).toEqual([2]);
    pending.shift()?.(); // the slot frees; no span ends after this
    vi.advanceTimersByTime(10); // only the timer can send it now, and sends it at once

    expect(batches).toEqual([2, 1]);
    pending.shift()?.();
    expect(pipeline.stats()).toMatchObject({ ended: 3, exported: 3, dropped: 0, pending: 0 });
  });

  it('GIVEN a zero or fractional option WHEN the pipeline is built THEN the error names the option, value and default', () => {
    const exporter = new OTLPTraceExporter();
    cleanups.push(() => exporter.shutdown());
    expect(() => new SpanPipeline({ exporter, maxQueueSize: 0 })).toThrow(
      'SpanPipeline: maxQueueSize must be a positive integer, got 0; omit it to use 8192',
    );
    expect(() => new SpanPipeline({ exporter, maxConcurrentExports: 1.5 })).toThrow(
      /maxConcurrentExports .* got 1.5/,
    );
  });
});
