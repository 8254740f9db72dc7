// The tuned exporter's span encoding against the exporter packages' own serializer: both requests
// are decoded with a complete OTLP trace schema and must carry the same fields and values.
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { OtlpTraceEncoder } from '../../apps/task-service/src/telemetry/sdk/otlp-trace-encoder.js';

/** Every field of the OTLP trace request (opentelemetry-proto trace/v1, common/v1, resource/v1). */
const field = (type: string, id: number, rule?: 'repeated') => ({
  type,
  id,
  ...(rule && { rule }),
});
const root = protobuf.Root.fromJSON({
  nested: {
    Request: { fields: { resourceSpans: field('ResourceSpans', 1, 'repeated') } },
    ResourceSpans: {
      fields: {
        resource: field('Resource', 1),
        scopeSpans: field('ScopeSpans', 2, 'repeated'),
        schemaUrl: field('string', 3),
      },
    },
    Resource: {
      fields: { attributes: field('KeyValue', 1, 'repeated'), dropped: field('uint32', 2) },
    },
    ScopeSpans: {
      fields: {
        scope: field('Scope', 1),
        spans: field('Span', 2, 'repeated'),
        schemaUrl: field('string', 3),
      },
    },
    Scope: {
      fields: {
        name: field('string', 1),
        version: field('string', 2),
        attributes: field('KeyValue', 3, 'repeated'),
        dropped: field('uint32', 4),
      },
    },
    Span: {
      fields: {
        traceId: field('bytes', 1),
        spanId: field('bytes', 2),
        traceState: field('string', 3),
        parentSpanId: field('bytes', 4),
        name: field('string', 5),
        kind: field('int32', 6),
        start: field('fixed64', 7),
        end: field('fixed64', 8),
        attributes: field('KeyValue', 9, 'repeated'),
        droppedAttributes: field('uint32', 10),
        events: field('Event', 11, 'repeated'),
        droppedEvents: field('uint32', 12),
        links: field('Link', 13, 'repeated'),
        droppedLinks: field('uint32', 14),
        status: field('Status', 15),
        flags: field('fixed32', 16),
      },
    },
    Event: {
      fields: {
        time: field('fixed64', 1),
        name: field('string', 2),
        attributes: field('KeyValue', 3, 'repeated'),
        dropped: field('uint32', 4),
      },
    },
    Link: {
      fields: {
        traceId: field('bytes', 1),
        spanId: field('bytes', 2),
        traceState: field('string', 3),
        attributes: field('KeyValue', 4, 'repeated'),
        dropped: field('uint32', 5),
        flags: field('fixed32', 6),
      },
    },
    Status: { fields: { message: field('string', 2), code: field('int32', 3) } },
    KeyValue: { fields: { key: field('string', 1), value: field('AnyValue', 2) } },
    AnyValue: {
      oneofs: { value: { oneof: ['s', 'b', 'i', 'd', 'a', 'kv', 'bytes'] } },
      fields: {
        s: field('string', 1),
        b: field('bool', 2),
        i: field('int64', 3),
        d: field('double', 4),
        a: field('ArrayValue', 5),
        kv: field('KeyValueList', 6),
        bytes: field('bytes', 7),
      },
    },
    ArrayValue: { fields: { values: field('AnyValue', 1, 'repeated') } },
    KeyValueList: { fields: { values: field('KeyValue', 1, 'repeated') } },
  },
});
const Request = root.lookupType('Request');
const decode = (bytes: Uint8Array): unknown =>
  Request.toObject(Request.decode(bytes), { longs: String, bytes: String, defaults: true });

class Collect implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Spans like the service's, plus every field kind the encoder handles. */
function spans(): ReadableSpan[] {
  const collect = new Collect();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'task-service',
      'service.version': '0.1.0',
      'k8s.pod.name': 'task-service-0',
    }),
    idGenerator: new AWSXRayIdGenerator(),
    sampler: new AlwaysOnSampler(),
    spanProcessors: [collect],
  });
  const http = provider.getTracer('task-service-http');
  const business = provider.getTracer('task-service', '1.2.3');
  const parent = trace.setSpanContext(context.active(), {
    traceId: '5f0000000123456789abcdef01234567',
    spanId: '0123456789abcdef',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: new TraceState('vendor=value'),
  });
  const serverAttributes: Attributes = {
    'http.request.method': 'GET',
    'url.path': '/tasks/3f1c1c1e-0000-4000-8000-000000000000',
    'user_agent.original': 'Mozilla/5.0 (Ünïcode ✓)',
    'http.response.status_code': 200,
  };
  for (let i = 0; i < 3; i++) {
    const server = http.startSpan(
      'GET /tasks/:id',
      { kind: SpanKind.SERVER, attributes: serverAttributes },
      parent,
    );
    const child = business.startSpan(
      'tasks.get',
      {
        attributes: {
          'task.operation': 'get',
          'count.negative': -5,
          ratio: 0.25,
          'big.int': 2 ** 40,
          flag: i === 1,
          'aws.dynamodb.table_names': ['tasks', 'other'],
        },
        links: [{ context: server.spanContext(), attributes: { why: 'test' } }],
      },
      trace.setSpan(parent, server),
    );
    child.recordException(new Error(`failed ${i}: ${'x'.repeat(300)}`));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'storage exploded' });
    child.end();
    server.setAttribute('long.value', 'y'.repeat(20_000));
    server.end();
  }
  return collect.spans;
}

describe('the tuned span encoding', () => {
  it('GIVEN server and business spans with every attribute kind, events, links, trace state, a long value and an unset key WHEN both encoders write them THEN the decoded requests are equal', () => {
    const batch = spans();
    const ours = new OtlpTraceEncoder();
    const stock = ProtobufTraceSerializer.serializeRequest(batch);
    if (stock === undefined) throw new Error('the stock serializer wrote nothing');
    // The service's own spans declare some keys before their value is known; unset, they are
    // not written at all.
    for (const span of batch) (span.attributes as Record<string, unknown>)['not.set'] = undefined;

    expect(decode(ours.encode(batch))).toEqual(decode(stock));
    // The second batch reuses the encoder's caches (resource, scopes, repeated attributes).
    expect(decode(ours.encode(batch))).toEqual(decode(stock));
  });

  it('GIVEN a batch WHEN it is encoded THEN the bytes handed out are a copy, untouched by the next encoding', () => {
    const batch = spans();
    const encoder = new OtlpTraceEncoder();
    const first = encoder.encode(batch.slice(0, 2));
    const copy = Uint8Array.from(first);
    encoder.encode(batch);
    expect(Uint8Array.from(first)).toEqual(copy);
  });
});
