/**
 * What the task service promises to everything outside its process: the wire types of its HTTP
 * API, the environment it reads, its probe paths and port, its container user, and the span
 * attribute keys the collectors index. The charts, task-web, tracectl and the tests import these
 * instead of typing them again. Dependency-free on purpose: browsers and cdk8s load it too.
 */

/** `service.name` the service reports unless `OTEL_SERVICE_NAME` says otherwise. */
export const TASK_SERVICE_NAME = 'task-service';

/** Port the HTTP server binds when `PORT` is unset; the container image exposes it. */
export const TASK_SERVICE_PORT = 8080;

/** uid:gid of the `USER` in apps/task-service/Dockerfile; pods must run as this user. */
export const TASK_SERVICE_UID = 1000;

/** Probe paths. Neither is traced, and neither counts as API traffic. */
export const TASK_SERVICE_PROBES = {
  /** The process serves HTTP. */
  liveness: '/healthz',
  /** The store answers and the service is not shutting down. */
  readiness: '/readyz',
} as const;

/** Collection path of the REST API; a task lives at `${TASKS_PATH}/<id>`. */
export const TASKS_PATH = '/tasks';

/** `GET /tasks` page size bounds. */
export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;
/** Longest title the service stores, in characters after trimming. */
export const TITLE_MAX_LENGTH = 500;

/** Request bodies larger than this, after decompression, get 413. */
export const BODY_MAX_BYTES = 64 * 1024;
/**
 * Deepest nesting a JSON body may have (`{"title":"x"}` is 1). Bodies of this API are flat
 * objects; anything deeper is refused before it is looked at.
 */
export const BODY_MAX_DEPTH = 8;
/** `Content-Encoding` values a request body may have; anything else gets 415. */
export const BODY_CONTENT_ENCODINGS: readonly string[] = ['identity', 'gzip', 'deflate'];

