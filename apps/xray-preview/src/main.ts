/**
 * `npm run xray-preview`: starts the preview from XRAY_PREVIEW_* env, prints its URLs and stops
 * cleanly on SIGINT/SIGTERM.
 */
import { settingsFromEnv, SettingsError, startPreview } from './index.js';

async function main(): Promise<void> {
  const settings = settingsFromEnv();
  const preview = await startPreview(settings);
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  console.log(
    [
      'X-Ray preview running',
      `  UI + query API   http://${host}:${preview.apiPort}/`,
      `  OTLP gRPC        http://${host}:${preview.grpcPort}`,
      `  OTLP/HTTP        http://${host}:${preview.httpPort}/v1/traces`,
      `  CORS origins     ${settings.corsAllowedOrigins.join(', ') || '(none)'}`,
      `  store cap        ${settings.maxSpans} segment documents`,
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`X-Ray preview: ${signal}, stopping`);
    preview.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof SettingsError ? error.message : error);
  process.exit(1);
});
