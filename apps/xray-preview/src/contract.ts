/**
 * What the preview server promises to its UI and to other processes: the ingest policy it takes,
 * the wire shapes of its API (X-Ray's own, as far as the UI reads them, and the /api/* extras) and
 * the `#trace=` deep-link format. Dependency-free on purpose: the browser UI, the local stack and
 * task-web import it.
 */

import type { TranslationStats } from './contract-translation.js';

/**
 * Where the preview listens unless told otherwise: the collector's OTLP ports (gRPC for the task
 * service, HTTP for the browser) and X-Ray's daemon port for the query API, sampling API and UI.
 */
export const PREVIEW_DEFAULT_PORTS = { grpc: 4317, http: 4318, api: 2000 } as const;

/**
 * Node types of X-Ray's service graph that the preview draws as X-Ray does and that
 * `tracectl verify` looks for on the real map: the caller that sent no segment, a service's
 * origin on EKS (the exporter's `cloud.platform` `aws_eks`), and a DynamoDB table inferred from
 * the calls made to it.
 */
export const XRAY_NODE_TYPES = {
  client: 'client',
  eksContainer: 'AWS::EKS::Container',
  dynamoDbTable: 'AWS::DynamoDB::Table',
} as const;

/**
 * Rules for spans that arrive on the OTLP/HTTP ("browser") port. Every field is optional: an
 * absent field does not restrict. The public web collector applies the same bounds to what
 * task-web sends (`TASK_WEB_EXPORT_LIMITS` satisfies this type).
 */
export interface IngestPolicy {
  /**
   * `service.name` values accepted (also checked against `aws.local.service` when a span or its
   * resource carries it). @default any service
   */
  readonly serviceNames?: readonly string[];
  /** Spans in one export request; a larger request is refused whole. @default unlimited */
  readonly maxSpansPerRequest?: number;
  /** Characters of one string attribute value (resource, span, event, link). @default unlimited */
  readonly maxAttributeValueLength?: number;
  /** Bytes of one request body as sent and once decoded. @default the port's ceiling */
  readonly maxRequestBodyBytes?: number;
}

/** Why the preview refused spans; each is counted in `/api/stats`. */
export const SPAN_REFUSAL_REASONS = [
  /** The span's service is not in the policy's `serviceNames`. */
  'service_not_allowed',
  /** The request held more spans than `maxSpansPerRequest`. */
  'too_many_spans',
  /** A string attribute value is longer than `maxAttributeValueLength`. */
  'attribute_too_long',
  /** Its segment document is over X-Ray's 64 KB document limit, so X-Ray would not store it. */
  'document_too_large',
] as const;
export type SpanRefusalReason = (typeof SPAN_REFUSAL_REASONS)[number];

/** Why the preview refused a whole request before decoding it. */
export const REQUEST_REFUSAL_REASONS = [
  /** The body (as sent or once decoded) is over the port's byte ceiling. */
  'body_too_large',
  /** Too many request bodies were being read at once; answered 503 with Retry-After. */
  'too_many_bodies_in_flight',
  /** The body did not arrive in full within the read deadline; answered 408, connection closed. */
  'body_too_slow',
  /** The Host header is not a loopback name while the preview listens on loopback. */
  'host_not_loopback',
] as const;
export type RequestRefusalReason = (typeof REQUEST_REFUSAL_REASONS)[number];

/** X-Ray's limit on one segment document (PutTraceSegments), in bytes of JSON. */
export const MAX_SEGMENT_DOCUMENT_BYTES = 64 * 1024;

/** `GET /api/stats`. */
export interface PreviewStats {
  readonly spansReceived: number;
  /**
   * Spans kept out of the map because the exporter would not send them (dropped, crashing, or
   * lost with a crash): every warning since start. Details in `translation.spansDropped`.
   */
  readonly spansRejected: number;
  readonly documentsStored: number;
  readonly documentsEvicted: number;
  readonly tracesStored: number;
  readonly tracesEvicted: number;
  readonly maxDocuments: number;
  /** Approximate bytes the stored documents hold (JSON text plus per-document bookkeeping). */
  readonly storeBytes: number;
  readonly maxStoreBytes: number;
  readonly refusedSpans: Readonly<Record<SpanRefusalReason, number>>;
  readonly refusedRequests: Readonly<Record<RequestRefusalReason, number>>;
  /** Request bodies being read right now, and how many may be at once. */
  readonly bodiesInFlight: number;
  readonly maxBodiesInFlight: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** The exporter mirrored, the translation settings, and spans dropped by reason. */
  readonly translation: TranslationStats;
}

// ---- X-Ray API shapes, as far as the UI reads them (field names are X-Ray's) ----

export interface XRayErrorStatistics {
  readonly ThrottleCount?: number;
  readonly OtherCount?: number;
  readonly TotalCount?: number;
}

export interface XRayFaultStatistics {
  readonly OtherCount?: number;
  readonly TotalCount?: number;
}

export interface XRaySummaryStatistics {
  readonly OkCount?: number;
  readonly ErrorStatistics?: XRayErrorStatistics;
  readonly FaultStatistics?: XRayFaultStatistics;
  readonly TotalCount?: number;
  /** Sum of response times in seconds. */
  readonly TotalResponseTime?: number;
}

export interface XRayServiceEdge {
  readonly ReferenceId: number;
  readonly SummaryStatistics?: XRaySummaryStatistics;
}

