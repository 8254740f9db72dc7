// OTLP gRPC receiver: the real OTel JS gRPC exporter (the task-service's) against the preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';

let preview: RunningPreview;

beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

describe('OTLP gRPC TraceService/Export', () => {
  it('GIVEN the OTel gRPC exporter WHEN a server span and a DynamoDB client span are exported THEN both documents are stored in arrival order', async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({
        'service.name': 'task-service',
        'cloud.provider': 'aws',
        'cloud.platform': 'aws_eks',
      }),
      idGenerator: new AWSXRayIdGenerator(),
      spanProcessors: [
        new SimpleSpanProcessor({
          exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${preview.grpcPort}` }),
        }),
      ],
    });
    const tracer = provider.getTracer('test');
    const server = tracer.startSpan('GET /tasks', {
      kind: 1 /* SERVER */,
      attributes: { 'http.request.method': 'GET' },
    });
    const ctx = trace.setSpan(context.active(), server);
    const client = tracer.startSpan(
      'DynamoDB.Query',
      { kind: 2 /* CLIENT */, attributes: { 'rpc.system': 'aws-api', 'rpc.service': 'DynamoDB' } },
      ctx,
    );
    client.end();
    server.end();
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = server.spanContext().traceId;
    const res = await fetch(
      `http://127.0.0.1:${preview.apiPort}/api/segment-documents?traceId=1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
    );
    const docs = (await res.json()) as {
      name: string;
      type?: string;
      namespace?: string;
      origin?: string;
    }[];
    expect(docs).toEqual([
      expect.objectContaining({
        name: 'DynamoDB',
        type: 'subsegment',
        namespace: 'aws',
        origin: 'AWS::EKS::Container',
      }),
      expect.objectContaining({ name: 'task-service', origin: 'AWS::EKS::Container' }),
    ]);
  });

  it('GIVEN bytes that are not an ExportTraceServiceRequest WHEN sent over gRPC THEN the call fails with INVALID_ARGUMENT', async () => {
    const client = new grpc.Client(
      `127.0.0.1:${preview.grpcPort}`,
      grpc.credentials.createInsecure(),
    );
    const status = await new Promise<grpc.ServiceError | null>((resolve) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff]),
        (error) => resolve(error),
      );
    });
    client.close();
    expect(status?.code).toBe(grpc.status.INVALID_ARGUMENT);
  });
  it('GIVEN XRAY_PREVIEW_HOST=::1 (IPv6 loopback) WHEN started THEN gRPC binds there and accepts an empty export', async () => {
    const v6 = await startPreview({ host: '::1', grpcPort: 0, httpPort: 0, apiPort: 0 });
    try {
      const client = new grpc.Client(`[::1]:${v6.grpcPort}`, grpc.credentials.createInsecure());
      const error = await new Promise<grpc.ServiceError | null>((resolve) => {
        client.makeUnaryRequest(
          '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.alloc(0),
          (callError) => resolve(callError),
        );
      });
      client.close();
      expect(error).toBeNull();
    } finally {
      await v6.close();
    }
  });
});
