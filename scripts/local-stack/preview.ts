// The xray-preview, started in-process (it is plain Node, no OTel loader hook needed), so the
// stack learns the ports it actually bound when asked for port 0.
import { settingsFromEnv, startPreview } from '../../apps/xray-preview/src/index.js';

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
 * environment, as with `npm run xray-preview`; ports and origins are the stack's.
 */
export const startXrayPreview: PreviewStarter = async (request) => {
  const fromEnv = settingsFromEnv(process.env);
  return startPreview({
    ...fromEnv,
    grpcPort: request.grpcPort,
    httpPort: request.httpPort,
    apiPort: request.apiPort,
    corsAllowedOrigins: [
      ...new Set([...request.corsAllowedOrigins, ...fromEnv.corsAllowedOrigins]),
    ],
  });
};
