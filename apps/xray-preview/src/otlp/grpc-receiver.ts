/**
 * OTLP gRPC trace receiver: `opentelemetry.proto.collector.trace.v1.TraceService/Export`.
 * Messages are (de)serialised with the same protobuf schema as OTLP/HTTP, so both transports
 * share one decoder. `serveOtlpTraces` is the transport alone (what an Export call does with the
 * request bytes is the caller's), so the preview and the test receiver run the same server.
 */
import * as grpc from '@grpc/grpc-js';
import type { Ingest } from '../ingest.js';
import {
  OTLP_GRPC_MAX_CALLS_IN_FLIGHT,
  OTLP_GRPC_MAX_CONCURRENT_STREAMS,
  OTLP_GRPC_MAX_MESSAGE_BYTES,
} from '../limits.js';
import { hostnameOf, isLoopbackName } from '../server/loopback.js';
import { decodeProtobufRequest, encodeProtobufResponse, OtlpDecodeError } from './decode.js';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

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

/**
 * Answers one Export call with the ExportTraceServiceResponse bytes. Throwing OtlpDecodeError
 * answers INVALID_ARGUMENT, ExportRejection its own status, anything else INTERNAL.
 */
export type ExportHandler = (request: Buffer) => Uint8Array;

/** An Export refused with a chosen gRPC status (a receiver that plays a failing collector). */
export class ExportRejection extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
    this.name = 'ExportRejection';
  }
}

export interface GrpcReceiver {
  readonly port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** How long `close()` waits for open calls before it cuts them. @default 2000 */
  readonly closeGraceMs?: number;
  /**
   * Refuse calls whose `:authority` is not a loopback name (PERMISSION_DENIED), as the HTTP
   * ports refuse such a Host. @default false
   */
  readonly loopbackOnly?: boolean;
  /** HTTP/2 streams (calls) one connection may have open; more wait on the client. @default unlimited */
  readonly maxConcurrentStreams?: number;
  /**
   * Calls held at once over all connections, from their headers to their status; more are
   * answered UNAVAILABLE before their message is read. @default unlimited
   */
  readonly maxCallsInFlight?: number;
  /** Told about each call refused by `maxCallsInFlight`. */
  readonly onCallRefused?: () => void;
}

/** A server interceptor that holds at most `limit` calls at once (see maxCallsInFlight). */
function callsInFlightLimit(limit: number, onRefused: () => void): grpc.ServerInterceptor {
  let inFlight = 0;
  return (_method, next) => {
    let holding = false;
    const release = (): void => {
      if (holding) inFlight--;
      holding = false;
    };
    const call: grpc.ServerInterceptingCall = new grpc.ServerInterceptingCall(next, {
      start: (startNext) =>
        startNext({
          onReceiveMetadata: (metadata, metadataNext) => {
            if (inFlight >= limit) {
              onRefused();
              call.sendStatus({
                code: grpc.status.UNAVAILABLE,
                details: `the preview is already receiving ${limit} export calls; retry in a second`,
              });
              return;
            }
            inFlight++;
            holding = true;
            metadataNext(metadata);
          },
          onCancel: release,
        }),
      sendStatus: (status, statusNext) => {
        release();
        statusNext(status);
      },
    });
    return call;
  };
}

function statusOf(error: unknown): grpc.status {
  if (error instanceof OtlpDecodeError) return grpc.status.INVALID_ARGUMENT;
  if (error instanceof ExportRejection) return error.code;
  return grpc.status.INTERNAL;
}

/** The OTLP trace service over gRPC, with `handle` answering every Export call. */
export async function serveOtlpTraces(
  handle: ExportHandler,
  options: ServeOptions,
): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': OTLP_GRPC_MAX_MESSAGE_BYTES,
    ...(options.maxConcurrentStreams === undefined
      ? {}
      : { 'grpc.max_concurrent_streams': options.maxConcurrentStreams }),
    ...(options.maxCallsInFlight === undefined
      ? {}
      : {
          interceptors: [
            callsInFlightLimit(options.maxCallsInFlight, options.onCallRefused ?? (() => {})),
          ],
        }),
  });
  const exportHandler: grpc.handleUnaryCall<Buffer, Uint8Array> = (call, callback) => {
    const authority = call.getHost();
    if (options.loopbackOnly === true && !isLoopbackName(hostnameOf(authority))) {
      callback({
        code: grpc.status.PERMISSION_DENIED,
        details:
          `:authority "${authority.slice(0, 64)}" is not a loopback name; while the preview ` +
          'listens on loopback it answers only 127.0.0.1, localhost or [::1]',
      });
      return;
    }
    try {
      callback(null, handle(call.request));
    } catch (error) {
      callback({ code: statusOf(error), details: (error as Error).message });
    }
  };
  server.addService(traceService, { Export: exportHandler });
  const { host, port } = options;
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
        const timer = setTimeout(() => server.forceShutdown(), options.closeGraceMs ?? 2000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/**
 * The preview's receiver: decode, translate and store every batch. No ingest policy here: the
 * task service's spans arrive on this port.
 */
export function startOtlpGrpcServer(ingest: Ingest, options: ServeOptions): Promise<GrpcReceiver> {
  return serveOtlpTraces(
    (request) => encodeProtobufResponse(ingest(decodeProtobufRequest(request))),
    {
      maxConcurrentStreams: OTLP_GRPC_MAX_CONCURRENT_STREAMS,
      maxCallsInFlight: OTLP_GRPC_MAX_CALLS_IN_FLIGHT,
      ...options,
    },
  );
}
