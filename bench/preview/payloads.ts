/**
 * Realistic OTLP batches: task-service-like traces (an HTTP SERVER span with stable semconv
 * attributes, an express handler span and a DynamoDB CLIENT span), 512 spans per request, with
 * X-Ray-style trace IDs. Pre-encoded so the benchmark measures the preview, not the client.
 */
import { ExportTraceServiceRequest } from '../../apps/xray-preview/src/otlp/proto-schema.js';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

const RESOURCE = {
  attributes: [
    str('service.name', 'task-service'),
    str('service.version', '0.1.0'),
    str('cloud.provider', 'aws'),
    str('cloud.platform', 'aws_eks'),
    str('k8s.cluster.name', 'tasks'),
    str('k8s.namespace.name', 'prod'),
    str('k8s.pod.name', 'task-service-7d9f8c6b5-x2x4z'),
    str('telemetry.sdk.name', 'opentelemetry'),
    str('telemetry.sdk.language', 'nodejs'),
    str('telemetry.sdk.version', '2.1.0'),
  ],
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/** One request body: `spans` spans (3 per trace), trace ids unique per (batch, trace). */
function batchObject(batch: number, spans: number, ids: 'bytes' | 'hex') {
  const epoch = Math.floor(Date.now() / 1000);
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const id = (value: string) => (ids === 'hex' ? value : Buffer.from(value, 'hex'));
  const time = (offsetMs: number) => String(startNs + BigInt(offsetMs) * 1_000_000n);
  const out = [];
  for (let i = 0; out.length < spans; i++) {
    const traceId = hex(epoch, 8) + hex(batch, 12) + hex(i, 12);
    const server = hex(batch * 4096 + i * 3 + 1, 16);
    const handler = hex(batch * 4096 + i * 3 + 2, 16);
    const status = i % 20 === 0 ? 404 : 200;
    out.push(
      {
        traceId: id(traceId),
        spanId: id(server),
        name: 'POST /tasks',
        kind: 2,
        startTimeUnixNano: time(0),
        endTimeUnixNano: time(12),
        attributes: [
          str('http.request.method', 'POST'),
          str('url.scheme', 'http'),
          str('url.path', '/tasks'),
          str('http.route', '/tasks'),
          str('server.address', 'task-service.prod'),
          int('server.port', 8080),
          int('http.response.status_code', status),
          str('network.peer.address', '10.0.3.17'),
          int('network.peer.port', 51234),
          str('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64)'),
          str('network.protocol.version', '1.1'),
        ],
        status: { code: 0 },
      },
      {
        traceId: id(traceId),
        spanId: id(handler),
        parentSpanId: id(server),
        name: 'request handler - /tasks',
        kind: 1,
        startTimeUnixNano: time(1),
        endTimeUnixNano: time(11),
        attributes: [
          str('http.route', '/tasks'),
          str('express.name', '/tasks'),
          str('express.type', 'request_handler'),
        ],
      },
      {
        traceId: id(traceId),
        spanId: id(hex(batch * 4096 + i * 3 + 3, 16)),
        parentSpanId: id(handler),
        name: 'DynamoDB.PutItem',
        kind: 3,
        startTimeUnixNano: time(2),
        endTimeUnixNano: time(9),
        attributes: [
          str('rpc.system', 'aws-api'),
          str('rpc.service', 'DynamoDB'),
          str('rpc.method', 'PutItem'),
          str('cloud.region', 'us-east-1'),
          str('db.system', 'dynamodb'),
          str('db.operation', 'PutItem'),
          {
            key: 'aws.dynamodb.table_names',
            value: { arrayValue: { values: [{ stringValue: 'tasks' }] } },
          },
          str('aws.request.id', 'N8QK1B7V0H9RJ2K5M3P4Q6S7T8U9V0W1'),
          int('http.status_code', 200),
        ],
      },
    );
  }
  return {
    resourceSpans: [
      {
        resource: RESOURCE,
        scopeSpans: [{ scope: { name: 'bench' }, spans: out.slice(0, spans) }],
      },
    ],
  };
}

/** Bodies are plain-ArrayBuffer-backed Uint8Arrays, what fetch's BodyInit type accepts. */
export function protobufBatch(batch: number, spans: number): Uint8Array<ArrayBuffer> {
  const message = ExportTraceServiceRequest.fromObject(batchObject(batch, spans, 'bytes'));
  return new Uint8Array(ExportTraceServiceRequest.encode(message).finish());
}

export function jsonBatch(batch: number, spans: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(JSON.stringify(batchObject(batch, spans, 'hex'))));
}
