/**
 * `segment.go: MakeSegment` and `makeEndTimeAndInProgress`: one span and its resource → one
 * segment document. Steps run in the exporter's order, each using up the attributes it turns
 * into fields, so what is left becomes annotations or metadata. See docs/xray-translation.md,
 * "Segment".
 */
import { SpanKind } from '../model.js';
import { addIndexedBack, makeXRayAttributes } from './annotations.js';
import { makeAws } from './aws.js';
import { makeCause } from './cause.js';
import { omitEmpty, struct } from './go-json.js';
import { makeHttp } from './http.js';
import { makeLinks } from './links.js';
import { segmentNameAndNamespace } from './name.js';
import { awsOrigin } from './origin.js';
import type { PdataMap } from './pdata.js';
import { makeService } from './service.js';
import { SpanDropped } from './signals.js';
import { makeSql } from './sql.js';
import { errorFlags } from './status.js';
import { randomSegmentId, toFloatSeconds, toXRayTraceId, traceIdProblem } from './trace-id.js';
import type { SegmentDocument, TranslateOptions, WorkSpan } from './types.js';

const IN_PROGRESS = 'aws.xray.inprogress';

/**
 * A non-SERVER, non-CONSUMER span with a parent is a subsegment. It carries no resource
 * attributes: its segment has them. A CONSUMER with a parent starts a segment of its own.
 */
export function isSubsegment(span: Pick<WorkSpan, 'kind' | 'parentSpanId'>): boolean {
  return (
    span.kind !== SpanKind.SERVER && span.kind !== SpanKind.CONSUMER && span.parentSpanId !== ''
  );
}

/**
 * `aws.xray.inprogress` (a bool) is removed from the span's attributes, true or false; when true
 * the document has `in_progress` and no `end_time`.
 */
function endTimeAndInProgress(span: WorkSpan): Pick<SegmentDocument, 'end_time' | 'in_progress'> {
  const flag = span.attributes.get(IN_PROGRESS);
  if (typeof flag === 'boolean') {
    span.attributes.remove(IN_PROGRESS);
    if (flag) return { in_progress: true };
  }
  return { end_time: toFloatSeconds(span.endTimeUnixNano) };
}

/** Throws SpanDropped when the trace id (or a link's) fails the time check; may throw ExporterPanic. */
export function makeSegment(
  span: WorkSpan,
  resource: PdataMap,
  options: TranslateOptions,
): SegmentDocument {
  const newId = options.newId ?? randomSegmentId;
  const subsegment = isSubsegment(span);
  const problem = traceIdProblem(span.traceId, options.skipTimestampValidation, options.nowSeconds);
  if (problem !== undefined) {
    throw new SpanDropped('trace-id-out-of-window', `trace id ${span.traceId}: ${problem}`);
  }
  const timing = endTimeAndInProgress(span);
  const http = makeHttp(span, span.attributes);
  const cause = makeCause(span, http.remaining, resource, newId);
  const flags = errorFlags(span);
  const aws = makeAws(cause.remaining, resource, options.logGroupNames);
  const sql = makeSql(span, aws.remaining);
  const left = addIndexedBack(sql.remaining, options.indexedAttributes, span.attributes);
  // Resource attributes are copied only onto segments: subsegments share their segment's.
  const xray = makeXRayAttributes(left, resource, !subsegment, options);
  const links = makeLinks(span.links, options.skipTimestampValidation, options.nowSeconds);
  const { name, namespace } = segmentNameAndNamespace(span, resource);

  // Field order of Segment in tracesegment.go.
  return struct({
    name,
    id: span.spanId === '' ? null : span.spanId,
    start_time: toFloatSeconds(span.startTimeUnixNano),
    service: makeService(resource),
    origin: omitEmpty(awsOrigin(resource)),
    user: omitEmpty(xray.user),
    links,
    trace_id: toXRayTraceId(span.traceId),
    end_time: timing.end_time,
    in_progress: timing.in_progress,
    http: http.http,
    fault: flags.fault,
    error: flags.error,
    throttle: flags.throttle,
    cause: cause.cause,
    aws: aws.aws,
    annotations: xray.annotations,
    metadata: xray.metadata,
    namespace: omitEmpty(namespace),
    parent_id: omitEmpty(span.parentSpanId),
    type: subsegment ? 'subsegment' : undefined,
    sql: sql.sql,
  } satisfies SegmentDocument);
}
