/**
 * What task-web promises to everything outside the browser bundle: the runtime config file it
 * reads, the service name and span shapes its spans carry (the web collector's allow-list and
 * `tracectl verify` rely on them), and its container's port and user. Dependency-free on
 * purpose: the charts, the collector config and the CLI import it.
 */

/** `service.name` (and `aws.local.service`) of every span the browser app exports. */
export const TASK_WEB_SERVICE_NAME = 'task-web';

/** Reported as `service.version`. */
export const TASK_WEB_SERVICE_VERSION = '0.1.0';

/** nginx-unprivileged listens here (apps/task-web/Dockerfile `EXPOSE`). */
export const TASK_WEB_PORT = 8080;

/** uid of nginx-unprivileged (apps/task-web/Dockerfile `USER`). */
export const TASK_WEB_UID = 101;

/** Path the app fetches its runtime config from; in EKS a ConfigMap is mounted there. */
export const RUNTIME_CONFIG_PATH = '/runtime-config.json';

/** Shape of /runtime-config.json. */
export interface RuntimeConfig {
  /** Base URL of the task service, e.g. `http://127.0.0.1:8080` or `https://api.example.com`. */
  readonly apiUrl: string;
  /** Full OTLP/HTTP traces URL, e.g. `http://127.0.0.1:4318/v1/traces`. */
  readonly collectorUrl: string;
  /**
   * Base URL of a trace viewer that understands `#trace=<X-Ray trace id>` (the local preview).
   * Absent in EKS, where traces are read in the X-Ray console.
   */
  readonly traceViewerUrl?: string;
}

/** Names of the root spans of user actions; each becomes a task-web segment in X-Ray. */
export const TASK_WEB_ACTIONS = [
  'tasks.list',
  'tasks.create',
  'tasks.complete',
  'tasks.reopen',
  'tasks.delete',
  'tasks.refresh',
] as const;

export type TaskWebAction = (typeof TASK_WEB_ACTIONS)[number];

/**
 * Attributes every root span of the browser carries, so that the awsxray exporter names its
 * segment after the app: it uses `aws.local.service` for spans marked as local roots.
 */
export const LOCAL_ROOT_ATTRIBUTES = {
  spanKind: 'aws.span.kind',
  localService: 'aws.local.service',
  localRoot: 'LOCAL_ROOT',
} as const;

/**
 * Bounds every OTLP export of the browser app stays within. The app configures its tracer with
 * them, and the public web collector (and the local preview's browser port) refuses what exceeds
 * them: anyone can post to that endpoint, so "what task-web sends" is the whole allow-list.
 */
export const TASK_WEB_EXPORT_LIMITS = {
  /** `service.name` values the browser endpoint accepts. */
  serviceNames: [TASK_WEB_SERVICE_NAME],
  /** Spans in one export request (the batch processor's export batch size). */
  maxSpansPerRequest: 100,
  /** Characters of one string attribute value; the SDK truncates longer values. */
  maxAttributeValueLength: 2048,
  /** Bytes of one request body, as sent (OTLP/JSON, uncompressed). */
  maxRequestBodyBytes: 512 * 1024,
} as const;
