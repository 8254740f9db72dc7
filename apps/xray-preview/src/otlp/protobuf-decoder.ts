/**
 * ExportTraceServiceRequest protobuf → span model in one pass, without intermediate message
 * objects (the reflection schema in proto-schema.ts documents the same field numbers and is
 * used for responses). Unknown fields are skipped, as protobuf requires.
 */
import type {
  AttrMap,
  AttrValue,
  ResourceSpans,
  Span,
  SpanEvent,
  SpanKind,
  SpanLink,
  StatusCode,
} from '../model.js';
import { appendAttribute, OtlpDouble } from '../model.js';
import { MAX_VALUE_DEPTH } from '../limits.js';
import { checkIdLength, SPAN_ID_HEX, TRACE_ID_HEX, valueTooDeep } from './normalize.js';
import { WireReader, WireType } from './wire-reader.js';

/** `outer` is the top-level attribute's key, once read (for errors); `depth` the nesting so far. */
function anyValue(r: WireReader, outer: string | undefined, depth: number): AttrValue {
  let value: AttrValue = null;
  while (!r.done) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | WireType.LEN:
        value = r.string();
        break;
      case (2 << 3) | WireType.VARINT:
        value = r.varint() !== 0;
        break;
      case (3 << 3) | WireType.VARINT:
        value = r.int64();
        break;
      case (4 << 3) | WireType.FIXED64:
        value = new OtlpDouble(r.double());
        break;
      case (5 << 3) | WireType.LEN: {
        if (depth >= MAX_VALUE_DEPTH) throw valueTooDeep(outer);
        const array: AttrValue[] = [];
        const sub = r.sub();
        while (!sub.done) {
          if (sub.varint() === ((1 << 3) | WireType.LEN)) {
            array.push(anyValue(sub.sub(), outer, depth + 1));
          } else throw new Error('unexpected field in ArrayValue');
        }
        value = array;
        break;
      }
      case (6 << 3) | WireType.LEN: {
        if (depth >= MAX_VALUE_DEPTH) throw valueTooDeep(outer);
        const map: AttrMap = new Map();
        const sub = r.sub();
        while (!sub.done) {
          const t = sub.varint();
          if (t === ((1 << 3) | WireType.LEN)) keyValue(sub.sub(), map, outer, depth + 1);
          else sub.skip(t & 7);
        }
        value = map;
        break;
      }
      case (7 << 3) | WireType.LEN:
        value = r.bytes();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return value;
}

/** A KeyValue; `outer` and `depth` are set inside a kvlist value (see anyValue). */
function keyValue(r: WireReader, into: AttrMap, outer?: string, depth = 0): void {
  let key = '';
  let value: AttrValue = null;
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WireType.LEN)) key = r.string();
    else if (tag === ((2 << 3) | WireType.LEN)) {
      value = anyValue(r.sub(), outer ?? (key === '' ? undefined : key), depth);
    } else r.skip(tag & 7);
  }
  appendAttribute(into, key, value);
}

function nanosFloat(r: WireReader): number {
  const { lo, hi } = r.fixed64();
  return hi * 4294967296 + lo;
}

function event(r: WireReader): SpanEvent {
  let name = '';
  let time = 0n;
  const attributes: AttrMap = new Map();
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WireType.FIXED64)) {
      const { lo, hi } = r.fixed64();
      time = (BigInt(hi) << 32n) | BigInt(lo);
    } else if (tag === ((2 << 3) | WireType.LEN)) name = r.string();
    else if (tag === ((3 << 3) | WireType.LEN)) keyValue(r.sub(), attributes);
    else r.skip(tag & 7);
  }
  return { name, timeUnixNano: time, attributes };
}

function link(r: WireReader): SpanLink {
  let traceId = '';
  let spanId = '';
  const attributes: AttrMap = new Map();
  while (!r.done) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | WireType.LEN:
        traceId = checkIdLength(r.hex(), TRACE_ID_HEX, 'links.traceId');
        break;
      case (2 << 3) | WireType.LEN:
        spanId = checkIdLength(r.hex(), SPAN_ID_HEX, 'links.spanId');
        break;
      case (4 << 3) | WireType.LEN:
        keyValue(r.sub(), attributes);
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return { traceId, spanId, attributes };
}

function status(r: WireReader): { code: StatusCode; message: string } {
  let code = 0;
  let message = '';
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((2 << 3) | WireType.LEN)) message = r.string();
    else if (tag === ((3 << 3) | WireType.VARINT)) code = r.varint();
    else r.skip(tag & 7);
  }
  return { code: (code <= 2 ? code : 0) as StatusCode, message };
}

function span(r: WireReader): Span {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let name = '';
  let kind = 0;
  let start = 0;
  let end = 0;
  const attributes: AttrMap = new Map();
  const events: SpanEvent[] = [];
  const links: SpanLink[] = [];
  let spanStatus: { code: StatusCode; message: string } = { code: 0, message: '' };
  while (!r.done) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | WireType.LEN:
        traceId = checkIdLength(r.hex(), TRACE_ID_HEX, 'traceId');
        break;
      case (2 << 3) | WireType.LEN:
        spanId = checkIdLength(r.hex(), SPAN_ID_HEX, 'spanId');
        break;
      case (4 << 3) | WireType.LEN:
        parentSpanId = checkIdLength(r.hex(), SPAN_ID_HEX, 'parentSpanId');
        break;
      case (5 << 3) | WireType.LEN:
        name = r.string();
        break;
      case (6 << 3) | WireType.VARINT:
        kind = r.varint();
        break;
      case (7 << 3) | WireType.FIXED64:
        start = nanosFloat(r);
        break;
      case (8 << 3) | WireType.FIXED64:
        end = nanosFloat(r);
        break;
      case (9 << 3) | WireType.LEN:
        keyValue(r.sub(), attributes);
        break;
      case (11 << 3) | WireType.LEN:
        events.push(event(r.sub()));
        break;
      case (13 << 3) | WireType.LEN:
        links.push(link(r.sub()));
        break;
      case (15 << 3) | WireType.LEN:
        spanStatus = status(r.sub());
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: (kind <= 5 ? kind : 0) as SpanKind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    events,
    links,
    status: spanStatus,
  };
}

function resourceSpans(r: WireReader): ResourceSpans {
  const resource: AttrMap = new Map();
  const spans: Span[] = [];
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WireType.LEN)) {
      const res = r.sub();
      while (!res.done) {
        const t = res.varint();
        if (t === ((1 << 3) | WireType.LEN)) keyValue(res.sub(), resource);
        else res.skip(t & 7);
      }
    } else if (tag === ((2 << 3) | WireType.LEN)) {
      const scope = r.sub();
      while (!scope.done) {
        const t = scope.varint();
        if (t === ((2 << 3) | WireType.LEN)) spans.push(span(scope.sub()));
        else scope.skip(t & 7);
      }
    } else r.skip(tag & 7);
  }
  return { resource, spans };
}

/** Throws OtlpDecodeError (or Error for structural surprises) on bytes that are not a request. */
export function decodeExportRequest(body: Buffer): ResourceSpans[] {
  const r = new WireReader(body);
  const out: ResourceSpans[] = [];
  while (!r.done) {
    const tag = r.varint();
    if (tag === ((1 << 3) | WireType.LEN)) out.push(resourceSpans(r.sub()));
    else r.skip(tag & 7);
  }
  return out;
}
