/**
 * GetTraceSummaries (POST /TraceSummaries). Supported: StartTime/EndTime (epoch seconds),
 * TimeRangeType (`TraceId` = the time in the X-Ray trace ID; `Event`/`Service` or absent = the
 * trace's time span overlaps the window), NextToken paging (100 per page, newest first), and a
 * small FilterExpression subset: `service("name")`, `fault`, `error`, `throttle`, `ok`, joined
 * by `AND`. Anything else is answered with InvalidRequestException rather than ignored.
 */
import { clip } from '../server/echo.js';
import type { StoredDocument, StoredTrace } from '../store/trace-store.js';
import { inferredNode, serviceNode, TraceIndex, type NodeId } from './graph-nodes.js';

const PAGE_SIZE = 100;

export interface TraceSummariesRequest {
  StartTime: number;
  EndTime: number;
  TimeRangeType?: string;
  FilterExpression?: string;
  NextToken?: string;
}

export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestException';
  }
}

type Filter = (summary: TraceSummary) => boolean;

function parseFilter(expression: string | undefined): Filter {
  if (expression === undefined || expression.trim() === '') return () => true;
  const clauses = expression.split(/\s+AND\s+/i).map((clause): Filter => {
    const text = clause.trim();
    const service = /^service\(\s*"([^"]*)"\s*\)$/.exec(text);
    if (service !== null) {
      return (s) => s.ServiceIds.some((id) => id.Name === service[1]);
    }
    switch (text.toLowerCase()) {
      case 'fault':
        return (s) => s.HasFault;
      case 'error':
        return (s) => s.HasError;
      case 'throttle':
        return (s) => s.HasThrottle;
      case 'ok':
        return (s) => !s.HasFault && !s.HasError && !s.HasThrottle;
      default:
        throw new InvalidRequestError(
          `FilterExpression clause "${clip(text)}" is not supported by the preview; use service("name"), ` +
            'fault, error, throttle or ok, joined by AND',
        );
    }
  });
  return (summary) => clauses.every((clause) => clause(summary));
}

export interface TraceSummary {
  Id: string;
  StartTime: number;
  Duration: number;
  ResponseTime: number;
  HasFault: boolean;
  HasError: boolean;
  HasThrottle: boolean;
  IsPartial: boolean;
  Http?: {
    HttpURL?: string;
    HttpStatus?: number;
    HttpMethod?: string;
    UserAgent?: string;
    ClientIp?: string;
  };
  EntryPoint?: { Name: string; Names: string[]; Type?: string };
  ServiceIds: { Name: string; Names: string[]; Type?: string }[];
  Revision: number;
}

function serviceId(node: NodeId): { Name: string; Names: string[]; Type?: string } {
  return node.type === undefined
    ? { Name: node.name, Names: [node.name] }
    : { Name: node.name, Names: [node.name], Type: node.type };
}

/** The segment that received the trace's first request (what X-Ray calls the entry point). */
export function entrySegment(trace: StoredTrace): StoredDocument | undefined {
  const segments = trace.documents.filter((d) => !d.isSubsegment);
  const ids = new Set(trace.documents.map((d) => d.id));
  return (
    segments.find((d) => d.parentId === undefined) ??
    segments.find((d) => d.parentId !== undefined && !ids.has(d.parentId)) ??
    segments[0]
  );
}

export function summarize(trace: StoredTrace): TraceSummary {
  const index = new TraceIndex(trace);
  const services = new Map<string, NodeId>();
  for (const doc of trace.documents) {
    const node = doc.isSubsegment ? inferredNode(doc) : serviceNode(doc);
    if (node === undefined || (doc.isSubsegment && index.matchedCalls.has(doc.id))) continue;
    services.set(`${node.type ?? ''}\u0000${node.name}`, node);
  }
  const entry = entrySegment(trace);
  const summary: TraceSummary = {
    Id: trace.id,
    StartTime: trace.start,
    Duration: trace.end - trace.start,
    ResponseTime: entry === undefined ? 0 : entry.end - entry.start,
    HasFault: trace.documents.some((d) => d.fault),
    HasError: trace.documents.some((d) => d.error),
    HasThrottle: trace.documents.some((d) => d.throttle),
    IsPartial: false,
    ServiceIds: [...services.values()].map(serviceId),
    Revision: trace.documents.length,
  };
  if (entry !== undefined) {
    summary.EntryPoint = serviceId(serviceNode(entry));
    const http = entry.http;
    if (http !== undefined) {
      summary.Http = {
        HttpURL: http.request.url,
        HttpStatus: http.response.status,
        HttpMethod: http.request.method,
        UserAgent: http.request.user_agent,
        ClientIp: http.request.client_ip,
      };
    }
  }
  return summary;
}

function traceIdSeconds(traceId: string): number {
  return Number.parseInt(traceId.slice(2, 10), 16);
}

function inWindow(trace: StoredTrace, request: TraceSummariesRequest): boolean {
  if (request.TimeRangeType === 'TraceId') {
    const seconds = traceIdSeconds(trace.id);
    return seconds >= request.StartTime && seconds <= request.EndTime;
  }
  return trace.end >= request.StartTime && trace.start <= request.EndTime;
}

export function getTraceSummaries(
  traces: Iterable<StoredTrace>,
  request: TraceSummariesRequest,
): {
  TraceSummaries: TraceSummary[];
  ApproximateTime: number;
  TracesProcessedCount: number;
  NextToken?: string;
} {
  const filter = parseFilter(request.FilterExpression);
  const offset = request.NextToken === undefined ? 0 : decodeToken(request.NextToken);
  const matching: TraceSummary[] = [];
  let processed = 0;
  for (const trace of traces) {
    if (!inWindow(trace, request)) continue;
    processed++;
    const summary = summarize(trace);
    if (filter(summary)) matching.push(summary);
  }
  matching.sort((a, b) => b.StartTime - a.StartTime || (a.Id < b.Id ? -1 : 1));
  const page = matching.slice(offset, offset + PAGE_SIZE);
  const result: ReturnType<typeof getTraceSummaries> = {
    TraceSummaries: page,
    ApproximateTime: Math.floor(Date.now() / 1000),
    TracesProcessedCount: processed,
  };
  if (offset + PAGE_SIZE < matching.length) result.NextToken = encodeToken(offset + PAGE_SIZE);
  return result;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      offset?: unknown;
    };
    if (
      typeof parsed.offset === 'number' &&
      Number.isInteger(parsed.offset) &&
      parsed.offset >= 0
    ) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidRequestError(`NextToken "${clip(token)}" is not a token this preview issued`);
}