export interface XRayService {
  readonly ReferenceId: number;
  readonly Name?: string;
  readonly Names?: readonly string[];
  /** `client`, an origin such as `AWS::EKS::Container`, an AWS resource type, `remote`, or absent. */
  readonly Type?: string;
  readonly Root?: boolean;
  readonly Edges?: readonly XRayServiceEdge[];
  readonly SummaryStatistics?: XRaySummaryStatistics;
}

/** `POST /ServiceGraph` (GetServiceGraph). */
export interface ServiceGraphResponse {
  readonly Services?: readonly XRayService[];
  readonly StartTime?: number | string;
  readonly EndTime?: number | string;
}

export interface XRayServiceId {
  readonly Name?: string;
  readonly Names?: readonly string[];
  readonly Type?: string;
}

/** One annotation value as GetTraceSummaries lists it. */
export interface XRayValueWithServiceIds {
  readonly AnnotationValue?: {
    readonly StringValue?: string;
    readonly NumberValue?: number;
    readonly BooleanValue?: boolean;
  };
  readonly ServiceIds?: readonly XRayServiceId[];
}

export interface TraceSummary {
  readonly Id?: string;
  readonly Duration?: number;
  readonly ResponseTime?: number;
  readonly HasFault?: boolean;
  readonly HasError?: boolean;
  readonly HasThrottle?: boolean;
  readonly Http?: {
    readonly HttpURL?: string;
    readonly HttpStatus?: number;
    readonly HttpMethod?: string;
  };
  readonly ServiceIds?: readonly XRayServiceId[];
  /** The service that received the first request of the trace. */
  readonly EntryPoint?: XRayServiceId;
  readonly Annotations?: Readonly<Record<string, readonly XRayValueWithServiceIds[]>>;
  readonly StartTime?: number | string;
}

/** `POST /TraceSummaries` (GetTraceSummaries). */
export interface TraceSummariesResponse {
  readonly TraceSummaries?: readonly TraceSummary[];
  readonly NextToken?: string;
}

/** One X-Ray segment or subsegment document, as sent to PutTraceSegments. */
export interface SegmentDocument {
  readonly trace_id?: string;
  readonly id: string;
  readonly parent_id?: string;
  readonly name: string;
  readonly start_time: number;
  readonly end_time?: number;
  readonly type?: string;
  readonly namespace?: string;
  readonly origin?: string;
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly http?: {
    readonly request?: { readonly method?: string; readonly url?: string };
    readonly response?: { readonly status?: number };
  };
  readonly annotations?: Readonly<Record<string, string | number | boolean>>;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Present when a segment carries its subsegments inline (BatchGetTraces output). */
  readonly subsegments?: readonly SegmentDocument[];
  readonly [key: string]: unknown;
}

/** `GET /api/segment-documents?traceId=…`: the documents of one trace, in arrival order. */
export type SegmentDocumentsResponse = readonly SegmentDocument[];

/**
 * What the trace list shows beside an X-Ray summary, derived by the preview (X-Ray's summary has
 * no such fields). For a trace whose entry segment carries no HTTP data, as a browser action's
 * does, method, URL and status come from its first HTTP call.
 */
export interface TraceEntry {
  /** Name of the OpenTelemetry span behind the entry segment, e.g. `tasks.create`. */
  readonly action?: string;
  readonly method?: string;
  readonly url?: string;
  readonly status?: number;
  /** `entry`: from the entry segment's own http block; `call`: from its first HTTP call. */
  readonly httpFrom?: 'entry' | 'call';
}

/** `POST /api/trace-entries` with `{"TraceIds": [...]}`; unknown ids are left out. */
export interface TraceEntriesResponse {
  readonly Entries: Readonly<Record<string, TraceEntry>>;
}

export * from './contract-sampling.js';
export * from './contract-translation.js';

// ---- Deep links ----

/** The URL fragment key the UI reads: `<preview base URL>/#trace=<trace id>`. */
export const TRACE_LINK_PARAMETER = 'trace';

const XRAY_TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
const OTEL_TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The X-Ray form (`1-6b15cc9b-…`) of a trace id given in either form: X-Ray's, or the 32 hex
 * digits OpenTelemetry shows (as AWSXRayIdGenerator makes them, the first 8 are the epoch
 * seconds). Undefined for anything else.
 */
export function xrayTraceIdOf(id: string): string | undefined {
  const text = id.trim().toLowerCase();
  if (XRAY_TRACE_ID.test(text)) return text;
  if (OTEL_TRACE_ID.test(text)) return `1-${text.slice(0, 8)}-${text.slice(8)}`;
  return undefined;
}

/** The preview UI URL that opens one trace; `baseUrl` is the preview's UI, e.g. `http://127.0.0.1:2000`. */
export function traceDeepLink(baseUrl: string, traceId: string): string {
  const id = xrayTraceIdOf(traceId) ?? traceId;
  return `${baseUrl.replace(/\/+$/, '')}/#${TRACE_LINK_PARAMETER}=${encodeURIComponent(id)}`;
}

/** The X-Ray trace id a location hash (`#trace=…`) names, or undefined. */
export function traceIdFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const value = params.get(TRACE_LINK_PARAMETER);
  return value === null ? undefined : xrayTraceIdOf(value);
}
