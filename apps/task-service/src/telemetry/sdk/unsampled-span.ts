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
    private readonly decidedOn: string | undefined,
  ) {
    this.trace = traceId;
  }

  get traceId(): string {
    return (this.trace ??= newTraceId(this.ids, this.decidedOn));
  }

  get spanId(): string {
    return (this.span ??= this.ids.generateSpanId());
  }
}

/**
 * A new trace id from `ids`; with `decidedOn` (hex digits whose last 8 the sampler decided on),
 * ending in those 8, so that the decision read again from the id is the same.
 */
export function newTraceId(ids: IdGenerator, decidedOn: string | undefined): string {
  const id = ids.generateTraceId();
  return decidedOn === undefined ? id : `${id.slice(0, 24)}${decidedOn.slice(-8)}`;
}

/**
 * A non-recording span in trace `traceId`, or in a new trace made on first read (ending in the
 * last 8 hex digits of `decidedOn` when given).
 */
export function unsampledSpan(
  ids: IdGenerator,
  traceId: string | undefined,
  traceState: TraceState | undefined,
  decidedOn?: string,
): Span {
  return trace.wrapSpanContext(new UnsampledSpanContext(ids, traceId, traceState, decidedOn));
}
