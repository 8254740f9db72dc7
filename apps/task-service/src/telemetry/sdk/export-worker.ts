// A SpanExporter that hands finished spans, in a compact structured-cloneable form, to a
// worker_threads OTLP gRPC exporter (./export-worker-thread.ts). The request thread then only pays
// for the compact copy and the postMessage; serialization, HTTP/2 and retries run on the worker.
// Put it under SpanPipeline, which does the batching, the back-pressure and the loss accounting.
import { Worker } from 'node:worker_threads';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult, InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { Dictionary, compactSpan } from './export-worker-format.js';
import type { FromWorker, ResourceDef, ScopeDef, ToWorker } from './export-worker-format.js';
import type { ExportWorkerData } from './export-worker-thread.js';

export interface WorkerSpanExporterOptions {
  /** OTLP gRPC endpoint. @default the exporter's default, from OTEL_EXPORTER_OTLP_ENDPOINT */
  readonly url?: string;
  /** Per-export timeout inside the worker. @default 5000 */
  readonly timeoutMillis?: number;
  /** Upper bound for `shutdown()`; the worker is terminated after it. @default 1000 */
  readonly shutdownTimeoutMillis?: number;
}

/** The worker entry beside this file; from TypeScript sources (tests) it runs through tsx. */
function workerEntry(): { url: URL; execArgv: string[] } {
  const self = import.meta.url;
  if (self.endsWith('.ts'))
    return { url: new URL('./export-worker-thread.ts', self), execArgv: ['--import', 'tsx'] };
  return { url: new URL('./export-worker-thread.js', self), execArgv: [] };
}

export class WorkerSpanExporter implements SpanExporter {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (result: ExportResult) => void>();
  private readonly resources = new Dictionary<Resource>();
  private readonly scopes = new Dictionary<InstrumentationScope>();
  private readonly shutdownTimeoutMillis: number;
  private nextId = 0;
  private shutdownPromise: Promise<void> | undefined;
  private workerError: Error | undefined;

  constructor(options: WorkerSpanExporterOptions = {}) {
    const entry = workerEntry();
    const workerData: ExportWorkerData = {
      url: options.url,
      timeoutMillis: options.timeoutMillis ?? 5000,
    };
    this.shutdownTimeoutMillis = options.shutdownTimeoutMillis ?? 1000;
    this.worker = new Worker(entry.url, { workerData, execArgv: entry.execArgv });
    // The worker must never keep the process alive; shutdown() flushes it explicitly.
    this.worker.unref();
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.type !== 'result') return;
      const callback = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      callback?.(
        msg.ok
          ? { code: ExportResultCode.SUCCESS }
          : { code: ExportResultCode.FAILED, error: new Error(msg.error) },
      );
    });
    const failAll = (error: Error): void => {
      this.workerError = error;
      for (const callback of this.pending.values())
        callback({ code: ExportResultCode.FAILED, error });
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`export worker exited with code ${code}`)));
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.workerError !== undefined || this.shutdownPromise !== undefined) {
      resultCallback({
        code: ExportResultCode.FAILED,
        error: this.workerError ?? new Error('export worker shut down'),
      });
      return;
    }
    const waits = spans.map((s) => s.resource).filter((r) => r.asyncAttributesPending === true);
    if (waits.length === 0) this.post(spans, resultCallback);
    else
      void Promise.all(waits.map((r) => r.waitForAsyncAttributes?.())).then(
        () => this.post(spans, resultCallback),
        (error: unknown) =>
          resultCallback({ code: ExportResultCode.FAILED, error: error as Error }),
      );
  }

  private post(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const resources: ResourceDef[] = [];
    const scopes: ScopeDef[] = [];
    const compact = spans.map((span) => {
      const [r, newResource] = this.resources.idOf(span.resource);
      if (newResource)
        resources.push({
          id: r,
          attributes: span.resource.attributes,
          schemaUrl: span.resource.schemaUrl,
        });
      const [i, newScope] = this.scopes.idOf(span.instrumentationScope);
      if (newScope) scopes.push({ id: i, scope: { ...span.instrumentationScope } });
      return compactSpan(span, r, i);
    });
    const id = this.nextId++;
    this.pending.set(id, resultCallback);
    const msg: ToWorker = { type: 'export', id, resources, scopes, spans: compact };
    this.worker.postMessage(msg);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.shutdownPromise ??= new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        void this.worker.terminate().finally(resolve);
      };
      const timer = setTimeout(done, this.shutdownTimeoutMillis);
      this.worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'shutdown-done') done();
      });
      if (this.workerError !== undefined) done();
      else this.worker.postMessage({ type: 'shutdown' } satisfies ToWorker);
    });
    return this.shutdownPromise;
  }
}
