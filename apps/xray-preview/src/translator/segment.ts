/**
 * Spec §1 (`segment.go: MakeSegment`): one span + its resource → one segment document.
 * Steps run in the exporter's order, each using up the attributes it turns into fields, so
 * what is left becomes annotations or metadata.
 */
import type { Span } from '../model.js';
import type { AttrMap } from '../model.js';
import { SpanKind } from '../model.js';
import { addIndexedBack, makeXRayAttributes } from './annotations.js';
import { makeAws } from './aws.js';
import { makeCause } from './cause.js';
import { makeHttp } from './http.js';
import { makeLinks } from './links.js';
import { segmentNameAndNamespace } from './name.js';
import { awsOrigin } from './origin.js';
import { makeService } from './service.js';
import { makeSql } from './sql.js';
import { errorFlags } from './status.js';
import { randomSegmentId, toFloatSeconds, toXRayTraceId } from './trace-id.js';
import type { SegmentDocument, TranslateOptions } from './types.js';

/** Subsegment when the span is not SERVER and has a parent; a root span of any kind is a segment. */
export function isSubsegment(span: Span): boolean {
  return span.kind !== SpanKind.SERVER && span.parentSpanId !== '';
}

/** Throws InvalidTraceIdError when the trace ID (or a link's) fails the timestamp gate. */
export function makeSegment(
  span: Span,
  resource: AttrMap,
  options: TranslateOptions,
): SegmentDocument {
  const newId = options.newId ?? randomSegmentId;
  const traceId = toXRayTraceId(span.traceId, options.skipTimestampValidation, options.nowSeconds);
  const links = makeLinks(span.links, options.skipTimestampValidation, options.nowSeconds);
  const subsegment = isSubsegment(span);

  const http = makeHttp(span);
  const cause = makeCause(span, http.remaining, resource, newId);
  const flags = errorFlags(span);
  const aws = makeAws(cause.remaining, resource, options.logGroupNames);
  const sql = makeSql(span, aws.remaining);
  const left = addIndexedBack(sql.remaining, options.indexedAttributes, span.attributes);
  // Resource attributes are copied only onto segments: subsegments share their segment's.
  const xray = makeXRayAttributes(left, resource, !subsegment, options);
  const { name, namespace } = segmentNameAndNamespace(span, resource);

  return {
    name,
    id: span.spanId || undefined,
    start_time: toFloatSeconds(span.startTimeUnixNano),
    service: makeService(resource),
    origin: awsOrigin(resource) || undefined,
    user: xray.user || undefined,
    links,
    trace_id: traceId,
    end_time: toFloatSeconds(span.endTimeUnixNano),
    http: http.http,
    fault: flags.fault,
    error: flags.error,
    throttle: flags.throttle,
    cause: cause.cause,
    aws: aws.aws,
    annotations: xray.annotations,
    metadata: xray.metadata,
    namespace: namespace || undefined,
    parent_id: span.parentSpanId || undefined,
    type: subsegment ? 'subsegment' : undefined,
    sql: sql.sql,
  };
}

const FIELD_ORDER: readonly (keyof SegmentDocument)[] = [
  'name',
  'id',
  'start_time',
  'service',
  'origin',
  'user',
  'links',
  'trace_id',
  'end_time',
  'http',
  'fault',
  'error',
  'throttle',
  'cause',
  'aws',
  'annotations',
  'metadata',
  'namespace',
  'parent_id',
  'type',
  'sql',
];

/** The document with absent fields removed and keys in tracesegment.go's struct order. */
export function orderedDocument(doc: SegmentDocument): SegmentDocument {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) if (doc[key] !== undefined) out[key] = doc[key];
  return out as unknown as SegmentDocument;
}
