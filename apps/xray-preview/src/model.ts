/**
 * The preview's internal span model: what OTLP protobuf and OTLP JSON are both normalised into,
 * and what the translator reads. It mirrors pdata's shape, not the wire format.
 */

/**
 * An OTLP AnyValue. Integers and doubles are both JS numbers (an integral double such as `500.0`
 * reads as an int; int64 beyond 2^53 loses precision). `null` is an empty AnyValue.
 */
export type AttrValue = string | number | boolean | null | Uint8Array | AttrValue[] | AttrMap;

/** Attributes keep their arrival order, as pdata's map does. */
export type AttrMap = Map<string, AttrValue>;

/** OTLP SpanKind numbers. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP status codes. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface SpanEvent {
  readonly name: string;
  /** Exact unix nanoseconds. */
  readonly timeUnixNano: bigint;
  readonly attributes: AttrMap;
}

export interface SpanLink {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits. */
  readonly spanId: string;
  readonly attributes: AttrMap;
}

export interface Span {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits, or '' when missing. */
  readonly spanId: string;
  /** 16 lowercase hex digits, or '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** Unix nanoseconds already rounded to float64, as Go's `float64(uint64)` does. */
  readonly startTimeUnixNano: number;
  readonly endTimeUnixNano: number;
  readonly attributes: AttrMap;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly status: { readonly code: StatusCode; readonly message: string };
}

export interface ResourceSpans {
  readonly resource: AttrMap;
  readonly spans: readonly Span[];
}
