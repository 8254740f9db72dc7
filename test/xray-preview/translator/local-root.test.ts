// Local-root spans of AWS Application Signals SDKs (docs/xray-translation.md, "Local roots").
import { describe, expect, it } from 'vitest';
import { sequentialIds, SpanKind, translate, translateAll } from './span-builder.js';

const LOCAL_ROOT = { 'aws.span.kind': 'LOCAL_ROOT' };

describe('Local roots: local root', () => {
  it.each([SpanKind.SERVER, SpanKind.INTERNAL])(
    'GIVEN a LOCAL_ROOT kind-%s span with a parent WHEN translated THEN one segment without type and namespace',
    (kind) => {
      const doc = translate({
        kind,
        parentSpanId: 'bbbbbbbbbbbbbbbb',
        attributes: { ...LOCAL_ROOT, 'rpc.system': 'aws-api' },
      });
      expect(doc.type).toBeUndefined();
      expect(doc.namespace).toBeUndefined();
      expect(doc.parent_id).toBe('bbbbbbbbbbbbbbbb');
    },
  );

  it('GIVEN a LOCAL_ROOT INTERNAL span with a parent WHEN translated THEN resource metadata is still not stored', () => {
    const doc = translate(
      { kind: SpanKind.INTERNAL, parentSpanId: 'bbbbbbbbbbbbbbbb', attributes: LOCAL_ROOT },
      { 'service.name': 'svc' },
    );
    expect(Object.keys(doc.metadata?.default ?? {})).not.toContain('otel.resource.service.name');
  });

  it('GIVEN a LOCAL_ROOT CLIENT span WHEN translated THEN a dependency subsegment then a service segment are made', () => {
    const [dependency, service] = translateAll(
      {
        kind: SpanKind.CLIENT,
        spanId: '1111111111111111',
        parentSpanId: 'bbbbbbbbbbbbbbbb',
        attributes: {
          ...LOCAL_ROOT,
          'aws.local.service': 'checkout',
          'aws.remote.service': 'AWS::DynamoDB',
          'aws.remote.operation': 'PutItem',
          'rpc.system': 'aws-api',
          'aws.operation': 'PutItem',
          'aws.region': 'us-east-1',
          'http.method': 'POST',
          extra: 'x',
        },
        links: [{ traceId: '6553f100aaaaaaaaaaaaaaaaaaaaaaaa', spanId: '3333333333333333' }],
      },
      { 'service.name': 'checkout-svc' },
      { newId: sequentialIds() },
    );
    expect(dependency).toMatchObject({
      name: 'DynamoDB',
      id: '1111111111111111',
      type: 'subsegment',
      namespace: 'aws',
      aws: { operation: 'PutItem', region: 'us-east-1' },
    });
    expect(dependency?.http?.request.method).toBe('POST');
    expect(dependency?.links).toHaveLength(1);
    expect(service?.id).toBe(dependency?.parent_id);
    expect(service).toMatchObject({ name: 'checkout', parent_id: 'bbbbbbbbbbbbbbbb' });
    for (const key of ['type', 'namespace', 'http', 'links'])
      expect(service).not.toHaveProperty(key);
    for (const key of ['operation', 'region', 'account_id'])
      expect(service?.aws).not.toHaveProperty(key);
    // The CLIENT span had a parent, so no resource metadata: an empty default namespace remains.
    expect(service?.metadata).toEqual({ default: {} });
  });

  it('GIVEN a LOCAL_ROOT CONSUMER root span WHEN translated THEN the dependency gets namespace remote and loses links; the service keeps links and resource metadata', () => {
    const [dependency, service] = translateAll(
      {
        kind: SpanKind.CONSUMER,
        attributes: { ...LOCAL_ROOT, other: 1 },
        links: [{ traceId: '6553f100aaaaaaaaaaaaaaaaaaaaaaaa', spanId: '3333333333333333' }],
      },
      { 'service.name': 'worker' },
    );
    expect(dependency).toMatchObject({ namespace: 'remote', type: 'subsegment' });
    expect(dependency).not.toHaveProperty('links');
    expect(service?.links).toHaveLength(1);
    expect(service?.metadata).toEqual({ default: { 'otel.resource.service.name': 'worker' } });
  });

  it('GIVEN a non-LOCAL_ROOT PRODUCER subsegment with aws.remote.service WHEN translated THEN namespace is remote', () => {
    expect(
      translate({
        kind: SpanKind.PRODUCER,
        parentSpanId: 'bbbbbbbbbbbbbbbb',
        attributes: { 'aws.remote.service': 'queue' },
      }).namespace,
    ).toBe('remote');
  });

  it('GIVEN a non-LOCAL_ROOT PRODUCER root segment WHEN translated THEN namespace is remote, as for CLIENT', () => {
    expect(
      translate({ kind: SpanKind.PRODUCER, attributes: { 'aws.remote.service': 'queue' } })
        .namespace,
    ).toBe('remote');
  });

  it('GIVEN a non-LOCAL_ROOT CONSUMER with a parent and aws.remote.service WHEN translated THEN it is a segment without namespace', () => {
    const doc = translate({
      kind: SpanKind.CONSUMER,
      parentSpanId: 'bbbbbbbbbbbbbbbb',
      attributes: { 'aws.remote.service': 'queue' },
    });
    expect([doc.type, doc.namespace, doc.name]).toEqual([undefined, undefined, 'queue']);
  });
});
