// The xray-preview, started in-process (it is plain Node, no OTel loader hook needed), so the
// stack learns the ports it actually bound when asked for port 0.
export interface PreviewRequest {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  /** Exact browser origins allowed to POST OTLP/HTTP (task-web's). */
  readonly corsAllowedOrigins: readonly string[];
}

export interface PreviewHandle {
  readonly grpcPort: number;
  readonly httpPort: number;
  readonly apiPort: number;
  close(): Promise<void>;
}

export type PreviewStarter = (request: PreviewRequest) => Promise<PreviewHandle>;

export const startXrayPreview: PreviewStarter = async (request) => {
  const modulePath = '../../apps/xray-preview/src/index.js';
  const { startPreview } = (await import(modulePath)) as {
    startPreview: (settings: Record<string, unknown>) => Promise<PreviewHandle>;
  };
  return startPreview({
    grpcPort: request.grpcPort,
    httpPort: request.httpPort,
    apiPort: request.apiPort,
    corsAllowedOrigins: request.corsAllowedOrigins,
  });
};
