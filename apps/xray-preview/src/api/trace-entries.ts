/**
 * POST /api/trace-entries: what the trace list shows beside X-Ray's summary (see TraceEntry in
 * contract.ts). A browser action's trace enters at a task-web segment without HTTP data, so X-Ray
 * lists it without method, URL or status; the preview takes them from its first HTTP call and
 * names the action after the span behind the entry segment.
 */
import type { TraceEntriesResponse, TraceEntry } from '../contract.js';
import type { StoredDocument, StoredTrace } from '../store/trace-store.js';
import { entrySegment } from './trace-summaries.js';

/** Enough for every row the UI shows at once. */
const MAX_IDS = 1000;

function hasHttp(doc: StoredDocument): boolean {
  const request = doc.http?.request;
  return request?.method !== undefined || request?.url !== undefined;
}

export function traceEntry(trace: StoredTrace): TraceEntry | undefined {
  const entry = entrySegment(trace);
  if (entry === undefined) return undefined;
  const children = trace.documents
    .filter((doc) => doc.parentId === entry.id && doc !== entry)
    .sort((a, b) => a.start - b.start);
  // A root CLIENT span is split into a service segment and a subsegment carrying the span's id
  // and name; the action is then the first child's span.
  const action = entry.spanName ?? children[0]?.spanName;
  const call = hasHttp(entry) ? entry : children.find(hasHttp);
  const http = call?.http;
  return {
    ...(action === undefined ? {} : { action }),
    ...(http?.request.method === undefined ? {} : { method: http.request.method }),
    ...(http?.request.url === undefined ? {} : { url: http.request.url }),
    ...(http?.response.status === undefined ? {} : { status: http.response.status }),
    ...(call === undefined ? {} : { httpFrom: call === entry ? 'entry' : 'call' }),
  };
}

export function traceEntries(
  get: (id: string) => StoredTrace | undefined,
  ids: readonly string[],
): TraceEntriesResponse {
  const entries: Record<string, TraceEntry> = Object.create(null) as Record<string, TraceEntry>;
  for (const id of ids.slice(0, MAX_IDS)) {
    const trace = get(id);
    const entry = trace === undefined ? undefined : traceEntry(trace);
    if (entry !== undefined) entries[id] = entry;
  }
  return { Entries: entries };
}
