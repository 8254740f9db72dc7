/**
 * Fresh trace and span ids in the X-Ray format: the first 8 hex digits of a trace id are its
 * start time in epoch seconds, which X-Ray checks (a trace id older than 30 days is refused).
 */
import { randomBytes } from 'node:crypto';

/** One trace as both spellings of the same 128 bits. */
export interface TraceIds {
  /** `1-<8 hex epoch seconds>-<24 hex random>`, as X-Ray and its APIs name it. */
  readonly xray: string;
  /** The same 32 hex digits without the version and dashes, as OTLP carries it. */
  readonly otel: string;
}

export function newTraceIds(now: number = Date.now()): TraceIds {
  const time = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const random = randomBytes(12).toString('hex');
  return { xray: `1-${time}-${random}`, otel: `${time}${random}` };
}

/** A 64-bit span id, 16 hex digits, never all zeros. */
export function newSpanId(): string {
  for (;;) {
    const id = randomBytes(8).toString('hex');
    if (!/^0+$/.test(id)) return id;
  }
}

/**
 * The header a traced caller sends: this trace, sampled, and the caller's span when it reports
 * one. Without a parent the service's segment is a root of the trace, which X-Ray draws as called
 * by a `client` node: the header an ALB forwards for a caller that starts its own trace.
 */
export function xrayTraceHeader(trace: TraceIds, parentSpanId?: string): string {
  return parentSpanId === undefined
    ? `Root=${trace.xray};Sampled=1`
    : `Root=${trace.xray};Parent=${parentSpanId};Sampled=1`;
}
