// Worker-thread side of WorkerSpanExporter (./export-worker.ts): rebuilds spans from their compact
// form and runs the stock OTLP gRPC exporter here, so protobuf serialization, HTTP/2 framing and
// retries happen off the request event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { ExportResultCode } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import { expandSpan } from './export-worker-format.js';
import type { FromWorker, ToWorker } from './export-worker-format.js';

export interface ExportWorkerData {
  /** OTLP gRPC endpoint; undefined = the exporter's own default (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly url: string | undefined;
  readonly timeoutMillis: number;
}

const port = parentPort;
if (port === null) throw new Error('export-worker-thread must run inside a worker thread');
const data = workerData as ExportWorkerData;
const exporter = new OTLPTraceExporter({
  ...(data.url === undefined ? {} : { url: data.url }),
  timeoutMillis: data.timeoutMillis,
});
const resources = new Map<number, Resource>();
const scopes = new Map<number, InstrumentationScope>();
const reply = (msg: FromWorker): void => port.postMessage(msg);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'shutdown') {
    void exporter
      .shutdown()
      .catch(() => undefined)
      .finally(() => reply({ type: 'shutdown-done' }));
    return;
  }
  for (const r of msg.resources) {
    const resource = resourceFromAttributes(
      r.attributes,
      r.schemaUrl === undefined ? {} : { schemaUrl: r.schemaUrl },
    );
    resources.set(r.id, resource);
  }
  for (const s of msg.scopes) scopes.set(s.id, s.scope);
  const spans = msg.spans.map((c) => {
    const resource = resources.get(c.r);
    const scope = scopes.get(c.i);
    if (resource === undefined || scope === undefined) {
      throw new Error(
        `export worker: span ${c.s} refers to unknown resource ${c.r} or scope ${c.i}`,
      );
    }
    return expandSpan(c, resource, scope);
  });
  exporter.export(spans, (result) => {
    const ok = result.code === ExportResultCode.SUCCESS;
    reply({
      type: 'result',
      id: msg.id,
      ok,
      ...(ok ? {} : { error: String(result.error?.message ?? 'export failed') }),
    });
  });
});
