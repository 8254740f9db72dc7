import { register } from 'node:module';
import type { TelemetryConfig, TracingOptions } from './config.js';
import { publishTelemetry } from './handle.js';

/**
 * Starts tracing before the app is imported, and publishes the handle `telemetry()` returns.
 * Does nothing when `config.disabled`: no SDK, no loader hook, no instrumentation.
 */
export async function startTracing(
  config: TelemetryConfig,
  options: TracingOptions = {},
): Promise<void> {
  if (config.disabled) return;
  // instrumentation-express needs the ESM loader hook (without it Express is silently not
  // traced), and the hook wraps every module loaded afterwards: most of the upstream profile's
  // cold start. The tuned profile does not use that instrumentation, and the AWS SDK (CommonJS)
  // is hooked through require, so it skips the hook.
  // https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md
  if (config.profile === 'upstream')
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startTelemetry } = await import('./sdk/sdk.js');
  publishTelemetry(startTelemetry(config, options));
}
