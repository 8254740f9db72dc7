/**
 * Parsed OTLP JSON → the internal span model (the protobuf path decodes straight into the same
 * model in protobuf-decoder.ts). Follows the OTLP JSON mapping: hex ids, lowerCamelCase keys,
 * int64 as strings or numbers, enums as numbers (names are accepted too). Long-shaped values
 * (protobufjs messages) are also understood, so a decoded reflection message can be normalised.
 */
import type { AttrMap, AttrValue, ResourceSpans, Span, SpanKind, StatusCode } from '../model.js';
import { MAX_VALUE_DEPTH } from '../limits.js';
import { appendAttribute, boundedDecimal, int64Value, OtlpDouble } from '../model.js';
import { clip, quote } from '../server/echo.js';
import {
  jsonEnum,
  jsonList,
  jsonObject,
  jsonString,
  OtlpDecodeError,
  wrongType,
} from './json-shape.js';
import type {
  LongLike,
  WireAnyValue,
  WireBytes,
  WireInt64,
  WireKeyValue,
  WireRequest,
  WireSpan,
} from './wire-types.js';

export { OtlpDecodeError } from './json-shape.js';

/** A value nested deeper than MAX_VALUE_DEPTH; `key` is the attribute it sits in, once known. */
export function valueTooDeep(key: string | undefined): OtlpDecodeError {
  const where = key === undefined ? 'an attribute value' : `attribute "${clip(key)}"`;
  return new OtlpDecodeError(
    `${where} nests arrays and maps more than ${MAX_VALUE_DEPTH} levels deep; ` +
      `the preview reads at most ${MAX_VALUE_DEPTH} (send a flatter value)`,
  );
}

const hasOwn = (object: object, key: string): boolean => Object.hasOwn(object, key);

function isLong(value: unknown): value is LongLike {
  return typeof value === 'object' && value !== null && 'low' in value && 'high' in value;
}

/** Hex digits of an OTLP trace ID (16 bytes) and span ID (8 bytes). */
export const TRACE_ID_HEX = 32;
export const SPAN_ID_HEX = 16;

/**
 * pdata rejects an id of any other length, so the collector answers 400 / INVALID_ARGUMENT for
 * the whole request instead of exporting malformed X-Ray ids. Empty means "not set".
 */
export function checkIdLength(hex: string, hexDigits: number, field: string): string {
  if (hex !== '' && hex.length !== hexDigits) {
    throw new OtlpDecodeError(
      `${field} "${clip(hex)}" has ${hex.length} hex digits; it must have ${hexDigits} ` +
        `(${hexDigits / 2} bytes) or be empty`,
    );
  }
  return hex;
}

/** Hex for protobuf bytes; OTLP JSON already carries hex (lowercased here). */
function hexId(value: WireBytes | undefined, field: string, hexDigits: number): string {
  return checkIdLength(hexOf(value, field), hexDigits, field);
}

function hexOf(value: WireBytes | undefined | null, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') {
    if (!/^[0-9a-fA-F]*$/.test(value)) {
      throw new OtlpDecodeError(
        `${field} "${clip(value)}" is not hex; OTLP JSON encodes ids as hex`,
      );
    }
    return value.toLowerCase();
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  }
  // protobufjs gives a plain empty array for an unset bytes field.
  if (Array.isArray(value) && (value as unknown[]).length === 0) return '';
  throw new OtlpDecodeError(`${field} ${quote(value)} is not a hex string`);
}

/** 2^64 - 1 as text: a 20-digit decimal above it does not fit a uint64. */
const UINT64_MAX_TEXT = '18446744073709551615';

/**
 * An OTLP JSON uint64: a decimal string or a JSON number, within uint64. pdata rejects anything
 * else, so the collector answers 400 instead of exporting `start_time: null` or a NaN attribute.
 * The digits are counted before anything parses them (a body can hold millions).
 */
