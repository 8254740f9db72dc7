// What the preview tests send and read: OTLP/HTTP JSON posts the way curl sends them (no
// Origin), raw OTLP gRPC exports, and GetTraceSummaries with a filter expression.
import * as grpc from '@grpc/grpc-js';
import type { TraceSummary } from '../../apps/xray-preview/src/contract.js';
import { toProtobuf } from './otlp-fixtures.js';

export interface OtlpAnswer {
  readonly status: number;
  readonly body: unknown;
}

export async function postOtlpJson(httpPort: number, body: unknown): Promise<OtlpAnswer> {
  const res = await fetch(`http://127.0.0.1:${httpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** One Export call with the request (OTLP JSON) as protobuf; resolves with the error or null. */
export async function exportOverGrpc(
  grpcPort: number,
  json: unknown,
  options: { readonly authority?: string } = {},
): Promise<grpc.ServiceError | null> {
  const client = grpcClient(grpcPort, options.authority);
  try {
    return await exportBytes(client, Buffer.from(toProtobuf(json)));
  } finally {
    client.close();
  }
}

export function grpcClient(grpcPort: number, authority?: string): grpc.Client {
  return new grpc.Client(
    `127.0.0.1:${grpcPort}`,
    grpc.credentials.createInsecure(),
    authority === undefined ? {} : { 'grpc.default_authority': authority },
  );
}

/** One Export call with an encoded ExportTraceServiceRequest. */
export function exportBytes(
  client: grpc.Client,
  request: Buffer,
): Promise<grpc.ServiceError | null> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      request,
      (error) => resolve(error),
    );
  });
}

/** GetTraceSummaries over the last 10 minutes (and the next one) with a filter expression. */
export async function summaries(apiPort: number, filter: string): Promise<TraceSummary[]> {
  const now = Date.now() / 1000;
  const res = await fetch(`http://127.0.0.1:${apiPort}/TraceSummaries`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ StartTime: now - 600, EndTime: now + 60, FilterExpression: filter }),
  });
  if (!res.ok) throw new Error(`/TraceSummaries answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { TraceSummaries: TraceSummary[] }).TraceSummaries;
}
