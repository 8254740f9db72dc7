// Segment documents of one trace → waterfall rows, nested by parent_id and scaled by time.
// Pure (no DOM) so the nesting is unit-tested in node.
import { healthOfFlags, type Health } from './format.js';
import type { SegmentDocument } from '../../src/contract.js';

export interface TimelineRow {
  readonly id: string;
  readonly name: string;
  readonly depth: number;
  readonly kind: 'segment' | 'subsegment';
  readonly namespace: string | undefined;
  readonly origin: string | undefined;
  readonly health: Health;
  /** Seconds from the start of the trace. */
  readonly offset: number;
  /** Seconds; 0 for documents without an end_time (in progress). */
  readonly duration: number;
  readonly inProgress: boolean;
  readonly httpStatus: number | undefined;
  /** Bar position as percentages of the trace's span, for CSS. */
  readonly leftPct: number;
  readonly widthPct: number;
}

export interface Timeline {
  readonly rows: readonly TimelineRow[];
  /** Seconds from the first start to the last end. */
  readonly total: number;
}

/** Bars narrower than this would vanish; a 0 ms span still gets a sliver. */
const MIN_WIDTH_PCT = 0.4;

/**
 * Segments returned by BatchGetTraces carry subsegments inline; the preview's raw endpoint sends
 * one flat document per span. Both become one flat list with parent ids filled in.
 */
export function flattenDocuments(docs: readonly SegmentDocument[]): SegmentDocument[] {
  const out: SegmentDocument[] = [];
  const visit = (doc: SegmentDocument, parentId: string | undefined): void => {
    const { subsegments, ...rest } = doc;
    out.push(
      parentId !== undefined && rest.parent_id === undefined
        ? { ...rest, parent_id: parentId }
        : rest,
    );
    for (const child of subsegments ?? []) visit(child, doc.id);
  };
  for (const doc of docs) visit(doc, undefined);
  return out;
}

export function buildTimeline(input: readonly SegmentDocument[]): Timeline {
  const docs: SegmentDocument[] = [];
  const seen = new Set<string>();
  for (const doc of flattenDocuments(input)) {
    if (seen.has(doc.id)) continue;
    seen.add(doc.id);
    docs.push(doc);
  }
  if (docs.length === 0) return { rows: [], total: 0 };

  const start = Math.min(...docs.map((d) => d.start_time));
  const end = Math.max(...docs.map((d) => d.end_time ?? d.start_time));
  const total = Math.max(end - start, 0);

  const children = new Map<string, SegmentDocument[]>();
  const roots: SegmentDocument[] = [];
  for (const doc of docs) {
    // A parent that is not in this trace (e.g. the browser span is still in flight) makes a root.
    if (doc.parent_id !== undefined && seen.has(doc.parent_id) && doc.parent_id !== doc.id) {
      const list = children.get(doc.parent_id) ?? [];
      list.push(doc);
      children.set(doc.parent_id, list);
    } else {
      roots.push(doc);
    }
  }

  const rows: TimelineRow[] = [];
  const placed = new Set<string>();
  const byStart = (a: SegmentDocument, b: SegmentDocument): number => a.start_time - b.start_time;
  const place = (doc: SegmentDocument, depth: number): void => {
    if (placed.has(doc.id)) return; // guards against parent_id cycles in malformed input
    placed.add(doc.id);
    rows.push(toRow(doc, depth, start, total));
    for (const child of [...(children.get(doc.id) ?? [])].sort(byStart)) place(child, depth + 1);
  };
  for (const root of [...roots].sort(byStart)) place(root, 0);
  // Documents only reachable through a cycle are still shown, at the top level.
  for (const doc of docs) place(doc, 0);
  return { rows, total };
}

function toRow(
  doc: SegmentDocument,
  depth: number,
  traceStart: number,
  total: number,
): TimelineRow {
  const offset = doc.start_time - traceStart;
  const inProgress = doc.end_time === undefined;
  const duration = inProgress ? 0 : Math.max((doc.end_time ?? doc.start_time) - doc.start_time, 0);
  const leftPct = total > 0 ? (offset / total) * 100 : 0;
  const widthPct = total > 0 ? (duration / total) * 100 : 100;
  return {
    id: doc.id,
    name: doc.name,
    depth,
    kind: doc.type === 'subsegment' ? 'subsegment' : 'segment',
    namespace: doc.namespace,
    origin: doc.origin,
    health: healthOfFlags(doc),
    offset,
    duration,
    inProgress,
    httpStatus: doc.http?.response?.status,
    leftPct: Math.min(leftPct, 100 - MIN_WIDTH_PCT),
    widthPct: Math.min(
      Math.max(widthPct, MIN_WIDTH_PCT),
      100 - Math.min(leftPct, 100 - MIN_WIDTH_PCT),
    ),
  };
}

/**
 * Axis ticks at round values: 0 and multiples of a step of 1, 2 or 5 × 10^n seconds, at most
 * `maxTicks` of them up to `total`, labelled in seconds once they reach 1 s. An empty or
 * zero-length trace gets just 0.
 */
export function niceTicks(
  total: number,
  maxTicks = 5,
): { ticks: number[]; step: number; unit: 's' | 'ms' } {
  if (!(total > 0) || !Number.isFinite(total)) return { ticks: [0], step: 0, unit: 'ms' };
  const rough = total / Math.max(maxTicks - 1, 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= rough) ?? 10) * magnitude;
  const ticks: number[] = [];
  // Integer multiples avoid float drift (0.1 + 0.2); the last tick may sit just below total.
  for (let i = 0; i * step <= total * (1 + 1e-9); i++) ticks.push(i * step);
  return { ticks, step, unit: (ticks.at(-1) ?? 0) >= 1 ? 's' : 'ms' };
}
