/**
 * `segment.go: MakeSegmentsFromSpan` and its helpers: spans marked `aws.span.kind=LOCAL_ROOT` by
 * AWS Application Signals SDKs. A local-root CLIENT/PRODUCER/CONSUMER span becomes two documents:
 * a dependency subsegment and the service segment that owns it. See docs/xray-translation.md,
 * "Local roots".
 */
import type { Span } from '../model.js';
import { SpanKind } from '../model.js';
import { nullIfEmpty, struct } from './go-json.js';
import { trimAwsSdkPrefix } from './name.js';
import { PdataMap, str } from './pdata.js';
import { makeSegment } from './segment.js';
import { ExporterPanic } from './signals.js';
import { randomSegmentId } from './trace-id.js';
import type { SegmentDocument, TranslateOptions, WorkSpan } from './types.js';

/** Attributes that describe the remote side, removed before the service segment is built. */
const REMOTE_ONLY_ATTRIBUTES = [
  'aws.remote.service',
  'aws.remote.operation',
  'remoteTarget',
  'K8s.RemoteNamespace',
];

/** `aws` fields that describe the call, not the service; the service segment has none. */
const CALL_FIELDS = [
  'operation',
  'account_id',
  'region',
  'request_id',
  'queue_url',
  'table_name',
  'table_names',
] as const;

function isDependencyKind(kind: Span['kind']): boolean {
  return kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER || kind === SpanKind.CONSUMER;
}

/** `span.CopyTo`: a working copy with its own attribute map. */
function copy(span: Span | WorkSpan, changes: Partial<WorkSpan> = {}): WorkSpan {
  return { ...span, attributes: new PdataMap(span.attributes), ...changes };
}

/** One span → its documents (one, or two for a local-root dependency), in the exporter's order. */
export function makeSegmentsFromSpan(
  decoded: Span,
  resource: PdataMap,
  options: TranslateOptions,
): SegmentDocument[] {
  const span = copy(decoded);
  if (str(span.attributes.get('aws.span.kind')) !== 'LOCAL_ROOT') {
    const segment = makeSegment(span, resource, options);
    if (
      isDependencyKind(span.kind) &&
      segment.type !== undefined &&
      segment.namespace === undefined &&
      span.attributes.has('aws.remote.service')
    ) {
      segment.namespace = 'remote';
      return [orderedDocument(segment)];
    }
    // makeSegment built the fields in order; only the rule above adds one late.
    return [segment];
  }
  if (!isDependencyKind(span.kind)) {
    const segment = makeSegment(span, resource, options);
    delete segment.type;
    delete segment.namespace;
    return [orderedDocument(segment)];
  }
  const serviceId = (options.newId ?? randomSegmentId)();
  return [
    orderedDocument(dependencySubsegment(span, resource, options, serviceId)),
    orderedDocument(serviceSegment(span, resource, options, serviceId)),
  ];
}

function dependencySubsegment(
  span: WorkSpan,
  resource: PdataMap,
  options: TranslateOptions,
  serviceId: string,
): SegmentDocument {
  const segment = makeSegment(copy(span, { parentSpanId: serviceId }), resource, options);
  segment.type = 'subsegment';
  segment.namespace ??= 'remote';
  if (span.kind === SpanKind.CONSUMER) delete segment.links;
  if (span.attributes.has('aws.remote.service')) {
    segment.name = nullIfEmpty(
      trimAwsSdkPrefix(str(span.attributes.get('aws.remote.service')), span),
    );
  }
  return segment;
}

function serviceSegment(
  span: WorkSpan,
  resource: PdataMap,
  options: TranslateOptions,
  serviceId: string,
): SegmentDocument {
  const service = copy(span, { spanId: serviceId });
  for (const key of REMOTE_ONLY_ATTRIBUTES) service.attributes.remove(key);
  const segment = makeSegment(service, resource, options);
  if (span.attributes.has('aws.local.service')) {
    segment.name = nullIfEmpty(str(span.attributes.get('aws.local.service')));
  } else if (resource.has('service.name')) {
    segment.name = nullIfEmpty(str(resource.get('service.name')));
  }
  delete segment.http;
  // Go clears these fields through the aws pointer, which is nil for a non-AWS cloud.provider.
  if (segment.aws === undefined) {
    throw new ExporterPanic(
      'local-root-dependency-not-aws',
      `cloud.provider is ${JSON.stringify(str(resource.get('cloud.provider')))}, so there is no aws block to clear`,
    );
  }
  for (const key of CALL_FIELDS) delete segment.aws[key];
  // Only resource metadata describes the service; the rest belongs to the dependency.
  for (const entries of Object.values(segment.metadata ?? {})) {
    for (const key of Object.keys(entries ?? {})) {
      if (!key.startsWith('otel.resource.') && entries !== null) delete entries[key];
    }
  }
  delete segment.type;
  delete segment.namespace;
  if (span.kind !== SpanKind.CONSUMER) delete segment.links;
  return segment;
}

/** The document with its keys in tracesegment.go's field order (rules above add some late). */
export function orderedDocument(doc: SegmentDocument): SegmentDocument {
  return struct({
    name: doc.name,
    id: doc.id,
    start_time: doc.start_time,
    service: doc.service,
    origin: doc.origin,
    user: doc.user,
    links: doc.links,
    trace_id: doc.trace_id,
    end_time: doc.end_time,
    in_progress: doc.in_progress,
    http: doc.http,
    fault: doc.fault,
    error: doc.error,
    throttle: doc.throttle,
    cause: doc.cause,
    aws: doc.aws,
    annotations: doc.annotations,
    metadata: doc.metadata,
    namespace: doc.namespace,
    parent_id: doc.parent_id,
    type: doc.type,
    sql: doc.sql,
  });
}
