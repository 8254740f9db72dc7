// Annotations vs metadata and key cleaning (docs/xray-translation.md, "Annotations and metadata").
import { describe, expect, it } from 'vitest';
import { fixAnnotationKey } from '../../../apps/xray-preview/src/translator/annotations.js';
import type { AttrValue } from '../../../apps/xray-preview/src/model.js';
import { documentJson, SpanKind, translate } from './span-builder.js';

const sub = (
  attributes: Record<string, AttrValue>,
  overrides = {},
  resource: Record<string, AttrValue> = {},
) =>
  translate(
    { kind: SpanKind.INTERNAL, parentSpanId: 'bbbbbbbbbbbbbbbb', attributes },
    resource,
    overrides,
  );

describe('Annotations and metadata: indexed attributes', () => {
  it('GIVEN indexed_attributes WHEN translated THEN listed scalars become annotations, others metadata', () => {
    const doc = sub(
      { 'task.id': 't1', count: 3, ratio: 0.5, ok: true, other: 'x' },
      { indexedAttributes: ['task.id', 'count', 'ratio', 'ok'] },
    );
    expect(doc.annotations).toEqual({ 'task.id': 't1', count: 3, ratio: 0.5, ok: true });
    expect(doc.metadata).toEqual({ default: { other: 'x' } });
  });

  it('GIVEN an indexed attribute with a non-scalar value WHEN translated THEN it is dropped, not moved to metadata', () => {
    const doc = sub({ tags: ['a', 'b'], keep: 1 }, { indexedAttributes: ['tags'] });
    expect(doc.annotations).toBeUndefined();
    expect(doc.metadata).toEqual({ default: { keep: 1 } });
  });

  it('GIVEN aws.xray.annotations listing keys WHEN translated THEN those become annotations and the list attribute is removed', () => {
    const doc = sub({ 'aws.xray.annotations': ['tenant', 7], tenant: 'acme', plain: 'p' });
    expect(doc.annotations).toEqual({ tenant: 'acme' });
    expect(doc.metadata).toEqual({ default: { plain: 'p' } });
  });

  it('GIVEN an attribute used up by http WHEN it is listed in indexed_attributes THEN it is put back as an annotation', () => {
    const doc = translate(
      { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', 'aws.operation': 'Op' } },
      {},
      { indexedAttributes: ['http.method', 'aws.operation'] },
    );
    expect(doc.annotations).toEqual({ 'http.method': 'GET', 'aws.operation': 'Op' });
    expect(doc.http?.request.method).toBe('GET');
    expect(doc.aws?.operation).toBe('Op');
  });

  it('GIVEN otel.resource.<key> listed WHEN a segment is translated THEN that resource attribute is an annotation', () => {
    const doc = translate(
      { kind: SpanKind.SERVER },
      { 'service.name': 'svc', 'k8s.pod.name': 'p' },
      { indexedAttributes: ['otel.resource.service.name'] },
    );
    expect(doc.annotations).toEqual({ 'otel.resource.service.name': 'svc' });
    expect(doc.metadata).toEqual({ default: { 'otel.resource.k8s.pod.name': 'p' } });
  });

  it('GIVEN a non-scalar resource attribute WHEN a segment is translated THEN it is kept raw in metadata', () => {
    const doc = translate(
      { kind: SpanKind.SERVER },
      { 'process.command_args': ['node', 'main.js'] },
      { indexAllAttributes: true },
    );
    expect(doc.metadata).toEqual({
      default: { 'otel.resource.process.command_args': ['node', 'main.js'] },
    });
  });
});

describe('Annotations and metadata: metadata', () => {
  it('GIVEN aws.xray.metadata.<ns> JSON WHEN translated THEN it becomes metadata[<ns>]; default merges; bad JSON stays raw', () => {
    const doc = sub({
      'aws.xray.metadata.orders': '{"b":2,"a":{"y":1,"x":0}}',
      'aws.xray.metadata.DEFAULT': '{"merged":true}',
      'aws.xray.metadata.bad': '{nope',
    });
    expect(doc.metadata).toEqual({
      default: { merged: true, 'aws.xray.metadata.bad': '{nope' },
      orders: { a: { x: 0, y: 1 }, b: 2 },
    });
  });

  it('GIVEN ints, arrays, maps and an empty value WHEN translated THEN metadata keeps their types and skips the empty one', () => {
    const doc = sub({
      n: 5,
      list: [1, 'a'],
      map: new Map<string, AttrValue>([
        ['z', 1],
        ['a', 2],
      ]),
      empty: null,
    });
    expect(doc.metadata).toEqual({ default: { n: 5, list: [1, 'a'], map: { a: 2, z: 1 } } });
    // Go writes map keys sorted.
    expect(
      documentJson({
        kind: SpanKind.CLIENT,
        parentSpanId: 'bbbbbbbbbbbbbbbb',
        attributes: {
          map: new Map<string, AttrValue>([
            ['z', 1],
            ['a', 2],
          ]),
        },
      }),
    ).toContain('"map":{"a":2,"z":1}');
  });

  // Nested 5,000 deep, the text parsed fine and then overflowed the stack while being checked
  // and written: the span's request got a 500.
  it.each([
    [5_000, 'stays the plain string'],
    [101, 'stays the plain string'],
  ])(
    'GIVEN aws.xray.metadata.<ns> JSON nested %i deep WHEN translated THEN it %s in metadata.default',
    (depth) => {
      const text = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const doc = sub({ 'aws.xray.metadata.deep': text });
      expect(doc.metadata).toEqual({ default: { 'aws.xray.metadata.deep': text } });
    },
  );

  it('GIVEN aws.xray.metadata.<ns> JSON nested 100 deep, with brackets inside its strings WHEN translated THEN it becomes metadata[<ns>]', () => {
    const text = '{"a":'.repeat(99) + '{"s":"[[{{"}' + '}'.repeat(99);
    const doc = sub({ 'aws.xray.metadata.deep': text });
    expect(doc.metadata).toEqual({ deep: JSON.parse(text) as unknown });
  });
});

describe('Annotations and metadata: index_all_attributes', () => {
  it('GIVEN index_all WHEN translated THEN every scalar span attribute is an annotation and non-scalars are dropped', () => {
    const doc = sub(
      { a: 'x', b: 2, list: [1], 'aws.xray.metadata.ns': '{"k":1}' },
      { indexAllAttributes: true },
    );
    expect(doc.annotations).toEqual({ a: 'x', b: 2, 'aws.xray.metadata.ns': '{"k":1}' });
    expect(doc.metadata).toBeUndefined();
  });

  it('GIVEN index_all and used-up attributes not listed WHEN translated THEN they are not annotations', () => {
    const doc = translate(
      { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', x: 1 } },
      {},
      { indexAllAttributes: true },
    );
    expect(doc.annotations).toEqual({ x: 1 });
  });

  it('GIVEN index_all and used-up attributes listed WHEN translated THEN they are annotations too', () => {
    const doc = translate(
      { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', x: 1 } },
      {},
      { indexAllAttributes: true, indexedAttributes: ['http.method'] },
    );
    expect(doc.annotations).toEqual({ 'http.method': 'GET', x: 1 });
  });

  it('GIVEN index_all WHEN a segment is translated THEN scalar resource attributes are otel.resource.* annotations', () => {
    const doc = translate(
      { kind: SpanKind.SERVER },
      { 'service.name': 'svc' },
      { indexAllAttributes: true },
    );
    expect(doc.annotations).toEqual({ 'otel.resource.service.name': 'svc' });
  });
});

describe('Annotations and metadata: annotation key cleaning', () => {
  it('GIVEN allowDot on (default) WHEN keys are cleaned THEN dots stay and other characters become one _ each', () => {
    expect(fixAnnotationKey('task-id é@x.y 9', true)).toBe('task_id___x.y_9');
  });

  it('GIVEN allowDot off WHEN a resource key is indexed THEN dots become _ too', () => {
    const doc = translate(
      { kind: SpanKind.SERVER },
      { 'service.name': 'svc' },
      { indexAllAttributes: true, allowDot: false },
    );
    expect(doc.annotations).toEqual({ otel_resource_service_name: 'svc' });
  });

  it('GIVEN keys with dashes WHEN they become annotations THEN only annotation keys are cleaned, metadata keys are not', () => {
    const doc = sub({ 'user-id': 'u', 'raw-key': 'r' }, { indexedAttributes: ['user-id'] });
    expect(doc.annotations).toEqual({ user_id: 'u' });
    expect(doc.metadata).toEqual({ default: { 'raw-key': 'r' } });
  });
});
