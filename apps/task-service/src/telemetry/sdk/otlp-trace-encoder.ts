// OTLP/protobuf encoding of an ExportTraceServiceRequest, for the tuned pipeline. The exporter's own
// serializer walks every batch twice (a size estimate, then the write), turns every id into a new
// byte array and encodes every attribute key and value of every span afresh. Here one pass writes
// into a reused buffer; what repeats from span to span (the resource, the instrumentation scopes,
// the attribute keys) is encoded once and copied; ids and short ASCII strings are written without
// calls into native code. Same fields, same values: a test decodes both encodings and compares them.
// https://github.com/open-telemetry/opentelemetry-proto/blob/main/opentelemetry/proto/trace/v1/trace.proto
import type { Attributes, HrTime, Link } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import {
  FIXED32,
  FIXED64,
  LENGTH_DELIMITED,
  ProtobufOutput,
  VARINT,
  varintSize,
} from './protobuf-output.js';

/** Span.flags bits saying whether the parent was remote (trace.proto SpanFlags). */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

type Scope = ReadableSpan['instrumentationScope'];

function anyValue(out: ProtobufOutput, value: unknown): void {
  if (typeof value === 'string') out.string(1, value);
  else if (typeof value === 'boolean') {
    out.tag(2, VARINT);
    out.varint(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
      out.tag(3, VARINT);
      out.int64(value);
    } else {
      out.tag(4, FIXED64);
      out.double(value);
    }
  } else if (value instanceof Uint8Array) {
    out.tag(7, LENGTH_DELIMITED);
    out.varint(value.length);
    out.raw(value);
  } else if (Array.isArray(value)) {
    const array = out.openMessage(5, 1);
    for (const item of value as unknown[]) {
      const entry = out.openMessage(1, 1);
      anyValue(out, item);
      out.closeMessage(entry);
    }
    out.closeMessage(array);
  } else if (typeof value === 'object' && value !== null) {
    const list = out.openMessage(6, 1);
    for (const [k, v] of Object.entries(value)) keyValue(out, 1, k, v);
    out.closeMessage(list);
  }
}

function keyValue(out: ProtobufOutput, field: number, key: string, value: unknown): void {
  const kv = out.openMessage(field, 1);
  out.string(1, key);
  const any = out.openMessage(2, 1);
  anyValue(out, value);
  out.closeMessage(any);
  out.closeMessage(kv);
}

/** Encodes OTLP trace export requests; one instance per exporter (it keeps its caches). */
export class OtlpTraceEncoder {
  private readonly out = new ProtobufOutput();
  private readonly scratch = new ProtobufOutput(4096);
  /** Attribute keys, encoded as KeyValue.key (they repeat on every span). */
  private readonly keys = new Map<string, Uint8Array>();
  private readonly resourceCache = new WeakMap<Resource, Uint8Array>();
  private readonly scopeCache = new WeakMap<Scope, Uint8Array>();

  /** The request for `spans`, grouped by resource, then by instrumentation scope. */
  encode(spans: readonly ReadableSpan[]): Uint8Array {
    const byResource = new Map<Resource, Map<Scope, ReadableSpan[]>>();
    for (const span of spans) {
      let byScope = byResource.get(span.resource);
      if (byScope === undefined) byResource.set(span.resource, (byScope = new Map()));
      const group = byScope.get(span.instrumentationScope);
      if (group === undefined) byScope.set(span.instrumentationScope, [span]);
      else group.push(span);
    }
    const out = this.out;
    out.reset();
    for (const [resource, byScope] of byResource) {
      const resourceSpans = out.openMessage(1, 3);
      out.raw(this.resourceBytes(resource));
      for (const [scope, group] of byScope) {
        const scopeSpans = out.openMessage(2, 3);
        out.raw(this.scopeBytes(scope));
        for (const span of group) this.span(span);
        if (scope.schemaUrl) out.string(3, scope.schemaUrl);
        out.closeMessage(scopeSpans);
      }
      if (resource.schemaUrl) out.string(3, resource.schemaUrl);
      out.closeMessage(resourceSpans);
    }
    return out.take();
  }

