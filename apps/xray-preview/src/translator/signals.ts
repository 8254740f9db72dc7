/**
 * How the exporter's two ways of losing a span travel through the translator: an error it
 * returns (the span is dropped, `awsxray.go: extractResourceSpans` only logs it) and a panic
 * (nothing recovers it). Both are thrown where Go fails and caught once, in index.ts, which
 * turns them into a SpanOutcome.
 */
import type { CrashReason, DropReason } from '../contract.js';

/** Go returned an error for this span. */
export class SpanDropped extends Error {
  constructor(
    readonly reason: DropReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'SpanDropped';
  }
}

/** Go would panic here. */
export class ExporterPanic extends Error {
  constructor(
    readonly reason: CrashReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'ExporterPanic';
  }
}
