// Reading the preview through the real AWS SDK X-Ray client, as a user would read AWS X-Ray.
import { BatchGetTracesCommand, GetServiceGraphCommand, XRayClient } from '@aws-sdk/client-xray';
import type { Service } from '@aws-sdk/client-xray';

export function xrayClient(endpoint: string): XRayClient {
  return new XRayClient({
    endpoint,
    region: 'us-east-1',
    // The preview does not check signatures; the SDK still wants credentials to sign with.
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** OTel trace ID (32 hex) -> X-Ray trace ID (1-8hex-24hex), docs/xray-translation.md "Trace id". */
export function toXrayTraceId(otelTraceId: string): string {
  return `1-${otelTraceId.slice(0, 8)}-${otelTraceId.slice(8)}`;
}

export interface GraphNode {
  readonly name: string;
  readonly type: string | undefined;
}

export interface GraphFacts {
  readonly nodes: readonly GraphNode[];
  /** "caller -> callee" by node name. */
  readonly edges: ReadonlySet<string>;
}

export function graphFacts(services: readonly Service[]): GraphFacts {
  const byRef = new Map(services.map((s) => [s.ReferenceId, s]));
  const edges = new Set<string>();
  for (const service of services) {
    for (const edge of service.Edges ?? []) {
      const callee = byRef.get(edge.ReferenceId);
      if (callee !== undefined) edges.add(`${service.Name} -> ${callee.Name}`);
    }
  }
  return { nodes: services.map((s) => ({ name: s.Name ?? '', type: s.Type })), edges };
}

export async function serviceGraph(client: XRayClient, since: Date): Promise<GraphFacts> {
  const out = await client.send(
    new GetServiceGraphCommand({ StartTime: since, EndTime: new Date(Date.now() + 60_000) }),
  );
  return graphFacts(out.Services ?? []);
}

export interface SegmentDoc {
  readonly id: string;
  readonly name: string;
  readonly trace_id: string;
  readonly parent_id?: string;
  readonly type?: string;
  readonly namespace?: string;
  readonly aws?: { readonly table_name?: string; readonly operation?: string };
  readonly subsegments?: readonly SegmentDoc[];
}

/** A segment and its embedded subsegments, depth first (BatchGetTraces may nest them). */
export function flatten(doc: SegmentDoc): SegmentDoc[] {
  return [doc, ...(doc.subsegments ?? []).flatMap(flatten)];
}

export async function traceSegments(
  client: XRayClient,
  xrayTraceId: string,
): Promise<SegmentDoc[]> {
  const out = await client.send(new BatchGetTracesCommand({ TraceIds: [xrayTraceId] }));
  return (out.Traces ?? []).flatMap((trace) =>
    (trace.Segments ?? []).flatMap((segment) =>
      flatten(JSON.parse(segment.Document ?? '{}') as SegmentDoc),
    ),
  );
}

/** What a poll saw when the condition did not hold yet; quoted in the timeout message. */
export class Pending {
  constructor(readonly seen: string) {}
}

/** Polls until `check` returns a value rather than Pending (spans arrive after the exporters' batch delay). */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | Pending>,
  timeoutMs = 45_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  let lastSeen = 'nothing yet';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (!(value instanceof Pending)) return value;
      lastSeen = value.seen;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${what} did not happen within ${timeoutMs} ms; last seen: ${lastSeen}` +
      (lastError === undefined ? '' : ` (last error: ${String(lastError)})`),
  );
}

/** The preview's raw documents for one trace, exactly as the exporter would send them. */
export async function rawDocuments(previewApi: string, xrayTraceId: string): Promise<SegmentDoc[]> {
  const response = await fetch(
    `${previewApi}/api/segment-documents?traceId=${encodeURIComponent(xrayTraceId)}`,
  );
  if (!response.ok) throw new Error(`GET /api/segment-documents answered ${response.status}`);
  return (await response.json()) as SegmentDoc[];
}
