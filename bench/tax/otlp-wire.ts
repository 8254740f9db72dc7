// Minimal reader for OTLP ExportTraceServiceRequest protobuf bytes. The discarding receiver only needs
// to count spans (cheap: walk the length-delimited fields, no allocation per span); tests also need a
// few fields of each span, so `decodeSpans` pulls those out. Field numbers come from
// opentelemetry-proto: collector/trace/v1/trace_service.proto and trace/v1/trace.proto.

/** The span fields a test asserts on. Attribute values keep their OTLP scalar type. */
export interface WireSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

interface Field {
  readonly no: number;
  readonly wireType: number;
  /** For length-delimited fields: [start, end) inside the buffer. For varints: the value. */
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

function readVarint(buf: Uint8Array, pos: number): [value: number, next: number] {
  let value = 0;
  let shift = 1;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw new Error(`truncated varint at offset ${pos}`);
    pos += 1;
    // Multiplication keeps values above 2^31 exact (bitwise ops would wrap them).
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift *= 128;
  }
}

function* fields(buf: Uint8Array, start: number, end: number): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = readVarint(buf, pos);
    const no = Math.floor(tag / 8);
    const wireType = tag & 7;
    pos = afterTag;
    if (wireType === 0) {
      const [value, next] = readVarint(buf, pos);
      yield { no, wireType, start: pos, end: next, value };
      pos = next;
    } else if (wireType === 1) {
      yield { no, wireType, start: pos, end: pos + 8, value: 0 };
      pos += 8;
    } else if (wireType === 2) {
      const [len, next] = readVarint(buf, pos);
      yield { no, wireType, start: next, end: next + len, value: len };
      pos = next + len;
    } else if (wireType === 5) {
      yield { no, wireType, start: pos, end: pos + 4, value: 0 };
      pos += 4;
    } else {
      throw new Error(`unsupported protobuf wire type ${wireType} at offset ${pos}`);
    }
  }
}

/** Calls `onSpan(start, end)` for every Span message in an ExportTraceServiceRequest. */
function forEachSpan(buf: Uint8Array, onSpan: (start: number, end: number) => void): void {
  for (const rs of fields(buf, 0, buf.length)) {
    if (rs.no !== 1 || rs.wireType !== 2) continue; // resource_spans
    for (const ss of fields(buf, rs.start, rs.end)) {
      if (ss.no !== 2 || ss.wireType !== 2) continue; // scope_spans
      for (const sp of fields(buf, ss.start, ss.end)) {
        if (sp.no === 2 && sp.wireType === 2) onSpan(sp.start, sp.end); // spans
      }
    }
  }
}

export function countSpans(buf: Uint8Array): number {
  let n = 0;
  forEachSpan(buf, () => {
    n += 1;
  });
  return n;
}

const utf8 = new TextDecoder();
const hex = (buf: Uint8Array, f: Field): string =>
  Buffer.from(buf.subarray(f.start, f.end)).toString('hex');

function decodeAnyValue(buf: Uint8Array, start: number, end: number): string | number | boolean {
  for (const f of fields(buf, start, end)) {
    if (f.no === 1) return utf8.decode(buf.subarray(f.start, f.end));
    if (f.no === 2) return f.value !== 0;
    if (f.no === 3) return f.value;
    if (f.no === 4) return Buffer.from(buf.subarray(f.start, f.end)).readDoubleLE(0);
  }
  return '';
}

export function decodeSpans(buf: Uint8Array): WireSpan[] {
  const out: WireSpan[] = [];
  forEachSpan(buf, (start, end) => {
    const span = { traceId: '', spanId: '', parentSpanId: '', name: '', kind: 0 };
    const attributes: Record<string, string | number | boolean> = {};
    for (const f of fields(buf, start, end)) {
      if (f.no === 1) span.traceId = hex(buf, f);
      else if (f.no === 2) span.spanId = hex(buf, f);
      else if (f.no === 4) span.parentSpanId = hex(buf, f);
      else if (f.no === 5) span.name = utf8.decode(buf.subarray(f.start, f.end));
      else if (f.no === 6) span.kind = f.value;
      else if (f.no === 9) {
        let key = '';
        let value: string | number | boolean = '';
        for (const kv of fields(buf, f.start, f.end)) {
          if (kv.no === 1) key = utf8.decode(buf.subarray(kv.start, kv.end));
          else if (kv.no === 2) value = decodeAnyValue(buf, kv.start, kv.end);
        }
        attributes[key] = value;
      }
    }
    out.push({ ...span, attributes });
  });
  return out;
}