  private span(span: ReadableSpan): void {
    const out = this.out;
    const ctx = span.spanContext();
    const message = out.openMessage(2, 2);
    out.hex(1, ctx.traceId);
    out.hex(2, ctx.spanId);
    const traceState = ctx.traceState?.serialize();
    if (traceState) out.string(3, traceState);
    const parent = span.parentSpanContext;
    if (parent?.spanId) out.hex(4, parent.spanId);
    out.string(5, span.name);
    out.tag(6, VARINT);
    out.varint(span.kind + 1);
    out.tag(7, FIXED64);
    out.hrTime(span.startTime);
    out.tag(8, FIXED64);
    out.hrTime(span.endTime);
    this.attributes(9, span.attributes);
    this.count(10, span.droppedAttributesCount);
    for (const event of span.events) this.event(event);
    this.count(12, span.droppedEventsCount);
    for (const link of span.links) this.link(link);
    this.count(14, span.droppedLinksCount);
    const { code, message: text } = span.status;
    const status = out.openMessage(15, 1);
    if (text) out.string(2, text);
    out.tag(3, VARINT);
    out.varint(code);
    out.closeMessage(status);
    out.tag(16, FIXED32);
    out.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0));
    out.closeMessage(message);
  }

  private count(field: number, n: number | undefined): void {
    if (!n) return;
    this.out.tag(field, VARINT);
    this.out.varint(n);
  }

  private event(event: TimedEvent): void {
    const out = this.out;
    const message = out.openMessage(11, 2);
    out.tag(1, FIXED64);
    out.hrTime(event.time as HrTime);
    out.string(2, event.name);
    if (event.attributes) this.attributes(3, event.attributes);
    this.count(4, event.droppedAttributesCount);
    out.closeMessage(message);
  }

  private link(link: Link): void {
    const out = this.out;
    const message = out.openMessage(13, 1);
    out.hex(1, link.context.traceId);
    out.hex(2, link.context.spanId);
    const traceState = link.context.traceState?.serialize();
    if (traceState) out.string(3, traceState);
    if (link.attributes) this.attributes(4, link.attributes);
    this.count(5, link.droppedAttributesCount);
    out.tag(6, FIXED32);
    out.fixed32(
      (link.context.traceFlags & 0xff) | HAS_IS_REMOTE | (link.context.isRemote ? IS_REMOTE : 0),
    );
    out.closeMessage(message);
  }

  /** Repeated KeyValue. String values, most of them, take the direct path below. */
  private attributes(field: number, attributes: Attributes): void {
    const out = this.out;
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || !this.stringAttribute(field, key, value))
        keyValue(out, field, key, value);
    }
  }

  /**
   * KeyValue{key, AnyValue{string_value}} with every length computed up front: the key's bytes
   * come from a cache, the value is copied as ASCII. Returns false, having written nothing, for a
   * value that is not ASCII (the general path encodes it).
   */
  private stringAttribute(field: number, key: string, value: string): boolean {
    const out = this.out;
    let keyBytes = this.keys.get(key);
    if (keyBytes === undefined) {
      const scratch = this.scratch;
      scratch.reset();
      scratch.string(1, key);
      keyBytes = scratch.take();
      if (this.keys.size < 1024) this.keys.set(key, keyBytes);
    }
    const n = value.length;
    const any = 1 + varintSize(n) + n;
    const kv = keyBytes.length + 1 + varintSize(any) + any;
    const start = out.pos;
    out.tag(field, LENGTH_DELIMITED);
    out.varint(kv);
    out.raw(keyBytes);
    out.tag(2, LENGTH_DELIMITED);
    out.varint(any);
    out.tag(1, LENGTH_DELIMITED);
    out.varint(n);
    out.ensure(n);
    const b = out.buf;
    const p = out.pos;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= 0x80) {
        out.pos = start;
        return false;
      }
      b[p + i] = c;
    }
    out.pos = p + n;
    return true;
  }

  private resourceBytes(resource: Resource): Uint8Array {
    let bytes = this.resourceCache.get(resource);
    if (bytes !== undefined) return bytes;
    const out = this.scratch;
    out.reset();
    const message = out.openMessage(1, 2);
    for (const [key, value] of Object.entries(resource.attributes)) {
      if (value !== undefined && value !== null) keyValue(out, 1, key, value);
    }
    out.closeMessage(message);
    bytes = out.take();
    this.resourceCache.set(resource, bytes);
    return bytes;
  }

  private scopeBytes(scope: Scope): Uint8Array {
    let bytes = this.scopeCache.get(scope);
    if (bytes !== undefined) return bytes;
    const out = this.scratch;
    out.reset();
    const message = out.openMessage(1, 1);
    out.string(1, scope.name);
    if (scope.version) out.string(2, scope.version);
    out.closeMessage(message);
    bytes = out.take();
    this.scopeCache.set(scope, bytes);
    return bytes;
  }
}
