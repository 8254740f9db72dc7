// An ALB that receives a request without X-Amzn-Trace-Id adds one with only a Root:
// `X-Amzn-Trace-Id: Root=1-67891233-abcdef012345678912345678`. AWSXRayPropagator needs Parent and
// Sampled as well, so it ignores such a header and the service starts an unrelated trace: the ALB
// access log and X-Ray no longer share the trace ID. The X-Ray SDKs start the segment in the
// Root's trace instead; this does the same for a new root span, with no parent and our sampler's
// own decision (the header carries none).
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const ROOT = /(?:^|;)\s*Root=1-([0-9a-fA-F]{8})-([0-9a-fA-F]{24})\s*(?:;|$)/;

/** The trace ID (32 lowercase hex) of the header's Root field, if it has a well-formed one. */
export function albRootTraceId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value === undefined ? null : ROOT.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  const id = `${match[1]}${match[2]}`.toLowerCase();
  return /^0+$/.test(id) ? undefined : id;
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
