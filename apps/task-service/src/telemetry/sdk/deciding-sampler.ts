// Sampling decided before a server span exists. The SDK's tracer generates a span id (and, for a
// new trace, a trace id), copies the attributes and records its span metrics before it asks the
// sampler; for a request the sampler drops, all of that is thrown away. The server-span code asks
// this sampler first and, when the answer is "drop", makes a non-recording span itself. When the
// answer is "sample", it starts the SDK span at once, and the tracer's own question (the next
// call, synchronously) gets the decision already made, so a reservoir is not charged twice.
import { SpanKind } from '@opentelemetry/api';
import type { Attributes, Context, Link } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';

const NO_LINKS: Link[] = [];
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const NOT_SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });

export interface DecidingSamplerOptions {
  /**
   * Whether the sampler reads the trace id of a new trace (a ratio does; always-on and
   * always-off do not). When it does not, a new trace's id is made only if something needs it.
   * @default true
   */
  readonly readsTraceId?: boolean;
  /**
   * Whether the sampler reads request attributes besides the method (X-Ray's remote rules match
   * on path and host). @default false
   */
  readonly readsRequestAttributes?: boolean;
  /**
   * Whether the sampler is parent-based with the SDK's default delegates: a span under a valid
   * parent is sampled exactly when the parent was. Then the service's own child spans are decided
   * from the parent's flag without asking. @default false
   */
  readonly parentBased?: boolean;
  /**
   * Whether, for a new trace, the sampler reads nothing of the trace id but its last 32 bits (the
   * X-Ray rule sampler). Then those bits are drawn first and the rest of the id is made only for a
   * trace that is sampled or read, ending in the same bits. @default false
   */
  readonly decidesOnLastBits?: boolean;
}

export class DecidingSampler implements Sampler {
  readonly readsTraceId: boolean;
  readonly readsRequestAttributes: boolean;
  readonly parentBased: boolean;
  readonly decidesOnLastBits: boolean;
  private decided: SamplingResult | undefined;

  constructor(
    private readonly inner: Sampler,
    options: DecidingSamplerOptions = {},
  ) {
    this.readsTraceId = options.readsTraceId ?? true;
    this.readsRequestAttributes = options.readsRequestAttributes ?? false;
    this.parentBased = options.parentBased ?? false;
    this.decidesOnLastBits = options.decidesOnLastBits ?? false;
  }

  /**
   * The decision for a server span about to start under `parent`. A positive one is kept for
   * the tracer, which must start that span right after, in the same synchronous run.
   */
  decide(parent: Context, traceId: string, name: string, attributes: Attributes): SamplingResult {
    const result = this.inner.shouldSample(
      parent,
      traceId,
      name,
      SpanKind.SERVER,
      attributes,
      NO_LINKS,
    );
    this.decided = result.decision === SamplingDecision.NOT_RECORD ? undefined : result;
    return result;
  }

  /**
   * A decision the request already carries (a Root-only X-Amzn-Trace-Id with Sampled=0 or 1),
   * kept for the tracer like one this sampler made. The inner sampler is not asked, so a
   * reservoir is not charged for a trace the caller decided.
   */
  impose(sampled: boolean): SamplingResult {
    const result = sampled ? SAMPLED : NOT_SAMPLED;
    this.decided = sampled ? result : undefined;
    return result;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const decided = this.decided;
    if (decided !== undefined) {
      this.decided = undefined;
      if (spanKind === SpanKind.SERVER) return decided;
    }
    return this.inner.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return this.inner.toString();
  }
}