function checkedUnsigned(value: unknown, field: string): number | string {
  let ok = false;
  if (typeof value === 'number') {
    ok = Number.isInteger(value) && value >= 0 && value < 2 ** 64;
  } else if (typeof value === 'string' && /^\d+$/.test(value)) {
    const digits = value.replace(/^0+(?=\d)/, '');
    ok = digits.length < 20 || (digits.length === 20 && digits <= UINT64_MAX_TEXT);
  }
  if (!ok) {
    throw new OtlpDecodeError(
      `${field} ${quote(value)} is not an unsigned 64-bit integer; ` +
        'OTLP JSON writes 64-bit integers as decimal strings',
    );
  }
  return value as number | string;
}

/** A uint64 nanosecond count rounded to float64 once, as Go's float64(uint64) does. */
function nanosAsFloat(value: WireInt64 | undefined | null, field: string): number {
  if (value === undefined || value === null) return 0;
  if (isLong(value)) return (value.high >>> 0) * 4294967296 + (value.low >>> 0);
  return Number(checkedUnsigned(value, field));
}

function nanosExact(value: WireInt64 | undefined | null, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (isLong(value)) return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return BigInt(checkedUnsigned(value, field));
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** intValue, exact (pdata parses int64 strings with strconv.ParseInt: an optional sign, digits). */
function int64(value: WireInt64): number | bigint {
  if (isLong(value)) return int64Value(BigInt.asIntN(64, nanosExact(value, 'intValue')));
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) {
    const exact = boundedDecimal(value);
    if (exact !== undefined && exact >= INT64_MIN && exact <= INT64_MAX) return int64Value(exact);
  }
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2 ** 63) {
    return value;
  }
  throw new OtlpDecodeError(
    `intValue ${quote(value)} is not an integer within int64; OTLP JSON writes 64-bit integers as decimal strings`,
  );
}

/**
 * doubleValue: a JSON number, or a string strconv.ParseFloat accepts (the OTLP JSON mapping writes
 * NaN and the infinities as "NaN", "Infinity", "-Infinity"). Kept as an OtlpDouble so NaN and
 * ±Infinity reach the translator, which drops such spans as the exporter does.
 */
function double(value: number | string | undefined): OtlpDouble {
  if (typeof value === 'number' && Number.isFinite(value)) return new OtlpDouble(value);
  if (typeof value === 'string') {
    const special = /^([+-]?)(inf|infinity)$/i.exec(value);
    if (special !== null) return new OtlpDouble(special[1] === '-' ? -Infinity : Infinity);
    if (/^nan$/i.test(value)) return new OtlpDouble(NaN);
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
      const parsed = Number(value);
      if (Number.isFinite(parsed)) return new OtlpDouble(parsed);
    }
  }
  throw new OtlpDecodeError(
    `doubleValue ${quote(value)} is not a float64; write a JSON number, or "NaN", "Infinity", "-Infinity"`,
  );
}

function anyValue(wire: WireAnyValue | undefined, key: string, depth: number): AttrValue {
  const field = (name: string) => () => `${name} of attribute "${clip(key)}"`;
  const value = jsonObject(wire, field('value'));
  if (value === undefined) return null;
  if (hasOwn(value, 'stringValue')) return jsonString(value.stringValue, field('stringValue'));
  if (hasOwn(value, 'intValue') && value.intValue !== undefined) return int64(value.intValue);
  if (hasOwn(value, 'boolValue')) {
    if (typeof value.boolValue !== 'boolean' && value.boolValue !== null) {
      throw new OtlpDecodeError(
        `${field('boolValue')()} ${quote(value.boolValue)} is not true or false`,
      );
    }
    return value.boolValue === true;
  }
  if (hasOwn(value, 'doubleValue')) return double(value.doubleValue);
  if (hasOwn(value, 'arrayValue') || hasOwn(value, 'kvlistValue')) {
    if (depth >= MAX_VALUE_DEPTH) throw valueTooDeep(key);
    if (hasOwn(value, 'arrayValue')) {
      const array = jsonObject(value.arrayValue, field('arrayValue'));
      return jsonList(array?.values, field('arrayValue.values')).map((item) =>
        anyValue(item, key, depth + 1),
      );
    }
    const kvlist = jsonObject(value.kvlistValue, field('kvlistValue'));
    return attributes(kvlist?.values, key, depth + 1);
  }
  if (hasOwn(value, 'bytesValue') && value.bytesValue !== undefined && value.bytesValue !== null) {
    const bytes = value.bytesValue;
    if (typeof bytes === 'string') return new Uint8Array(Buffer.from(bytes, 'base64'));
    if (bytes instanceof Uint8Array) return bytes;
    throw wrongType(field('bytesValue'), bytes, 'base64 text');
  }
  return null;
}

