import * as grpc from '@grpc/grpc-js';
import { CountRequest, ExportTraceServiceRequest, TRACE_EXPORT_PATH } from './otlp-trace-proto.js';

export type AttributeValue = string | number | boolean | null | AttributeValue[];

/** A received span, with ids as lowercase hex and attributes flattened to plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly {
    name: string;
    attributes: Readonly<Record<string, AttributeValue>>;
  }[];
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Readonly<Record<string, AttributeValue>>;
  readonly scope: string;
}

export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** Spans received so far (decode mode only; empty in count mode). */
  readonly spans: readonly ReceivedSpan[];
  /** Spans received so far (both modes). */
  spanCount(): number;
  /** Resolves once `predicate` holds for the received spans, or rejects after `timeoutMs`. */
  waitFor(
    predicate: (spans: readonly ReceivedSpan[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** `decode`: keep every span (tests). `count`: only count, then discard (benchmarks). */
  readonly mode?: 'decode' | 'count';
}

interface DecodedKeyValue {
  key: string;
  value?: Record<string, unknown>;
}

function toValue(any: Record<string, unknown> | undefined): AttributeValue {
  if (any === undefined) return null;
  if ('stringValue' in any) return any['stringValue'] as string;
  if ('boolValue' in any) return any['boolValue'] as boolean;
  if ('intValue' in any) return Number(any['intValue']);
  if ('doubleValue' in any) return any['doubleValue'] as number;
  if ('arrayValue' in any) {
    const values = (any['arrayValue'] as { values?: Record<string, unknown>[] }).values ?? [];
    return values.map(toValue);
  }
  return null;
}

function toAttributes(list: DecodedKeyValue[] | undefined): Record<string, AttributeValue> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, toValue(kv.value)]));
}

const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');

interface DecodedRequest {
  resourceSpans?: {
    resource?: { attributes?: DecodedKeyValue[] };
    scopeSpans?: {
      scope?: { name?: string };
      spans?: {
        traceId?: Uint8Array;
        spanId?: Uint8Array;
        parentSpanId?: Uint8Array;
        name?: string;
        kind?: number;
        attributes?: DecodedKeyValue[];
        events?: { name?: string; attributes?: DecodedKeyValue[] }[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

function decodeSpans(buffer: Buffer): ReceivedSpan[] {
  const request = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(buffer), {
    defaults: false,
    oneofs: false,
  }) as DecodedRequest;
  const out: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = toAttributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const span of ss.spans ?? []) {
        out.push({
          traceId: hex(span.traceId),
          spanId: hex(span.spanId),
          parentSpanId: hex(span.parentSpanId),
          name: span.name ?? '',
          kind: span.kind ?? 0,
          attributes: toAttributes(span.attributes),
          events: (span.events ?? []).map((e) => ({
            name: e.name ?? '',
            attributes: toAttributes(e.attributes),
          })),
          status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
          resource,
          scope: ss.scope?.name ?? '',
        });
      }
    }
  }
  return out;
}

function countSpans(buffer: Buffer): number {
  const request = CountRequest.decode(buffer) as unknown as {
    resourceSpans: { scopeSpans: { spans: unknown[] }[] }[];
  };
  let count = 0;
  for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) count += ss.spans.length;
  return count;
}

/**
 * A real OTLP/gRPC trace receiver on an ephemeral loopback port: what the sidecar collector is to
 * the service. Messages stay raw Buffers through grpc-js and are decoded here with protobufjs.
 */
export async function startOtlpReceiver(options: ReceiverOptions = {}): Promise<OtlpReceiver> {
  const mode = options.mode ?? 'decode';
  const spans: ReceivedSpan[] = [];
  let count = 0;
  const waiters = new Set<() => void>();

  const server = new grpc.Server();
  const identity = (value: Buffer): Buffer => value;
  const service: grpc.ServiceDefinition = {
    Export: {
      path: TRACE_EXPORT_PATH,
      requestStream: false,
      responseStream: false,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
      originalName: 'export',
    },
  };
  server.addService(service, {
    Export(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) {
      try {
        if (mode === 'decode') {
          const received = decodeSpans(call.request);
          spans.push(...received);
          count += received.length;
        } else {
          count += countSpans(call.request);
        }
      } catch (error) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: String(error) });
        return;
      }
      // An empty ExportTraceServiceResponse (no partial_success) is zero bytes on the wire.
      callback(null, Buffer.alloc(0));
      for (const wake of waiters) wake();
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    spanCount: () => count,
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!predicate(spans)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out after ${timeoutMs} ms; received ${spans.length} spans: ${spans.map((s) => s.name).join(', ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Streams from a service that keeps exporting would otherwise hold tryShutdown open.
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
}
