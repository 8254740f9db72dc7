// What the local stack tells task-web (runtime-config.json) and the task service (CORS origins).
import type { RuntimeConfig } from '../../apps/task-web/src/contract.js';

/** Loopback by IP: `localhost` can resolve to ::1 while a server listens on 127.0.0.1 only. */
export const LOOPBACK = '127.0.0.1';

export interface LocalRuntimePorts {
  readonly taskService: number;
  /** The preview's OTLP/HTTP port: the browser exports there. */
  readonly previewHttp: number;
  /** The preview's UI: task-web links each trace id there. */
  readonly previewApi: number;
}

export function localRuntimeConfig(ports: LocalRuntimePorts): RuntimeConfig {
  return {
    apiUrl: `http://${LOOPBACK}:${ports.taskService}`,
    collectorUrl: `http://${LOOPBACK}:${ports.previewHttp}/v1/traces`,
    traceViewerUrl: `http://${LOOPBACK}:${ports.previewApi}/`,
  };
}

/**
 * Origins a browser may show task-web under. CORS compares origins exactly, and people type both
 * forms, so the task service and the preview allow both.
 */
export function webOrigins(taskWebPort: number): string[] {
  return [`http://${LOOPBACK}:${taskWebPort}`, `http://localhost:${taskWebPort}`];
}
