/**
 * The tracing bootstrap, loaded before the app with `node --import ./.../src/register.js`: under
 * ESM, import order would start tracing too late for the instrumented modules. It reads the one
 * environment schema (an invalid variable stops the process here, with the variable named) and
 * gives tracing the app's rule for requests that are never traced.
 */
import { serviceConfig, telemetryConfig } from './config.js';
import { isUntracedRequest } from './http/untraced-paths.js';
import { jsonLogger } from './log.js';
import { startTracing } from './telemetry/index.js';

let settings;
try {
  settings = telemetryConfig(serviceConfig());
} catch (error) {
  jsonLogger.error('startup failed', {
    error: error instanceof Error ? error.message : String(error),
  });
  process.exit(1);
}

if (settings.disabled) {
  jsonLogger.info('tracing disabled', { reason: 'OTEL_SDK_DISABLED=true' });
} else {
  await startTracing(settings, { ignore: isUntracedRequest });
  jsonLogger.info('tracing enabled', {
    endpoint: settings.endpoint,
    sampler: settings.sampler,
    ...(settings.sampler === 'xray'
      ? { samplingEndpoint: settings.samplingEndpoint }
      : {
          samplerRatio: settings.samplerRatio,
          samplerReservoirPerSecond: settings.samplerReservoirPerSecond,
        }),
    profile: settings.profile,
    exportOnWorker: settings.exportOnWorker,
    maxQueueSize: settings.batch.maxQueueSize,
  });
}
