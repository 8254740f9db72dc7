/**
 * The house's OTLP/gRPC trace receiver for tests and benchmarks: what the sidecar collector is to
 * the service. It is the preview's gRPC server with another handler, and decodes with the
 * preview's decoder, so received spans have the preview's span model.
 */
import type { status } from '@grpc/grpc-js';
import { decodeProtobufRequest } from '../../apps/xray-preview/src/otlp/decode.js';
import {
  ExportRejection,
  serveOtlpTraces,
} from '../../apps/xray-preview/src/otlp/grpc-receiver.js';
import type { AttrMap, Span } from '../../apps/xray-preview/src/model.js';
import { countSpans } from './count-spans.js';

export { SpanKind, StatusCode } from '../../apps/xray-preview/src/model.js';
export type { AttrMap, AttrValue } from '../../apps/xray-preview/src/model.js';

/** A received span: the preview's span model, with the resource it was exported under. */
export interface ReceivedSpan extends Span {
  readonly resource: AttrMap;
}

/**
 * - `decode`: decode and keep every span (tests);
 * - `count`: count spans, then discard them (benchmarks that check nothing was lost);
 * - `discard`: acknowledge without reading (saturation runs, where the receiver must cost least).
 */
export type ReceiverMode = 'decode' | 'count' | 'discard';

export interface ReceiverOptions {
  /** @default 'decode' */
  readonly mode?: ReceiverMode;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** Refuse every export with this gRPC status, as a failing collector would. @default undefined */
  readonly failWith?: status;
}

export interface WaitOptions {
  /** @default 15000 */
  readonly timeoutMs?: number;
  /** What the predicate waits for, for the timeout error. @default 'spans matching the predicate' */
  readonly what?: string;
}

export interface OtlpReceiver {
  readonly mode: ReceiverMode;
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly endpoint: string;
  /** Spans received so far (decode mode; empty otherwise). */
  readonly spans: readonly ReceivedSpan[];
  /** Spans received so far (decode and count modes; 0 in discard mode). */
  spanCount(): number;
  /** Export calls answered so far, refused ones included (every mode). */
  exportCount(): number;
  /** Resolves once `predicate` holds for the received spans; rejects after the timeout. */
  waitFor(
    predicate: (spans: readonly ReceivedSpan[]) => boolean,
    options?: WaitOptions,
  ): Promise<void>;
  close(): Promise<void>;
}

/** An empty ExportTraceServiceResponse (no partial_success) is zero bytes on the wire. */
const EMPTY_RESPONSE = new Uint8Array(0);

/** "GET /tasks ×3, tasks.create ×2": what arrived, for a timeout error. */
function summary(spans: readonly ReceivedSpan[]): string {
  const byName = new Map<string, number>();
  for (const span of spans) byName.set(span.name, (byName.get(span.name) ?? 0) + 1);
  const names = [...byName].map(([name, n]) => (n === 1 ? name : `${name} ×${n}`));
  return names.length > 20 ? `${names.slice(0, 20).join(', ')}, …` : names.join(', ');
}

/** Starts a receiver on 127.0.0.1. */
export async function startOtlpReceiver(options: ReceiverOptions = {}): Promise<OtlpReceiver> {
  const mode = options.mode ?? 'decode';
  const spans: ReceivedSpan[] = [];
  let count = 0;
  let exports = 0;
  const waiters = new Set<() => void>();

  const receive = (request: Buffer): void => {
    if (mode === 'discard') return;
    if (mode === 'count') {
      count += countSpans(request);
      return;
    }
    for (const { resource, spans: batch } of decodeProtobufRequest(request)) {
      for (const span of batch) spans.push({ ...span, resource });
      count += batch.length;
    }
  };
  const server = await serveOtlpTraces(
    (request) => {
      exports += 1;
      if (options.failWith !== undefined) {
        throw new ExportRejection(options.failWith, 'this test receiver refuses every export');
      }
      receive(request);
      for (const wake of waiters) wake();
      return EMPTY_RESPONSE;
    },
    // A service that keeps exporting holds a graceful shutdown open; tests need not wait long.
    { host: '127.0.0.1', port: options.port ?? 0, closeGraceMs: 1000 },
  );

  return {
    mode,
    port: server.port,
    endpoint: `http://127.0.0.1:${server.port}`,
    spans,
    spanCount: () => count,
    exportCount: () => exports,
    waitFor(predicate, wait = {}) {
      const timeoutMs = wait.timeoutMs ?? 15_000;
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
              `waited ${timeoutMs} ms for ${wait.what ?? 'spans matching the predicate'} at ` +
                `the OTLP receiver (${mode} mode); it received ${count} spans in ${exports} ` +
                `exports${spans.length > 0 ? `: ${summary(spans)}` : ''}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => server.close(),
  };
}
