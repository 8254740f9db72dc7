// An ALB that receives a request without X-Amzn-Trace-Id adds one with only a Root:
// `X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678`. AWSXRayPropagator needs Parent and
// Sampled as well, so it ignores such a header and the service starts an unrelated trace: the ALB
// access log and X-Ray no longer share the trace ID. The X-Ray SDKs start the segment in the
// Root's trace instead; this does the same for a new root span, with no parent. A caller that
// starts the trace itself sends `Root=…;Sampled=1` (the ALB keeps its fields and adds `Self`):
// as in the X-Ray SDKs, that decision is the segment's, so the caller can find its trace; without
// a Sampled field the service's own sampler decides. A caller could already force sampling with
// a full header (Root, Parent, Sampled=1), so honouring it here opens nothing new.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html
// https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const ROOT = /(?:^|;)\s*Root=1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})\s*(?:;|$)/;
const SAMPLED = /(?:^|;)\s*Sampled=([01])\s*(?:;|$)/;

/** The trace a Root-only X-Amzn-Trace-Id names, and the caller's sampling decision if it made one. */
export interface AlbRoot {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** `Sampled=1` → true, `Sampled=0` → false, no (or another) Sampled field → undefined. */
  readonly sampled: boolean | undefined;
}

/** The header's Root field as a trace ID, with its Sampled field, if the Root is well-formed. */
export function albRoot(header: string | string[] | undefined): AlbRoot | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : ROOT.exec(value);
  if (value === undefined || match?.[1] === undefined || match[2] === undefined) return undefined;
  const traceId = `${match[1]}${match[2]}`.toLowerCase();
  if (/^0+$/.test(traceId)) return undefined;
  const sampled = SAMPLED.exec(value)?.[1];
  return { traceId, sampled: sampled === undefined ? undefined : sampled === '1' };
}

/**
 * Wraps the SDK's IdGenerator so that one new root span can be given a known trace ID. The SDK's
 * tracer asks for a trace ID synchronously inside `startSpan`, and only for spans without a valid
 * parent, so `withTraceId(id, () => tracer.startSpan(...))` applies to exactly that span.
 */
export class AdoptingIdGenerator implements IdGenerator {
  private adopted: string | undefined;

  constructor(private readonly inner: IdGenerator) {}

  withTraceId<T>(traceId: string, start: () => T): T {
    this.adopted = traceId;
    try {
      return start();
    } finally {
      this.adopted = undefined;
    }
  }

  generateTraceId(): string {
    const adopted = this.adopted;
    this.adopted = undefined;
    return adopted ?? this.inner.generateTraceId();
  }

  generateSpanId(): string {
    return this.inner.generateSpanId();
  }
}
