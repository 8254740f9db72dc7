/**
 * OTLP gRPC trace receiver: `opentelemetry.proto.collector.trace.v1.TraceService/Export`.
 * Messages are (de)serialised with the same protobuf schema as OTLP/HTTP, so both transports
 * share one decoder.
 */
import * as grpc from '@grpc/grpc-js';
import type { Ingest } from '../ingest.js';
import { decodeProtobufRequest, encodeProtobufResponse, OtlpDecodeError } from './decode.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
/** The collector's default max_recv_msg_size_mib. */
const MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

const traceService: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    // Raw bytes in: decoding happens in the handler so errors map to INVALID_ARGUMENT.
    requestDeserialize: (bytes: Buffer) => bytes,
    requestSerialize: (bytes: Buffer) => bytes,
    responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

export interface GrpcReceiver {
  readonly port: number;
  close(): Promise<void>;
}

export async function startOtlpGrpcServer(
  ingest: Ingest,
  host: string,
  port: number,
): Promise<GrpcReceiver> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES });
  const exportHandler: grpc.handleUnaryCall<Buffer, Uint8Array> = (call, callback) => {
    try {
      const partial = ingest(decodeProtobufRequest(call.request));
      callback(null, encodeProtobufResponse(partial));
    } catch (error) {
      const code =
        error instanceof OtlpDecodeError ? grpc.status.INVALID_ARGUMENT : grpc.status.INTERNAL;
      callback({ code, details: (error as Error).message });
    }
  };
  server.addService(traceService, { Export: exportHandler });
  // gRPC targets need IPv6 literals in brackets: "::1:4317" would parse as host "::1:4317".
  const address =
    host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, p) =>
      error === null ? resolve(p) : reject(error),
    );
  });
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        // Graceful first; force after a bound so Ctrl-C never hangs on a stuck client.
        const timer = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
