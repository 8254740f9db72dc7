// Segment vs subsegment, ids and times ("Segment"), and the document text ("Encoding") in
// docs/xray-translation.md.
import { describe, expect, it } from 'vitest';
import { SpanKind, translate, translateAll, XRAY_TRACE_ID } from './span-builder.js';

describe('Segment: segment vs subsegment', () => {
  it.each([
    ['CLIENT', SpanKind.CLIENT],
    ['PRODUCER', SpanKind.PRODUCER],
    ['INTERNAL', SpanKind.INTERNAL],
    ['UNSPECIFIED', SpanKind.UNSPECIFIED],
  ] as const)(
    'GIVEN a %s span with a parent WHEN translated THEN it is a subsegment',
    (_, kind) => {
      const doc = translate({ kind, parentSpanId: 'bbbbbbbbbbbbbbbb' });
      expect(doc.type).toBe('subsegment');
      expect(doc.parent_id).toBe('bbbbbbbbbbbbbbbb');
    },
  );

  it.each([
    ['SERVER', SpanKind.SERVER],
    ['CONSUMER', SpanKind.CONSUMER],
  ] as const)(
    'GIVEN a %s span with a parent WHEN translated THEN it is a segment that keeps parent_id and the resource',
    (_, kind) => {
      const doc = translate(
        { kind, parentSpanId: 'bbbbbbbbbbbbbbbb' },
        { 'service.name': 'worker' },
      );
      expect(doc.type).toBeUndefined();
      expect(doc.parent_id).toBe('bbbbbbbbbbbbbbbb');
      expect(doc.metadata).toEqual({ default: { 'otel.resource.service.name': 'worker' } });
    },
  );

  it.each([SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.PRODUCER])(
    'GIVEN a root span of kind %s WHEN translated THEN it is a segment without parent_id',
    (kind) => {
      const [doc] = translateAll({ kind });
      expect(doc).not.toHaveProperty('type');
      expect(doc).not.toHaveProperty('parent_id');
    },
  );

  it('GIVEN an UNSPECIFIED span with a parent WHEN translated THEN it gets no namespace, like INTERNAL', () => {
    expect(
      translate({ kind: SpanKind.UNSPECIFIED, parentSpanId: 'bbbbbbbbbbbbbbbb' }).namespace,
    ).toBeUndefined();
  });

  it('GIVEN span and trace ids WHEN translated THEN id is the span hex and trace_id the X-Ray form', () => {
    const doc = translate({ spanId: '0123456789abcdef' });
    expect(doc.id).toBe('0123456789abcdef');
    expect(doc.trace_id).toBe(XRAY_TRACE_ID);
  });

  it('GIVEN resource attributes WHEN a subsegment is translated THEN they are not copied into it', () => {
    const doc = translate(
      { kind: SpanKind.INTERNAL, parentSpanId: 'bbbbbbbbbbbbbbbb' },
      { 'service.name': 'svc' },
    );
    expect(doc.metadata).toBeUndefined();
  });

  it('GIVEN resource attributes WHEN a segment is translated THEN they are stored as otel.resource.* metadata', () => {
    const doc = translate({ kind: SpanKind.SERVER }, { 'service.name': 'svc' });
    expect(doc.metadata?.default).toEqual({ 'otel.resource.service.name': 'svc' });
  });
});

describe('Segment: timestamps', () => {
  it('GIVEN 1700000000250000000 ns WHEN converted THEN seconds are float64(ns)/1e9 = 1700000000.2499998', () => {
    const doc = translate({ start: 1_700_000_000_250_000_000, end: 1_700_000_001_000_000_000 });
    expect(doc.start_time).toBe(1700000000.2499998);
    expect(doc.end_time).toBe(1700000001);
  });

  it('GIVEN any span WHEN translated THEN in_progress is never written', () => {
    expect(translateAll({})[0]).not.toHaveProperty('in_progress');
  });
});

describe('Encoding: serialisation', () => {
  it('GIVEN a plain span WHEN serialised THEN fault, error and throttle are present as false', () => {
    const [doc] = translateAll({});
    expect(doc).toMatchObject({ fault: false, error: false, throttle: false });
  });

  it('GIVEN a bare span without resource WHEN serialised THEN empty fields (origin, namespace, parent_id, type, user, annotations, metadata) are absent', () => {
    const [doc] = translateAll({ kind: SpanKind.SERVER });
    for (const key of [
      'origin',
      'namespace',
      'parent_id',
      'type',
      'user',
      'annotations',
      'metadata',
      'http',
      'cause',
      'sql',
      'service',
      'links',
    ]) {
      expect(doc).not.toHaveProperty(key);
    }
  });

  it('GIVEN a span WHEN serialised THEN keys follow the Go struct order (name, id, start_time … type)', () => {
    const [doc] = translateAll(
      { kind: SpanKind.CLIENT, parentSpanId: 'bbbbbbbbbbbbbbbb', attributes: { foo: 'bar' } },
      {},
    );
    expect(Object.keys(doc ?? {})).toEqual([
      'name',
      'id',
      'start_time',
      'trace_id',
      'end_time',
      'fault',
      'error',
      'throttle',
      'aws',
      'metadata',
      'namespace',
      'parent_id',
      'type',
    ]);
  });
});
