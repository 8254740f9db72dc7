/**
 * OTLP payloads for receiver and query-API tests: a browser fetch span (task-web) calling
 * task-service, which calls DynamoDB — the trace the local stack produces.
 */
import { ExportTraceServiceRequest } from '../../apps/xray-preview/src/otlp/proto-schema.js';

export interface TraceIds {
  readonly traceId: string;
  readonly xrayTraceId: string;
}

/** A trace ID whose first 4 bytes are `seconds`, like AWSXRayIdGenerator makes. */
export function traceIdsAt(seconds: number, suffix: string): TraceIds {
  const head = Math.floor(seconds).toString(16).padStart(8, '0');
  const tail = suffix.padStart(24, '0');
  return { traceId: head + tail, xrayTraceId: `1-${head}-${tail}` };
}

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

/** OTLP JSON (hex ids, lowerCamelCase, enums as ints, int64 as strings). */
export function localStackTrace(ids: TraceIds, startSeconds: number, status = 200) {
  const ns = (offsetMs: number) =>
    String(BigInt(Math.round(startSeconds * 1000) + offsetMs) * 1_000_000n);
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [str('service.name', 'task-web'), str('telemetry.sdk.language', 'webjs')],
        },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-fetch' },
            spans: [
              {
                traceId: ids.traceId,
                spanId: '1000000000000001',
                name: 'HTTP POST',
                kind: 3,
                startTimeUnixNano: ns(0),
                endTimeUnixNano: ns(120),
                attributes: [
                  str('peer.service', 'task-service'),
                  str('http.method', 'POST'),
                  str('http.url', 'http://127.0.0.1:8080/tasks'),
                  int('http.status_code', status),
                ],
                status: { code: 0 },
              },
            ],
          },
        ],
      },
      {
        resource: {
          attributes: [
            str('service.name', 'task-service'),
            str('cloud.provider', 'aws'),
            str('cloud.platform', 'aws_eks'),
            str('telemetry.sdk.language', 'nodejs'),
          ],
        },
        scopeSpans: [
          {
            spans: [
              {
                traceId: ids.traceId,
                spanId: '2000000000000002',
                parentSpanId: '1000000000000001',
                name: 'POST /tasks',
                kind: 2,
                startTimeUnixNano: ns(10),
                endTimeUnixNano: ns(110),
                attributes: [
                  str('http.request.method', 'POST'),
                  str('url.path', '/tasks'),
                  int('http.response.status_code', status),
                ],
                status: { code: status >= 500 ? 2 : 0 },
              },
              {
                traceId: ids.traceId,
                spanId: '3000000000000003',
                parentSpanId: '2000000000000002',
                name: 'DynamoDB.PutItem',
                kind: 3,
                startTimeUnixNano: ns(20),
                endTimeUnixNano: ns(60),
                attributes: [
                  str('rpc.system', 'aws-api'),
                  str('rpc.service', 'DynamoDB'),
                  str('rpc.method', 'PutItem'),
                  {
                    key: 'aws.dynamodb.table_names',
                    value: { arrayValue: { values: [{ stringValue: 'tasks' }] } },
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The same request as protobuf bytes. */
export function toProtobuf(json: unknown): Uint8Array<ArrayBuffer> {
  const withBytes = JSON.parse(JSON.stringify(json), (key: string, value: unknown) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string'
      ? Buffer.from(value, 'hex')
      : value,
  ) as Record<string, unknown>;
  // A copy backed by a plain ArrayBuffer, which fetch's BodyInit type asks for.
  return new Uint8Array(
    ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(withBytes)).finish(),
  );
}

/**
 * What an outsider can post with curl: `count` SERVER spans of `service` answering 500, with
 * `extra` span attributes (strings).
 */
export function forgedSpan(
  ids: TraceIds,
  startSeconds: number,
  service: string,
  extra: Readonly<Record<string, string>> = {},
  count = 1,
) {
  const ns = (offsetMs: number) =>
    String(BigInt(Math.round(startSeconds * 1000) + offsetMs) * 1_000_000n);
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: ids.traceId,
    spanId: (0xf000000000000000n + BigInt(i + 1)).toString(16),
    name: 'POST /tasks',
    kind: 2,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(30),
    attributes: [
      str('http.request.method', 'POST'),
      str('url.path', '/tasks'),
      int('http.response.status_code', 500),
      ...Object.entries(extra).map(([key, value]) => str(key, value)),
    ],
    status: { code: 2, message: 'forged' },
  }));
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', service)] },
        scopeSpans: [{ spans }],
      },
    ],
  };
}