/** `outer` is the top-level attribute a nested list belongs to (for errors); `depth` its nesting. */
function attributes(list: WireKeyValue[] | undefined, outer?: string, depth = 0): AttrMap {
  const map: AttrMap = new Map();
  const where = () => (outer === undefined ? 'attributes' : `attribute "${clip(outer)}" values`);
  for (const item of jsonList(list, where)) {
    const kv = jsonObject(item, () => `an entry of ${where()}`);
    const key = jsonString(kv?.key, () => `a key of ${where()}`);
    appendAttribute(map, key, anyValue(kv?.value, outer ?? key, depth));
  }
  return map;
}

const KIND_NAMES: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_NAMES: Record<string, StatusCode> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

function enumValue<T extends number>(
  value: number | string | undefined,
  names: Record<string, T>,
  max: number,
): T {
  if (typeof value === 'string') return names[value] ?? (0 as T);
  return typeof value === 'number' && value >= 0 && value <= max ? (value as T) : (0 as T);
}

function span(wire: WireSpan): Span {
  const status = jsonObject(wire.status, 'status');
  return {
    traceId: hexId(wire.traceId, 'traceId', TRACE_ID_HEX),
    spanId: hexId(wire.spanId, 'spanId', SPAN_ID_HEX),
    parentSpanId: hexId(wire.parentSpanId, 'parentSpanId', SPAN_ID_HEX),
    name: jsonString(wire.name, 'name'),
    kind: enumValue(jsonEnum(wire.kind, 'kind'), KIND_NAMES, 5),
    startTimeUnixNano: nanosAsFloat(wire.startTimeUnixNano, 'startTimeUnixNano'),
    endTimeUnixNano: nanosAsFloat(wire.endTimeUnixNano, 'endTimeUnixNano'),
    attributes: attributes(wire.attributes),
    events: jsonList(wire.events, 'events').map((item) => {
      const event = jsonObject(item, 'an entry of events') ?? {};
      return {
        name: jsonString(event.name, 'events.name'),
        timeUnixNano: nanosExact(event.timeUnixNano, 'events.timeUnixNano'),
        attributes: attributes(event.attributes),
      };
    }),
    links: jsonList(wire.links, 'links').map((item) => {
      const link = jsonObject(item, 'an entry of links') ?? {};
      return {
        traceId: hexId(link.traceId, 'links.traceId', TRACE_ID_HEX),
        spanId: hexId(link.spanId, 'links.spanId', SPAN_ID_HEX),
        attributes: attributes(link.attributes),
      };
    }),
    status: {
      code: enumValue(jsonEnum(status?.code, 'status.code'), STATUS_NAMES, 2),
      message: jsonString(status?.message, 'status.message'),
    },
  };
}

export function normalizeRequest(request: WireRequest): ResourceSpans[] {
  const out: ResourceSpans[] = [];
  for (const item of jsonList(request.resourceSpans, 'resourceSpans')) {
    const rs = jsonObject(item, 'an entry of resourceSpans') ?? {};
    const spans: Span[] = [];
    for (const scopeItem of jsonList(rs.scopeSpans, 'scopeSpans')) {
      const scope = jsonObject(scopeItem, 'an entry of scopeSpans') ?? {};
      for (const s of jsonList(scope.spans, 'spans')) {
        spans.push(span(jsonObject(s, 'an entry of spans') ?? {}));
      }
    }
    const resource = jsonObject(rs.resource, 'resource');
    out.push({ resource: attributes(resource?.attributes), spans });
  }
  return out;
}
