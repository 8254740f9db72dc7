// The span of a request the sampler dropped. It records nothing; it exists so that work under it
// (the business operation, a DynamoDB call) sees an unsampled parent and is not sampled as a new
// trace of its own. Its ids are made only if something reads them: a child span's parent, or a
// propagated header. Most requests never do.
import { TraceFlags, trace } from '@opentelemetry/api';
import type { Span, SpanContext, TraceState } from '@opentelemetry/api';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

class UnsampledSpanContext implements SpanContext {
  readonly traceFlags = TraceFlags.NONE;
  private trace: string | undefined;
  private span: string | undefined;

  constructor(
    private readonly ids: IdGenerator,
    traceId: string | undefined,
    readonly traceState: TraceState | undefined,
  ) {
    this.trace = traceId;
  }

  get traceId(): string {
    return (this.trace ??= this.ids.generateTraceId());
  }

  get spanId(): string {
    return (this.span ??= this.ids.generateSpanId());
  }
}

/** A non-recording span in trace `traceId` (a new one, made on first read, when undefined). */
export function unsampledSpan(
  ids: IdGenerator,
  traceId: string | undefined,
  traceState: TraceState | undefined,
): Span {
  return trace.wrapSpanContext(new UnsampledSpanContext(ids, traceId, traceState));
}
