/**
 * BatchGetTraces (POST /Traces). Like X-Ray, independently sent subsegments are folded into
 * their segment's `subsegments` tree (without trace_id/type/parent_id, which the nesting
 * implies); subsegments whose segment is not stored stay separate documents. Use
 * GET /api/segment-documents for the documents exactly as sent.
 */
import type { StoredTrace } from '../store/trace-store.js';

type Doc = Record<string, unknown> & { id?: string; parent_id?: string; type?: string };

export interface TraceResult {
  Id: string;
  Duration: number;
  LimitExceeded: boolean;
  Segments: { Id: string; Document: string }[];
}

export function assembleSegments(trace: StoredTrace): { Id: string; Document: string }[] {
  const docs = trace.documents.map((d) => JSON.parse(d.json) as Doc);
  const byId = new Map<string, Doc>();
  for (const doc of docs) if (doc.id !== undefined) byId.set(doc.id, doc);
  const roots: Doc[] = [];
  for (const doc of docs) {
    const parent = doc.parent_id === undefined ? undefined : byId.get(doc.parent_id);
    if (doc.type !== 'subsegment' || parent === undefined || parent === doc) {
      roots.push(doc);
      continue;
    }
    delete doc.trace_id;
    delete doc.type;
    delete doc.parent_id;
    ((parent.subsegments ??= []) as Doc[]).push(doc);
  }
  return roots.map((doc) => ({ Id: doc.id ?? '', Document: JSON.stringify(doc) }));
}

export function batchGetTraces(
  get: (id: string) => StoredTrace | undefined,
  traceIds: readonly string[],
): { Traces: TraceResult[]; UnprocessedTraceIds: string[] } {
  const traces: TraceResult[] = [];
  for (const id of traceIds) {
    const trace = get(id);
    if (trace === undefined) continue;
    traces.push({
      Id: trace.id,
      Duration: trace.end - trace.start,
      LimitExceeded: false,
      Segments: assembleSegments(trace),
    });
  }
  return { Traces: traces, UnprocessedTraceIds: [] };
}
