// The xray-preview, started in-process (it is plain Node, no OTel loader hook needed), so the
// stack learns the ports it actually bound when asked for port 0.
import { join } from 'node:path';
import { TASK_WEB_EXPORT_LIMITS } from '../../apps/task-web/src/contract.js';
import { settingsInputFromEnv, startPreview } from '../../apps/xray-preview/src/index.js';

/** X-Ray's default rule, as a file to edit: the preview re-reads it while the stack runs. */
export const LOCAL_SAMPLING_RULES_FILE = join(import.meta.dirname, 'sampling-rules.json');

export interface PreviewRequest {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  /** Exact browser origins allowed to send spans to the preview (task-web's). */
  readonly corsAllowedOrigins: readonly string[];
}

export interface PreviewHandle {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  close(): Promise<void>;
}

export type PreviewStarter = (request: PreviewRequest) => Promise<PreviewHandle>;

/**
 * The other XRAY_PREVIEW_* settings (indexed attributes, span cap, ...) still come from the
 * environment, as with `npm run xray-preview`; ports and origins are the stack's. CORS allows
 * task-web's origins plus only those XRAY_PREVIEW_CORS_ALLOWED_ORIGINS lists explicitly. The
 * OTLP/HTTP port takes only what task-web sends (as the public web collector does); the task
 * service's spans arrive over gRPC, which has no such policy.
 */
export const startXrayPreview: PreviewStarter = async (request) => {
  const fromEnv = settingsInputFromEnv(process.env);
  return startPreview({
    ...fromEnv,
    grpcPort: request.grpcPort,
    httpPort: request.httpPort,
    apiPort: request.apiPort,
    corsAllowedOrigins: [
      ...new Set([...request.corsAllowedOrigins, ...(fromEnv.corsAllowedOrigins ?? [])]),
    ],
    ingestPolicy: TASK_WEB_EXPORT_LIMITS,
    samplingRulesFile: fromEnv.samplingRulesFile ?? LOCAL_SAMPLING_RULES_FILE,
  });
};
