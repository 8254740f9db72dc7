import type { Context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanCounts } from '../handle.js';

/**
 * Counts spans at both ends of the pipeline. The batch processor drops spans silently when its
 * queue is full (no diag logger by default), so "ended" against "exported" is how losses show.
 */
export class SpanCounters {
  started = 0;
  ended = 0;
  exported = 0;
  failed = 0;
  endedAfterShutdown = 0;
  shutDown = false;

  /** Spans started and not yet ended: requests still being worked on. */
  get open(): number {
    return this.started - this.ended;
  }

  snapshot(): SpanCounts {
    return {
      ended: this.ended,
      exported: this.exported,
      failed: this.failed,
      notExported: this.ended - this.exported - this.failed,
      endedAfterShutdown: this.endedAfterShutdown,
    };
  }
}

/** Wraps the real processors: counts every ended span, then passes it on. */
export class CountingSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: readonly SpanProcessor[],
    private readonly counters: SpanCounters,
  ) {}

  onStart(span: Span, parentContext: Context): void {
    this.counters.started += 1;
    for (const processor of this.inner) processor.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    this.counters.ended += 1;
    // The processors ignore spans ending after shutdown; count them apart from queue drops.
    if (this.counters.shutDown) this.counters.endedAfterShutdown += 1;
    for (const processor of this.inner) processor.onEnd(span);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.inner.map((processor) => processor.forceFlush()));
  }

  async shutdown(): Promise<void> {
    this.counters.shutDown = true;
    await Promise.all(this.inner.map((processor) => processor.shutdown()));
  }
}

/** Wraps the exporter: counts spans per export result. */
export class CountingSpanExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counters: SpanCounters,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counters.exported += spans.length;
      else this.counters.failed += spans.length;
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
