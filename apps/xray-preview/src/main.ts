/**
 * `npm run xray-preview`: starts the preview from XRAY_PREVIEW_* env, prints its URLs and stops
 * cleanly on SIGINT/SIGTERM.
 */
import { settingsFromEnv, SettingsError, startPreview, type RunningPreview } from './index.js';
import { OTLP_HTTP_MAX_BODY_BYTES } from './limits.js';
import type { PreviewSettings } from './settings.js';

let preview: RunningPreview | undefined;
let stopping = false;

function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`X-Ray preview: ${signal}, stopping`);
  (preview?.close() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// Handlers go in first: a signal that arrives while starting (or right after the URLs are
// printed) must still close the listeners instead of killing the process mid-way.
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

async function main(): Promise<void> {
  const settings = settingsFromEnv();
  const running = await startPreview(settings);
  preview = running;
  if (stopping) {
    await running.close();
    return;
  }
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  console.log(
    [
      'X-Ray preview running',
      `  UI + query API   http://${host}:${running.apiPort}/`,
      `  OTLP gRPC        http://${host}:${running.grpcPort}`,
      `  OTLP/HTTP        http://${host}:${running.httpPort}/v1/traces`,
      `  CORS origins     ${settings.corsAllowedOrigins.join(', ') || '(none)'}`,
      `  OTLP/HTTP policy ${describePolicy(settings.ingestPolicy)}`,
      `  store cap        ${settings.maxSpans} segment documents, ${mib(settings.maxStoreBytes)}`,
      `  sampling rules   ${settings.samplingRulesFile ?? (settings.samplingRules === undefined ? "X-Ray's default rule (1/s + 5 %)" : 'XRAY_PREVIEW_SAMPLING_RULES')}`,
    ].join('\n'),
  );
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

function describePolicy(policy: PreviewSettings['ingestPolicy']): string {
  const parts = [
    policy.serviceNames === undefined
      ? 'any service'
      : `services ${policy.serviceNames.join(', ')}`,
    `body ≤ ${mib(policy.maxRequestBodyBytes ?? OTLP_HTTP_MAX_BODY_BYTES)}`,
  ];
  if (policy.maxSpansPerRequest !== undefined) parts.push(`≤ ${policy.maxSpansPerRequest} spans`);
  if (policy.maxAttributeValueLength !== undefined) {
    parts.push(`attributes ≤ ${policy.maxAttributeValueLength} chars`);
  }
  return parts.join(', ');
}

main().catch((error: unknown) => {
  console.error(error instanceof SettingsError ? error.message : error);
  process.exit(1);
});
