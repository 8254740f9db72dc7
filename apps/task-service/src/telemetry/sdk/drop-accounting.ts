// Counts the spans a pipeline is handed, exports and loses, and makes every loss visible: a JSON log
// line with the numbers (periodically while losses grow, and once at shutdown), plus the SDK
// self-observability counter `otel.sdk.processor.span.processed` on the global meter, which costs
// nothing unless a MeterProvider is installed.
// https://opentelemetry.io/docs/specs/semconv/otel/sdk-metrics/
import { metrics } from '@opentelemetry/api';

export type DropReason =
  'queue_full' | 'export_failed' | 'export_timeout' | 'shutdown_timeout' | 'after_shutdown';

export interface PipelineStats {
  /** Sampled spans handed to the pipeline. */
  readonly ended: number;
  /** Spans the exporter reported as delivered. */
  readonly exported: number;
  /** Lost spans, all reasons. */
  readonly dropped: number;
  readonly droppedByReason: Readonly<Record<DropReason, number>>;
  /** Queued or in flight right now. */
  readonly pending: number;
}

export interface LossReport extends PipelineStats {
  /** Spans lost since the previous report. */
  readonly newlyDropped: number;
  /** `true` for the last report, written at shutdown. */
  readonly final: boolean;
}

export type DropReporter = (report: LossReport) => void;

/** One JSON line on stderr, so log shippers pick it up as a structured warning. */
export const logLossReport: DropReporter = (r) => {
  const line = {
    level: r.dropped > 0 ? 'warn' : 'info',
    msg: r.final ? 'telemetry: span pipeline closed' : `telemetry: dropped ${r.newlyDropped} spans`,
    spansEnded: r.ended,
    spansExported: r.exported,
    spansDropped: r.dropped,
    droppedByReason: r.droppedByReason,
    spansPending: r.pending,
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
};

export interface DropAccountingOptions {
  readonly reporter: DropReporter | undefined;
  readonly intervalMillis: number;
  readonly queued: () => number;
}

export class DropAccounting {
  private endedCount = 0;
  private exportedCount = 0;
  private readonly byReason: Record<DropReason, number> = {
    queue_full: 0,
    export_failed: 0,
    export_timeout: 0,
    shutdown_timeout: 0,
    after_shutdown: 0,
  };
  private reportedDrops = 0;
  private readonly reporter: DropReporter;
  private readonly timer: NodeJS.Timeout;
  private readonly queued: () => number;
  private closed = false;

  constructor(options: DropAccountingOptions) {
    this.reporter = options.reporter ?? logLossReport;
    this.queued = options.queued;
    this.timer = setInterval(() => this.report(false), options.intervalMillis);
    this.timer.unref();
    const counter = metrics
      .getMeter('task-service-telemetry')
      .createObservableCounter('otel.sdk.processor.span.processed', {
        unit: '{span}',
        description: 'Spans whose processing finished, by error.type when lost.',
      });
    counter.addCallback((result) => {
      result.observe(this.exportedCount);
      for (const [reason, n] of Object.entries(this.byReason))
        result.observe(n, { 'error.type': reason });
    });
  }

  ended(n: number): void {
    this.endedCount += n;
  }

  exported(n: number): void {
    this.exportedCount += n;
  }

  dropped(reason: DropReason, n: number): void {
    if (n > 0) this.byReason[reason] += n;
  }

  snapshot(): PipelineStats {
    const dropped = Object.values(this.byReason).reduce((a, b) => a + b, 0);
    return {
      ended: this.endedCount,
      exported: this.exportedCount,
      dropped,
      droppedByReason: { ...this.byReason },
      pending: this.queued(),
    };
  }

  /** Final report; spans ended later are still counted (`after_shutdown`) but no longer logged. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.report(true);
  }

  private report(final: boolean): void {
    const s = this.snapshot();
    const newlyDropped = s.dropped - this.reportedDrops;
    if (!final && newlyDropped === 0) return;
    this.reportedDrops = s.dropped;
    this.reporter({ ...s, newlyDropped, final });
  }
}