/** A stored task. `version` starts at 1 and grows by one on every update. */
export interface Task {
  readonly id: string;
  readonly title: string;
  readonly done: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** Body of `POST /tasks`. Unknown fields are refused. */
export interface CreateTaskRequest {
  readonly title: string;
  readonly done?: boolean;
}

/**
 * Body of `PATCH /tasks/:id`: at least one of `title` and `done`, plus the `version` the client
 * last read unless it sends `If-Match` instead.
 */
export interface PatchTaskRequest {
  readonly title?: string;
  readonly done?: boolean;
  readonly version?: number;
}

/** Answer of `GET /tasks`. Pass `nextCursor` back as `?cursor=` for the next page. */
export interface TaskPage {
  readonly items: readonly Task[];
  readonly nextCursor?: string;
}

/**
 * Machine-readable codes of the error body, with the status each comes with. 4xx codes are the
 * client's to fix; 5xx codes are the service's (X-Ray shows them as faults).
 */
export const ERROR_CODES = [
  /** 400 (or 417): Node's HTTP parser refused the request: framing, header syntax, no Host. */
  'malformed_request',
  /** 431: the request headers exceed Node's limit (16 KiB). */
  'headers_too_large',
  /** 408: the request did not arrive in time. */
  'request_timeout',
  /** 421: bound to loopback, and `Host` does not name this machine. */
  'host_not_allowed',
  /** 400: malformed JSON, a JSON value that is not an object or array, or nesting too deep. */
  'bad_json',
  /** 400: a field, query parameter, path segment or `If-Match` is wrong; the message says which. */
  'validation_failed',
  /** 413: the body is larger than BODY_MAX_BYTES after decompression. */
  'payload_too_large',
  /** 415: not JSON, not UTF-8, or a `Content-Encoding` outside BODY_CONTENT_ENCODINGS. */
  'unsupported_media_type',
  /** 404: no such task (or not a UUID), or no such route. */
  'not_found',
  /** 409: the body's `version` is not the current one. */
  'version_conflict',
  /** 412: `If-Match` does not match the current version. */
  'precondition_failed',
  /** 428: a PATCH with neither `If-Match` nor a body `version`. */
  'precondition_required',
  /** 403: a CORS preflight from an origin that is not allowed. */
  'cors_origin_denied',
  /** 503: the store failed after retries, or its table is missing. */
  'storage_unavailable',
  /** 503: readiness after shutdown began. */
  'shutting_down',
  /** 500: a bug; the service log and the trace have the cause. */
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Body of every non-2xx answer. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/**
 * Span attribute keys the service sets on business spans. Low-cardinality on purpose: the
 * collectors list them in the awsxray exporter's `indexed_attributes`, which makes them X-Ray
 * annotations that filter expressions can search (keys keep their dots in ADOT).
 */
export const TASK_ATTRIBUTES = {
  /** `create`, `get`, `list`, `update`, `delete`. */
  operation: 'task.operation',
  /** `ok` or the error code (`not_found`, `version_conflict`, ...). */
  outcome: 'task.outcome',
  /** `dynamodb` or `memory`. */
  store: 'task.store',
} as const;

/** The keys the collectors index, in a stable order. */
export const TASK_ANNOTATION_KEYS: readonly string[] = Object.values(TASK_ATTRIBUTES);

/**
 * Addresses the service binds. Loopback unless told otherwise, so a laptop run is not reachable
 * from the network; in a container every interface, because kubelet probes and the ALB use the
 * pod IP (the image and the chart set `HOST` to `container`).
 */
export const TASK_SERVICE_HOSTS = { default: '127.0.0.1', container: '0.0.0.0' } as const;

/**
 * The app's variables, each as the string a pod or shell sets. With the tracing variables below
 * they make `TaskServiceEnv`, the keys of the service's one config schema
 * (`apps/task-service/src/config.ts`; the compiler checks).
 */
export interface TaskServiceAppEnv {
  /** @default 8080 */
  readonly PORT?: string;
  /**
   * IP address to bind. When it is a loopback address, requests whose `Host` is not a loopback
   * name or address are refused (a DNS-rebinding page cannot reach the API).
   * @default 127.0.0.1
   */
  readonly HOST?: string;
  /** @default tasks */
  readonly TASKS_TABLE?: string;
  readonly AWS_REGION?: string;
  /** A local DynamoDB endpoint (dynalite); unset means AWS, where Terraform owns the table. */
  readonly DYNAMODB_ENDPOINT?: string;
  /** Exact origins, comma-separated. @default none */
  readonly CORS_ALLOWED_ORIGINS?: string;
  /** `dynamodb` or `memory`. @default dynamodb */
  readonly TASKS_STORE?: string;
  /** @default 3 */
  readonly DYNAMODB_MAX_ATTEMPTS?: string;
  /** @default 3000 */
  readonly DYNAMODB_REQUEST_TIMEOUT_MS?: string;
  /** Bound on draining in-flight requests after SIGTERM. @default 10000 */
  readonly SHUTDOWN_DRAIN_TIMEOUT_MS?: string;
  /** Bound on the final span flush after draining. @default 5000 */
  readonly OTEL_SHUTDOWN_TIMEOUT_MS?: string;
}

/**
 * The tracing variables, parsed by the same schema; the tracing bootstrap reads them first, before
 * the app loads. Standard OpenTelemetry names where one exists.
 */
export interface TaskServiceTelemetryEnv {
  /** `true` turns tracing off entirely (no SDK loaded). @default false */
  readonly OTEL_SDK_DISABLED?: string;
  /** @default task-service */
  readonly OTEL_SERVICE_NAME?: string;
  /** Version reported as `service.version`. @default 0.1.0 */
  readonly SERVICE_VERSION?: string;
  /** OTLP gRPC endpoint of the collector. @default http://127.0.0.1:4317 (the sidecar) */
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Overrides OTEL_EXPORTER_OTLP_ENDPOINT for traces. */
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  /** Extra resource attributes, `k=v,k=v` (the chart sets pod, namespace, cluster, platform). */
  readonly OTEL_RESOURCE_ATTRIBUTES?: string;
  /**
   * Sampler name. `xray` polls X-Ray's sampling rules through the collector's proxy at
   * XRAY_SAMPLING_ENDPOINT. @default parentbased_xray_rule
   */
  readonly OTEL_TRACES_SAMPLER?: string;
  /** X-Ray sampling API base URL for `OTEL_TRACES_SAMPLER=xray`. @default the sidecar's proxy */
  readonly XRAY_SAMPLING_ENDPOINT?: string;
  /** Sampler argument (ratio). @default 0.05 */
  readonly OTEL_TRACES_SAMPLER_ARG?: string;
  /** New traces per second sampled before the ratio applies. @default 1 */
  readonly OTEL_TRACES_SAMPLER_RESERVOIR?: string;
  /** `tuned` or `upstream` tracing setup. @default tuned */
  readonly TASK_SERVICE_TRACING_PROFILE?: string;
  /** Serialize and send spans on a worker thread. @default false */
  readonly TASK_SERVICE_EXPORT_WORKER?: string;
  readonly OTEL_BSP_MAX_QUEUE_SIZE?: string;
  readonly OTEL_BSP_MAX_EXPORT_BATCH_SIZE?: string;
  readonly OTEL_BSP_SCHEDULE_DELAY?: string;
  readonly OTEL_BSP_EXPORT_TIMEOUT?: string;
  readonly OTEL_BSP_MAX_CONCURRENT_EXPORTS?: string;
  /** The SDK's own metrics and logs exporters: `none` or unset (the service sends traces only). */
  readonly OTEL_METRICS_EXPORTER?: string;
  readonly OTEL_LOGS_EXPORTER?: string;
}

/**
 * Every environment variable the service reads: the one list. A chart test passes the
 * synthesized pod env through the service's config reader.
 */
export interface TaskServiceEnv extends TaskServiceAppEnv, TaskServiceTelemetryEnv {}

export type TaskServiceEnvName = keyof TaskServiceEnv;

/**
 * Where the service expects its collector: the sidecar in the same pod, on IPv4 loopback
 * (`localhost` can resolve to ::1, where nothing listens). The sidecar's receivers bind exactly
 * these, and the service's defaults point at them.
 */
export const SIDECAR_ENDPOINTS = {
  /** OTLP gRPC receiver. */
  otlpGrpc: '127.0.0.1:4317',
  /** X-Ray API proxy (awsproxy) for centralized sampling rules and targets. */
  xraySamplingProxy: '127.0.0.1:2000',
} as const;

/** Shutdown bounds the service applies when the environment does not set them. */
export const SHUTDOWN_DEFAULTS = {
  drainTimeoutMs: 10_000,
  telemetryFlushTimeoutMs: 5_000,
} as const;
