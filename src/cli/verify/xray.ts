/**
 * Reads X-Ray (or any X-Ray-API-compatible endpoint, like the local preview) with
 * @aws-sdk/client-xray: the run's trace through BatchGetTraces, and the map over the run's
 * window through GetServiceGraph.
 */
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  XRayClient,
  type Service,
} from '@aws-sdk/client-xray';
import { firstLine } from '../errors.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** True for an endpoint on this machine (a local stand-in such as the preview). */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  return endpoint !== undefined && LOOPBACK.has(new URL(endpoint).hostname);
}

export function xrayClient(endpoint: string | undefined, region: string): XRayClient {
  return new XRayClient({
    region,
    ...(endpoint === undefined ? {} : { endpoint }),
    // A local stand-in checks no signature, and must never be handed real AWS credentials.
    ...(isLocalEndpoint(endpoint)
      ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    // verify polls anyway; one quick retry smooths over a dropped connection.
    maxAttempts: 2,
  });
}

/** One segment or subsegment of the trace, flattened out of its segment document. */
export interface TraceDoc {
  readonly id: string;
  readonly name: string;
  /** A segment (one service's part of the trace), not a subsegment. */
  readonly isSegment: boolean;
  /** For a segment: its caller's span id; for a subsegment: its enclosing (sub)segment's id. */
  readonly parentId?: string;
  /** Name of the segment the document belongs to (itself for a segment). */
  readonly segment: string;
  readonly origin?: string;
  readonly namespace?: string;
  readonly tableName?: string;
}

interface RawDoc {
  id?: string;
  name?: string;
  type?: string;
  parent_id?: string;
  origin?: string;
  namespace?: string;
  aws?: { table_name?: string };
  subsegments?: RawDoc[];
}

function flatten(doc: RawDoc, out: TraceDoc[], within?: TraceDoc): void {
  const isSegment = within === undefined && doc.type !== 'subsegment';
  const entry: TraceDoc = {
    id: doc.id ?? '',
    name: doc.name ?? '',
    isSegment,
    ...((within?.id ?? doc.parent_id) === undefined
      ? {}
      : { parentId: within?.id ?? doc.parent_id }),
    segment: isSegment ? (doc.name ?? '') : (within?.segment ?? ''),
    ...(doc.origin === undefined ? {} : { origin: doc.origin }),
    ...(doc.namespace === undefined ? {} : { namespace: doc.namespace }),
    ...(doc.aws?.table_name === undefined ? {} : { tableName: doc.aws.table_name }),
  };
  out.push(entry);
  for (const sub of doc.subsegments ?? []) flatten(sub, out, entry);
}

/** Subsegments sent on their own name their segment only through parent ids: resolve it. */
function resolveSegments(docs: TraceDoc[]): TraceDoc[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const owner = (d: TraceDoc): string => {
    let current: TraceDoc | undefined = d;
    for (let depth = 0; current && depth < 100; depth++) {
      if (current.isSegment) return current.name;
      if (current.segment !== '') return current.segment;
      current = current.parentId === undefined ? undefined : byId.get(current.parentId);
    }
    return '';
  };
  return docs.map((d) => (d.segment === '' ? { ...d, segment: owner(d) } : d));
}

export async function traceDocs(client: XRayClient, traceId: string): Promise<TraceDoc[]> {
  const docs: TraceDoc[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page++) {
    const out = await client.send(
      new BatchGetTracesCommand({ TraceIds: [traceId], NextToken: token }),
    );
    for (const trace of out.Traces ?? [])
      for (const segment of trace.Segments ?? [])
        flatten(JSON.parse(segment.Document ?? '{}') as RawDoc, docs);
    token = out.NextToken;
    if (!token) break;
  }
  return resolveSegments(docs);
}

export interface MapNode {
  readonly name: string;
  readonly type?: string;
}

export interface MapEdge {
  readonly from: MapNode;
  readonly to: MapNode;
}

function edgesOf(services: readonly Service[]): MapEdge[] {
  const node = (s: Service): MapNode => ({
    name: s.Name ?? '',
    ...(s.Type === undefined ? {} : { type: s.Type }),
  });
  const byRef = new Map(services.map((s) => [s.ReferenceId, s]));
  return services.flatMap((s) =>
    (s.Edges ?? []).flatMap((e) => {
      const to = byRef.get(e.ReferenceId);
      return to ? [{ from: node(s), to: node(to) }] : [];
    }),
  );
}

export async function serviceMap(client: XRayClient, start: Date, end: Date): Promise<MapEdge[]> {
  const services: Service[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const out = await client.send(
      new GetServiceGraphCommand({ StartTime: start, EndTime: end, NextToken: token }),
    );
    services.push(...(out.Services ?? []));
    token = out.NextToken;
    if (!token) break;
  }
  return edgesOf(services);
}

export type XrayFailureKind =
  'unreachable' | 'credentials' | 'denied' | 'throttled' | 'not-xray' | 'other';

export interface XrayFailure {
  readonly kind: XrayFailureKind;
  readonly message: string;
}

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN|socket hang up/;

/** What went wrong talking to X-Ray, in words a cause can be chosen from. */
export function classifyXrayError(err: unknown): XrayFailure {
  const e = err as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const name = typeof e?.name === 'string' ? e.name : '';
  const text = `${name} ${typeof e?.code === 'string' ? e.code : ''} ${firstLine(err)}`;
  if (NETWORK.test(text)) {
    const code = NETWORK.exec(text)?.[0] ?? 'no connection';
    return { kind: 'unreachable', message: code };
  }
  if (name === 'CredentialsProviderError' || /credential/i.test(text))
    return { kind: 'credentials', message: firstLine(err) };
  const status = e?.$metadata?.httpStatusCode;
  // An HTTP answer without an X-Ray error in it: the SDK names an unknown JSON error "Unknown",
  // and a body that is not JSON at all (an HTML page) fails to parse.
  if (status !== undefined && (name === 'Unknown' || name === 'SyntaxError'))
    return { kind: 'not-xray', message: `HTTP ${status}` };
  if (name === 'AccessDeniedException' || status === 403)
    return { kind: 'denied', message: firstLine(err) };
  // X-Ray's own throttling error is ThrottledException (HTTP 429); ThrottlingException is the
  // name most other AWS services use.
  if (name === 'ThrottledException' || name === 'ThrottlingException' || status === 429)
    return { kind: 'throttled', message: firstLine(err) };
  return { kind: 'other', message: `${name ? `${name}: ` : ''}${firstLine(err)}` };
}
