// The tracer of the service's own spans (server and business spans): the SDK's sampling, ids and
// span processors, with ./lean-span.ts as the span. The SDK's tracer stays in use for everything
// else (the AWS SDK instrumentation's client spans, and the upstream profile).
import { INVALID_SPAN_CONTEXT, SpanKind, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { IdGenerator, SamplingResult, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DecidingSampler } from './deciding-sampler.js';
import { LeanSpan, type LeanSpanScope } from './lean-span.js';
import { unsampledSpan } from './unsampled-span.js';

export interface LeanTracerOptions {
  readonly sampler: DecidingSampler;
  readonly ids: IdGenerator;
  /** The SDK's span processors (the counted pipeline). */
  readonly processor: SpanProcessor;
  /** The SDK's resource, the same object its own spans carry. */
  readonly resource: Resource;
}

const NO_LINKS: never[] = [];
const SAMPLED: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED };
const NOT_SAMPLED: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

export class LeanTracer implements Tracer {
  private readonly scope: LeanSpanScope;

  constructor(
    name: string,
    private readonly options: LeanTracerOptions,
  ) {
    this.scope = {
      resource: options.resource,
      instrumentationScope: { name },
      processor: options.processor,
    };
  }

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    let parentContext = ctx;
    if (options.root === true) parentContext = trace.deleteSpan(ctx);
    if (isTracingSuppressed(parentContext)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parentSpan = trace.getSpan(parentContext);
    const parent = parentSpan?.spanContext();
    // Our own spans are valid by construction; anything else is checked as the SDK checks it.
    const valid =
      parent !== undefined && (parentSpan instanceof LeanSpan || trace.isSpanContextValid(parent));
    const traceId = valid ? parent.traceId : this.options.ids.generateTraceId();
    const kind = options.kind ?? SpanKind.INTERNAL;
    // A spread copy keeps the caller's object shape (fast to write to later); keys whose value is
    // undefined stay as placeholders, which readers of attributes skip.
    const given = options.attributes;
    const attributes: Attributes = given === undefined ? {} : { ...given };
    const sampler = this.options.sampler;
    const result =
      valid && sampler.parentBased
        ? (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED
          ? SAMPLED
          : NOT_SAMPLED
        : sampler.shouldSample(
            parentContext,
            traceId,
            name,
            kind,
            attributes,
            options.links ?? NO_LINKS,
          );
    const traceState = result.traceState ?? (valid ? parent.traceState : undefined);
    if (result.decision === SamplingDecision.NOT_RECORD)
      return unsampledSpan(this.options.ids, traceId, traceState);
    if (result.attributes !== undefined) Object.assign(attributes, result.attributes);
    const span = new LeanSpan(
      this.scope,
      name,
      kind,
      {
        traceId,
        spanId: this.options.ids.generateSpanId(),
        traceFlags:
          result.decision === SamplingDecision.RECORD_AND_SAMPLED
            ? TraceFlags.SAMPLED
            : TraceFlags.NONE,
        ...(traceState !== undefined && { traceState }),
      },
      valid ? parent : undefined,
      attributes,
      parentContext,
      options.startTime,
    );
    if (options.links !== undefined) span.addLinks(options.links);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parentContext = rest.length > 2 ? (rest[1] as Context) : context.active();
    const span = this.startSpan(name, options, parentContext);
    return context.with(
      trace.setSpan(parentContext, span),
      fn as (s: Span) => ReturnType<F>,
      undefined,
      span,
    );
  }
}
