// A loopback OTLP/gRPC trace receiver that stands in for the collector sidecar. It discards what it
// receives and only counts spans, unless `keepSpans` asks it to decode them for assertions.
// Reusable by tests (import it) and by benchmarks (run ./otlp-sink-process.ts in its own process so
// that its CPU does not share the load generator's event loop).
import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { ServiceDefinition, ServerUnaryCall, sendUnaryData, status } from '@grpc/grpc-js';
import { countSpans, decodeSpans } from './otlp-wire.js';
import type { WireSpan } from './otlp-wire.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** Raw-bytes service definition: no protobuf library on the hot path of the receiver. */
const traceService: ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    // An empty ExportTraceServiceResponse encodes to zero bytes.
    responseSerialize: () => Buffer.alloc(0),
    responseDeserialize: (b: Buffer) => b,
  },
};

export interface OtlpSinkOptions {
  /** @default 0 (ephemeral) */
  readonly port?: number;
  /** Decode and keep every span (tests). @default false */
  readonly keepSpans?: boolean;
  /** Answer every export with this gRPC status instead of OK (failure tests). @default undefined */
  readonly failWith?: status;
}

export interface OtlpSink {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, the form OTEL_EXPORTER_OTLP_ENDPOINT takes. */
  readonly url: string;
  readonly stats: () => { readonly spans: number; readonly requests: number };
  /** Decoded spans, only when `keepSpans` is set. */
  readonly spans: readonly WireSpan[];
  readonly close: () => Promise<void>;
}

export async function startOtlpSink(options: OtlpSinkOptions = {}): Promise<OtlpSink> {
  let spanCount = 0;
  let requests = 0;
  const kept: WireSpan[] = [];
  const server = new Server();
  server.addService(traceService, {
    Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      requests += 1;
      if (options.failWith !== undefined) {
        callback({ code: options.failWith, details: 'otlp-sink configured to fail' });
        return;
      }
      if (options.keepSpans === true) {
        const decoded = decodeSpans(call.request);
        spanCount += decoded.length;
        kept.push(...decoded);
      } else {
        spanCount += countSpans(call.request);
      }
      callback(null, Buffer.alloc(0));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(
      `127.0.0.1:${options.port ?? 0}`,
      ServerCredentials.createInsecure(),
      (err, p) => (err ? reject(err) : resolve(p)),
    );
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ spans: spanCount, requests }),
    spans: kept,
    close: () =>
      new Promise<void>((resolve) => {
        // tryShutdown waits for open calls; forceShutdown bounds it for a client that keeps a stream open.
        const timer = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
