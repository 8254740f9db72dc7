/**
 * Shapes of OTLP JSON requests (and of protobufjs reflection messages, which differ only in
 * scalar encodings: Long vs string, bytes vs hex).
 */

/** protobufjs represents 64-bit integers as Long (from the `long` package). */
export interface LongLike {
  readonly low: number;
  readonly high: number;
  readonly unsigned: boolean;
}

export type WireInt64 = LongLike | number | string;
export type WireBytes = Uint8Array | string;

export interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: WireInt64;
  doubleValue?: number | string;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: WireBytes;
}

export interface WireKeyValue {
  key?: string;
  value?: WireAnyValue;
}

export interface WireEvent {
  timeUnixNano?: WireInt64;
  name?: string;
  attributes?: WireKeyValue[];
}

export interface WireLink {
  traceId?: WireBytes;
  spanId?: WireBytes;
  attributes?: WireKeyValue[];
}

export interface WireSpan {
  traceId?: WireBytes;
  spanId?: WireBytes;
  parentSpanId?: WireBytes;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: WireInt64;
  endTimeUnixNano?: WireInt64;
  attributes?: WireKeyValue[];
  events?: WireEvent[];
  links?: WireLink[];
  status?: { message?: string; code?: number | string };
}

export interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: { spans?: WireSpan[] }[];
  }[];
}
