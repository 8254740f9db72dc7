/**
 * The preview's internal span model: what OTLP protobuf and OTLP JSON are both normalised into,
 * and what the translator reads. It mirrors pdata's shape, not the wire format.
 */

/**
 * An OTLP double. Boxed so that a double stays a double: pdata keeps the type, and the exporter
 * reads `Value.Int()` as 0 for a double (an `http.status_code` of 500.0 is no status), while
 * NaN and ±Infinity must survive to the translator, where they drop the span.
 */
export class OtlpDouble {
  constructor(readonly value: number) {}
}

/**
 * An OTLP AnyValue. An int is a JS number when it is a safe integer and a bigint beyond that, so
 * no int64 loses digits; a double is an {@link OtlpDouble}; `null` is an empty AnyValue.
 */
export type AttrValue =
  string | number | bigint | boolean | null | Uint8Array | OtlpDouble | AttrValue[] | AttrMap;

/**
 * Attributes by key, in arrival order. `get` returns the first value of a repeated key, as
 * pdata's `Map.Get` does; {@link attributeEntries} still yields every entry, repeats included,
 * for the exporter's loops that range over all of them.
 */
export type AttrMap = Map<string, AttrValue>;

/** Entries of maps whose keys repeat on the wire: every entry, in order. */
const repeatedKeys = new WeakMap<AttrMap, [string, AttrValue][]>();

/** Adds a key/value as it arrived; decoders use this instead of `set`. */
export function appendAttribute(map: AttrMap, key: string, value: AttrValue): void {
  let all = repeatedKeys.get(map);
  if (all === undefined && map.has(key)) {
    all = [...map];
    repeatedKeys.set(map, all);
  }
  all?.push([key, value]);
  if (!map.has(key)) map.set(key, value);
}

/** Every entry in arrival order, including repeated keys (pdata's `Map.All`). */
export function attributeEntries(map: AttrMap): Iterable<[string, AttrValue]> {
  return repeatedKeys.get(map) ?? map;
}

/** An int as the model stores it: a number when safe, a bigint otherwise. */
export function int64Value(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * A decimal integer (`[+-]?digits`, as strconv.ParseInt/ParseUint read it) as a bigint, or
 * `undefined` when it has more than `maxDigits` digits once leading zeros are dropped. Client
 * text can hold millions of digits, and BigInt() would spend seconds on them; callers treat the
 * long ones as out of range, which they are for any 64-bit field.
 */
export function boundedDecimal(text: string, maxDigits = 20): bigint | undefined {
  const sign = text.startsWith('-') ? '-' : '';
  const digits = text.replace(/^[+-]?0*/, '');
  if (digits.length > maxDigits) return undefined;
  return BigInt(`${sign}${digits === '' ? '0' : digits}`);
}

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
