/**
 * Programmatic entry of the X-Ray preview: OTLP gRPC + OTLP/HTTP in, awsxray-exporter
 * translation, bounded in-memory store, X-Ray-shaped query API and the UI out.
 */
import type { Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createQueryServer } from './api/query-server.js';
import { createIngest } from './ingest.js';
import { MAX_BODIES_IN_FLIGHT } from './limits.js';
import { startOtlpGrpcServer } from './otlp/grpc-receiver.js';
import { createOtlpHttpServer } from './otlp/http-receiver.js';
import { SamplingApi } from './sampling/api.js';
import { SamplingRulesError } from './sampling/rules.js';
import { SamplingRulesSource } from './sampling/source.js';
import { BodyGate } from './server/body.js';
import { bindsLoopback } from './server/loopback.js';
import { resolveSettings, SettingsError, type PreviewSettings } from './settings.js';
import { RefusalCounters } from './store/refusals.js';
import { TraceStore } from './store/trace-store.js';

export type { PreviewSettings } from './settings.js';
export {
  resolveSettings,
  settingsFromEnv,
  settingsInputFromEnv,
  SettingsError,
} from './settings.js';

export interface RunningPreview {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  /** The addresses the HTTP listeners' sockets are bound to (`server.address()`). */
  readonly httpAddress: AddressInfo;
  readonly apiAddress: AddressInfo;
  close(): Promise<void>;
}

async function listen(
  server: Server,
  host: string,
  port: number,
  what: string,
): Promise<AddressInfo> {
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
  if (typeof address !== 'object' || address === null) {
    throw new Error(`X-Ray preview: the ${what} listener has no TCP address`);
  }
  return address;
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
  let rules: SamplingRulesSource;
  try {
    rules = new SamplingRulesSource({
      file: settings.samplingRulesFile,
      inline: settings.samplingRules,
    });
  } catch (error) {
    if (error instanceof SamplingRulesError) throw new SettingsError(error.message);
    throw error;
  }
  const store = new TraceStore(settings.maxSpans, settings.maxStoreBytes);
  const refusals = new RefusalCounters();
  const ingest = createIngest(store, refusals, settings);
  const gate = new BodyGate(MAX_BODIES_IN_FLIGHT);
  const loopbackOnly = bindsLoopback(settings.host);
  const otlpHttp = createOtlpHttpServer({
    ingest,
    policy: settings.ingestPolicy,
    allowedOrigins: settings.corsAllowedOrigins,
    gate,
    refusals,
    loopbackOnly,
  });
  const api = createQueryServer({
    store,
    refusals,
    sampling: new SamplingApi(rules),
    uiDir: settings.uiDir,
    allowedOrigins: settings.corsAllowedOrigins,
    gate,
    loopbackOnly,
    translation: {
      indexedAttributes: settings.indexedAttributes,
      indexAllAttributes: settings.indexAllAttributes,
      skipTimestampValidation: settings.skipTimestampValidation,
      allowDot: settings.allowDot,
    },
  });
  const grpc = await startOtlpGrpcServer(ingest, {
    host: settings.host,
    port: settings.grpcPort,
    loopbackOnly,
    onCallRefused: () => refusals.refuseRequest('too_many_bodies_in_flight'),
  });
  try {
    const httpAddress = await listen(otlpHttp, settings.host, settings.httpPort, 'OTLP/HTTP');
    const apiAddress = await listen(api, settings.host, settings.apiPort, 'the query API');
    let closing: Promise<void> | undefined;
    return {
      grpcPort: grpc.port,
      httpPort: httpAddress.port,
      apiPort: apiAddress.port,
      httpAddress,
      apiAddress,
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
