/**
 * Programmatic entry of the X-Ray preview: OTLP gRPC + OTLP/HTTP in, awsxray-exporter
 * translation, bounded in-memory store, X-Ray-shaped query API and the UI out.
 */
import type { Server } from 'node:http';
import { once } from 'node:events';
import { createQueryServer } from './api/query-server.js';
import { createIngest } from './ingest.js';
import { startOtlpGrpcServer } from './otlp/grpc-receiver.js';
import { createOtlpHttpServer } from './otlp/http-receiver.js';
import { resolveSettings, type PreviewSettings } from './settings.js';
import { TraceStore } from './store/trace-store.js';

export type { PreviewSettings } from './settings.js';
export { resolveSettings, settingsFromEnv, SettingsError } from './settings.js';

export interface RunningPreview {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  close(): Promise<void>;
}

async function listen(server: Server, host: string, port: number, what: string): Promise<number> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw new Error(
      `X-Ray preview could not listen for ${what} on ${host}:${port}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

async function closeHttp(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Open keep-alive and SSE connections would otherwise hold close() open.
  server.closeAllConnections();
  await closed;
}

/** Starts all three listeners; ports 0 pick free ports. */
export async function startPreview(input: Partial<PreviewSettings> = {}): Promise<RunningPreview> {
  const settings = resolveSettings(input);
  const store = new TraceStore(settings.maxSpans);
  const ingest = createIngest(store, settings);
  const otlpHttp = createOtlpHttpServer(ingest, settings.corsAllowedOrigins);
  const api = createQueryServer({
    store,
    uiDir: settings.uiDir,
    allowedOrigins: settings.corsAllowedOrigins,
  });
  const grpc = await startOtlpGrpcServer(ingest, settings.host, settings.grpcPort);
  try {
    const httpPort = await listen(otlpHttp, settings.host, settings.httpPort, 'OTLP/HTTP');
    const apiPort = await listen(api, settings.host, settings.apiPort, 'the query API');
    let closing: Promise<void> | undefined;
    return {
      grpcPort: grpc.port,
      httpPort,
      apiPort,
      close: () =>
        (closing ??= Promise.all([grpc.close(), closeHttp(otlpHttp), closeHttp(api)]).then(
          () => undefined,
        )),
    };
  } catch (error) {
    await Promise.all([grpc.close(), closeHttp(otlpHttp), closeHttp(api)]);
    throw error;
  }
}
