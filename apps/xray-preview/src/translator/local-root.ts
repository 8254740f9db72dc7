/**
 * Spec §2 (`segment.go: MakeSegmentsFromSpan`): spans marked `aws.span.kind=LOCAL_ROOT` by AWS
 * Application Signals SDKs. A local-root CLIENT/PRODUCER/CONSUMER span becomes two documents:
 * a dependency subsegment and the service segment that owns it.
 */
import type { AttrMap, Span } from '../model.js';
import { SpanKind } from '../model.js';
import { str } from './attributes.js';
import { trimAwsSdkPrefix } from './name.js';
import { makeSegment, orderedDocument } from './segment.js';
import { randomSegmentId } from './trace-id.js';
import type { SegmentDocument, TranslateOptions } from './types.js';

/** Attributes that describe the remote side, removed before the service segment is built. */
const REMOTE_ONLY_ATTRIBUTES = [
  'aws.remote.service',
  'aws.remote.operation',
  'remoteTarget',
  'K8s.RemoteNamespace',
];

function isDependencyKind(span: Span): boolean {
  return (
    span.kind === SpanKind.CLIENT ||
    span.kind === SpanKind.PRODUCER ||
    span.kind === SpanKind.CONSUMER
  );
}

/** One span → its documents (one, or two for a local-root dependency), in the exporter's order. */
export function makeSegmentsFromSpan(
  span: Span,
  resource: AttrMap,
  options: TranslateOptions,
): SegmentDocument[] {
  if (str(span.attributes.get('aws.span.kind')) !== 'LOCAL_ROOT') {
    const segment = makeSegment(span, resource, options);
    if (isDependencyKind(span) && segment.type !== undefined && segment.namespace === undefined) {
      if (span.attributes.has('aws.remote.service')) segment.namespace = 'remote';
    }
    return [orderedDocument(segment)];
  }
  if (!isDependencyKind(span)) {
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
  span: Span,
  resource: AttrMap,
  options: TranslateOptions,
  serviceId: string,
): SegmentDocument {
  const segment = makeSegment({ ...span, parentSpanId: serviceId }, resource, options);
  segment.type = 'subsegment';
  segment.namespace ??= 'remote';
  if (span.kind === SpanKind.CONSUMER) delete segment.links;
  if (span.attributes.has('aws.remote.service')) {
    segment.name = trimAwsSdkPrefix(str(span.attributes.get('aws.remote.service')), span);
  }
  return segment;
}

function serviceSegment(
  span: Span,
  resource: AttrMap,
  options: TranslateOptions,
  serviceId: string,
): SegmentDocument {
  const attributes = new Map(span.attributes);
  for (const key of REMOTE_ONLY_ATTRIBUTES) attributes.delete(key);
  const segment = makeSegment({ ...span, spanId: serviceId, attributes }, resource, options);
  if (span.attributes.has('aws.local.service')) {
    segment.name = str(span.attributes.get('aws.local.service'));
  }
  delete segment.http;
  if (segment.aws !== undefined) {
    for (const key of [
      'operation',
      'account_id',
      'region',
      'request_id',
      'queue_url',
      'table_name',
      'table_names',
    ] as const) {
      delete segment.aws[key];
    }
  }
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
