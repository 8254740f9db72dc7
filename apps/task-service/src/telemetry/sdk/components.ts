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
import type { Resource } from '@opentelemetry/resources';
import { jsonLogger } from '../../log.js';
import type { TelemetryConfig } from '../config.js';
import { DecidingSampler } from './deciding-sampler.js';
import type { LossReport } from './drop-accounting.js';
import { remoteSampler } from './remote-sampler.js';
import { XRayRuleSampler } from './sampler.js';
import { SpanPipeline } from './span-pipeline.js';

/**
 * A pod gets SIGTERM, then SIGKILL after its grace period; the service aims to exit within 2 s
 * of SIGTERM, so the span flush gets at most this much of it.
 */
const PIPELINE_SHUTDOWN_BOUND_MS = 1500;

/**
 * THE SWAP POINT. The sampler and the span processors the SDK uses are built here and nowhere
 * else; `sdk.ts` wraps whatever this returns with the span counters. To try another pipeline,
 * change these two functions (or make them import from a new module).
 */
export interface TracePipeline {
  readonly sampler: DecidingSampler;
  readonly spanProcessors: readonly SpanProcessor[];
  /** Stops what the sampler runs in the background (the remote sampler's pollers). */
  readonly stop: () => void;
}

export function createTracePipeline(
  config: TelemetryConfig,
  exporter: SpanExporter,
  resource: Resource,
): TracePipeline {
  const { sampler, stop } = createSampler(config, resource);
  return { sampler, spanProcessors: createSpanProcessors(config, exporter), stop };
}

const parentBased = (root: Sampler): Sampler => new ParentBasedSampler({ root });

function createSampler(
  config: TelemetryConfig,
  resource: Resource,
): { sampler: DecidingSampler; stop: () => void } {
  const fixed = (inner: Sampler, readsTraceId: boolean) => ({
    sampler: new DecidingSampler(inner, {
      readsTraceId,
      parentBased: inner instanceof ParentBasedSampler,
    }),
    stop: () => undefined,
  });
  const ratio = (): Sampler => new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'parentbased_xray_rule':
      return {
        sampler: new DecidingSampler(
          parentBased(
            new XRayRuleSampler({
              ratio: config.samplerRatio,
              reservoirPerSecond: config.samplerReservoirPerSecond,
            }),
          ),
          { parentBased: true, decidesOnLastBits: true },
        ),
        stop: () => undefined,
      };
    case 'xray': {
      const remote = remoteSampler({ endpoint: config.samplingEndpoint, resource });
      return {
        // X-Ray's rules match on path and host, so the sampler sees them before the span starts.
        // Parent-based inside (the package wraps its rules in the SDK's ParentBasedSampler).
        sampler: new DecidingSampler(remote.sampler, {
          readsRequestAttributes: true,
          parentBased: true,
        }),
        stop: remote.stop,
      };
    }
    case 'always_on':
      return fixed(new AlwaysOnSampler(), false);
    case 'always_off':
      return fixed(new AlwaysOffSampler(), false);
    case 'traceidratio':
      return fixed(ratio(), true);
    case 'parentbased_always_on':
      return fixed(parentBased(new AlwaysOnSampler()), false);
    case 'parentbased_always_off':
      return fixed(parentBased(new AlwaysOffSampler()), false);
    case 'parentbased_traceidratio':
      return fixed(parentBased(ratio()), true);
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
  // Counted, bounded, exports off the request path (see span-pipeline.ts). OTEL_BSP_* are read by
  // the service's config because NodeSDK only reads them for processors it builds itself.
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
