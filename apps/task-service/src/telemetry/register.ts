/**
 * Tracing bootstrap, loaded before the app with `node --import ./.../telemetry/register.js`.
 * Never by import order: under ESM that starts tracing too late.
 *
 * Only pure modules are imported statically; the SDK is imported after the loader hook is
 * registered, and not at all when OTEL_SDK_DISABLED=true (tracing fully off: no hook, no SDK).
 */
import { register } from 'node:module';
import { jsonLogger } from '../log.js';
import { readTelemetryConfig } from './config.js';
import { publishTelemetry } from './handle.js';

const config = readTelemetryConfig(process.env);

if (config.disabled) {
  jsonLogger.info('tracing disabled', { reason: 'OTEL_SDK_DISABLED=true' });
} else {
  // The ESM loader hook is what instrumentation-express needs (without it Express is silently not
  // traced). The tuned profile does not use that instrumentation, and the AWS SDK (CommonJS) is
  // hooked through require, so it skips the hook: that was most of the cold-start cost (issue 6).
  // https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md
  if (config.profile === 'upstream')
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startTelemetry } = await import('./sdk.js');
  publishTelemetry(startTelemetry(config));
  jsonLogger.info('tracing enabled', {
    endpoint: config.endpoint,
    sampler: config.sampler,
    samplerRatio: config.samplerRatio,
    samplerReservoirPerSecond: config.samplerReservoirPerSecond,
    profile: config.profile,
    exportOnWorker: config.exportOnWorker,
    maxQueueSize: config.batch.maxQueueSize,
  });
}
