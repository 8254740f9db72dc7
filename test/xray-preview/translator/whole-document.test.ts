// Whole documents for the local stack's spans, compared field by field (ids are fixed here).
import { describe, expect, it } from 'vitest';
import { SpanKind, StatusCode, translateAll } from './span-builder.js';

const RESOURCE = {
  'service.name': 'task-service',
  'service.version': '0.1.0',
  'cloud.provider': 'aws',
  'cloud.platform': 'aws_eks',
  'k8s.cluster.name': 'tasks',
  'k8s.pod.name': 'task-service-1',
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.language': 'nodejs',
  'telemetry.sdk.version': '2.1.0',
};

describe('whole documents', () => {
  it('GIVEN the task-service HTTP server span (stable semconv) WHEN translated THEN the document is exactly what the exporter sends', () => {
    const [doc] = translateAll(
      {
        kind: SpanKind.SERVER,
        spanId: '53995c3f42cd8ad8',
        parentSpanId: '1000000000000001',
        name: 'POST /tasks',
        start: 1_700_000_000_250_000_000,
        end: 1_700_000_000_262_000_000,
        attributes: {
          'http.request.method': 'POST',
          'url.scheme': 'http',
          'url.path': '/tasks',
          'http.route': '/tasks',
          'server.address': 'localhost',
          'server.port': 8080,
          'http.response.status_code': 409,
          'network.peer.address': '127.0.0.1',
          'user_agent.original': 'Mozilla/5.0',
          'task.id': 't-1',
        },
        status: { code: StatusCode.UNSET },
      },
      RESOURCE,
      { indexedAttributes: ['task.id', 'http.route'] },
    );
    expect(doc).toStrictEqual({
      name: 'task-service',
      id: '53995c3f42cd8ad8',
      start_time: 1700000000.2499998,
      service: { version: '0.1.0' },
      origin: 'AWS::EKS::Container',
      trace_id: '1-6553f100-5c9a8d1e2f3a4b5c6d7e8f90',
      end_time: 1700000000.262,
      http: {
        request: {
          method: 'POST',
          url: 'http://localhost:8080/tasks',
          user_agent: 'Mozilla/5.0',
          client_ip: '127.0.0.1',
        },
        response: { status: 409, content_length: 0 },
      },
      fault: false,
      error: true,
      throttle: false,
      aws: {
        eks: { cluster_name: 'tasks', pod: 'task-service-1', container_id: null },
        xray: {
          sdk: 'opentelemetry for nodejs',
          sdk_version: '2.1.0',
          auto_instrumentation: false,
        },
      },
      annotations: { 'http.route': '/tasks', 'task.id': 't-1' },
      metadata: {
        default: {
          'otel.resource.cloud.platform': 'aws_eks',
          'otel.resource.cloud.provider': 'aws',
          'otel.resource.k8s.cluster.name': 'tasks',
          'otel.resource.k8s.pod.name': 'task-service-1',
          'otel.resource.service.name': 'task-service',
          'otel.resource.service.version': '0.1.0',
          'otel.resource.telemetry.sdk.language': 'nodejs',
          'otel.resource.telemetry.sdk.name': 'opentelemetry',
          'otel.resource.telemetry.sdk.version': '2.1.0',
        },
      },
      parent_id: '1000000000000001',
    });
  });

  it('GIVEN the AWS SDK DynamoDB client span WHEN translated THEN the subsegment is exactly what the exporter sends', () => {
    const [doc] = translateAll(
      {
        kind: SpanKind.CLIENT,
        spanId: '2000000000000002',
        parentSpanId: '53995c3f42cd8ad8',
        name: 'DynamoDB.PutItem',
        attributes: {
          'rpc.system': 'aws-api',
          'rpc.method': 'PutItem',
          'rpc.service': 'DynamoDB',
          'cloud.region': 'us-east-1',
          'db.system': 'dynamodb',
          'aws.dynamodb.table_names': ['tasks'],
          'aws.request.id': 'REQ1',
          'http.status_code': 400,
        },
        status: { code: StatusCode.ERROR, message: 'ConditionalCheckFailedException' },
      },
      RESOURCE,
    );
    expect(doc).toMatchObject({
      name: 'DynamoDB',
      namespace: 'aws',
      type: 'subsegment',
      error: true,
      fault: false,
      http: { request: {}, response: { status: 400, content_length: 0 } },
      aws: { operation: 'PutItem', table_name: 'tasks' },
      metadata: {
        default: {
          'aws.dynamodb.table_names': ['tasks'],
          'aws.request.id': 'REQ1',
          'cloud.region': 'us-east-1',
          'db.system': 'dynamodb',
          'rpc.service': 'DynamoDB',
          'rpc.system': 'aws-api',
        },
      },
    });
    expect(doc?.cause?.exceptions?.map((e) => [e.type, e.message])).toEqual([
      ['', 'ConditionalCheckFailedException'],
    ]);
    expect(Object.keys(doc?.metadata?.default ?? {})).toEqual(
      [...Object.keys(doc?.metadata?.default ?? {})].sort(),
    );
  });
});
