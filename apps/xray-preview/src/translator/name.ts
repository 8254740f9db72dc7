/**
 * `segment.go: MakeSegment` (name and namespace), `fixSegmentName`, `trimAwsSdkPrefix`,
 * `isAwsSdkSpan`. X-Ray names are service names, so attributes naming a service win over the span
 * name, and only the span-name fallback is cleaned. See docs/xray-translation.md, "Name".
 */
import { SpanKind } from '../model.js';
import { goUrlHostname } from './go-url.js';
import type { PdataMap } from './pdata.js';
import { str } from './pdata.js';
import type { WorkSpan } from './types.js';

const MAX_NAME_BYTES = 200;
const DEFAULT_NAME = 'span';
/** Everything X-Ray does not allow in a name: keep space, ASCII digits, letters, `_.:/%&#=+-@`. */
const INVALID_NAME_CHARS = /[^ 0-9\p{L}_.:/%&#=+\-@]/gu;

export function isAwsSdkSpan(span: WorkSpan): boolean {
  return str(span.attributes.get('rpc.system')) === 'aws-api';
}

/** AWS SDK spans carry `aws.remote.service` like `AWS::DynamoDB` or `AWS.SDK.DynamoDB`. */
export function trimAwsSdkPrefix(name: string, span: WorkSpan): string {
  if (!isAwsSdkSpan(span)) return name;
  if (name.startsWith('AWS.SDK.')) return name.slice('AWS.SDK.'.length);
  if (name.startsWith('AWS::')) return name.slice('AWS::'.length);
  return name;
}

/** Cleans a span name into a valid X-Ray name, cut to 200 bytes; 'span' when nothing is left. */
export function fixSegmentName(spanName: string): string {
  let name = spanName.replace(INVALID_NAME_CHARS, '');
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length > MAX_NAME_BYTES) name = cutUtf8(bytes, MAX_NAME_BYTES);
  return name === '' ? DEFAULT_NAME : name;
}

/**
 * Go slices strings by byte; a cut inside a multi-byte rune leaves invalid bytes, which
 * encoding/json writes as one U+FFFD each.
 */
function cutUtf8(bytes: Buffer, limit: number): string {
  let end = limit;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + '\ufffd'.repeat(limit - end);
}

/** `<db.name>@<host of db.connection_string>`, the host as Go's net/url reads it. */
function dbName(attributes: PdataMap): string {
  let name = str(attributes.get('db.name'));
  if (attributes.has('db.connection_string')) {
    const host = goUrlHostname(str(attributes.get('db.connection_string')).replace(/^jdbc:/, ''));
    if (host !== '') name += `@${host}`;
  }
  return name;
}

export interface NameAndNamespace {
  readonly name: string;
  /** '' when none. */
  readonly namespace: string;
}

export function segmentNameAndNamespace(span: WorkSpan, resource: PdataMap): NameAndNamespace {
  const attrs = span.attributes;
  const kind = span.kind;
  let name = '';
  let namespace = '';
  const dependency =
    kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER || kind === SpanKind.CONSUMER;

  if (kind === SpanKind.SERVER && attrs.has('aws.local.service')) {
    name = str(attrs.get('aws.local.service'));
  }
  const localRoot = str(attrs.get('aws.span.kind')) === 'LOCAL_ROOT';
  if (kind === SpanKind.INTERNAL && localRoot && attrs.has('aws.local.service')) {
    name = str(attrs.get('aws.local.service'));
  }
  if (dependency && attrs.has('aws.remote.service')) {
    name = trimAwsSdkPrefix(str(attrs.get('aws.remote.service')), span);
  }
  if (name === '' && attrs.has('peer.service')) name = str(attrs.get('peer.service'));
  if (isAwsSdkSpan(span)) namespace = 'aws';
  if (name === '' && attrs.has('aws.service')) {
    name = str(attrs.get('aws.service'));
    if (namespace === '') namespace = 'aws';
  }
  if (name === '' && attrs.has('db.name')) name = dbName(attrs);
  if (name === '' && kind === SpanKind.SERVER && resource.has('service.name')) {
    name = str(resource.get('service.name'));
  }
  if (name === '') name = str(attrs.get('rpc.service'));
  if (name === '') name = str(attrs.get('http.host'));
  if (name === '') name = str(attrs.get('net.peer.name'));
  if (name === '') name = fixSegmentName(span.name);
  if (namespace === '' && (kind === SpanKind.CLIENT || kind === SpanKind.PRODUCER)) {
    namespace = 'remote';
  }
  return { name, namespace };
}
