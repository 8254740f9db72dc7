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
import type { TelemetryConfig } from './config.js';

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

function createSpanProcessors(config: TelemetryConfig, exporter: SpanExporter): SpanProcessor[] {
  // Object form: sdk-trace 3.x builds the positional form without error, then throws at the
  // first flush. OTEL_BSP_* are read in config.ts because NodeSDK only reads them for processors
  // it builds itself.
  return [new BatchSpanProcessor({ exporter, ...config.batch })];
}
