import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { jsonLogger } from '../log.js';
import type { TelemetryConfig } from './config.js';
import type { LossReport } from './drop-accounting.js';
import { XRayRuleSampler } from './sampler.js';
import { SpanPipeline } from './span-pipeline.js';

/** SIGTERM to exit must stay under 2 s (issue 6): the span flush gets at most this much of it. */
const PIPELINE_SHUTDOWN_BOUND_MS = 1500;

/**
 * THE SWAP POINT. The sampler and the span processors the SDK uses are built here and nowhere
 * else; `sdk.ts` wraps whatever this returns with the span counters. To try another pipeline,
 * change these two functions (or make them import from a new module).
 */
export interface TracePipeline {
  readonly sampler: Sampler;
  readonly spanProcessors: readonly SpanProcessor[];
}

export function createTracePipeline(
  config: TelemetryConfig,
  exporter: SpanExporter,
): TracePipeline {
  return { sampler: createSampler(config), spanProcessors: createSpanProcessors(config, exporter) };
}

function createSampler(config: TelemetryConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'parentbased_xray_rule':
      return new ParentBasedSampler({
        root: new XRayRuleSampler({
          ratio: config.samplerRatio,
          reservoirPerSecond: config.samplerReservoirPerSecond,
        }),
      });
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
  }
}

/** Every loss is logged with its count; a clean close is logged once, at shutdown. */
function logLosses(r: LossReport): void {
  const fields = {
    spansEnded: r.ended,
    spansExported: r.exported,
    spansDropped: r.dropped,
    newlyDropped: r.newlyDropped,
    droppedByReason: r.droppedByReason,
    spansPending: r.pending,
  };
  if (r.dropped > 0)
    jsonLogger.warn(r.final ? 'span pipeline closed with losses' : 'spans dropped', fields);
  else jsonLogger.info('span pipeline closed', fields);
}

function createSpanProcessors(config: TelemetryConfig, exporter: SpanExporter): SpanProcessor[] {
  if (config.profile === 'upstream') {
    // Object form: sdk-trace 3.x builds the positional form without error, then throws at the
    // first flush. The SDK's processor drops spans silently when its queue is full.
    const { maxConcurrentExports: _unused, ...batch } = config.batch;
    return [new BatchSpanProcessor({ exporter, ...batch })];
  }
  // Counted, bounded, exports off the request path (see span-pipeline.ts). OTEL_BSP_* are read in
  // config.ts because NodeSDK only reads them for processors it builds itself.
  return [
    new SpanPipeline({
      exporter,
      maxQueueSize: config.batch.maxQueueSize,
      maxExportBatchSize: config.batch.maxExportBatchSize,
      scheduledDelayMillis: Math.max(1, config.batch.scheduledDelayMillis),
      exportTimeoutMillis: config.batch.exportTimeoutMillis,
      maxConcurrentExports: config.batch.maxConcurrentExports,
      shutdownTimeoutMillis: Math.max(
        1,
        Math.min(config.shutdownTimeoutMs, PIPELINE_SHUTDOWN_BOUND_MS),
      ),
      reporter: logLosses,
    }),
  ];
}
