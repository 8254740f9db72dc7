// Same-origin client for the preview's X-Ray-shaped query API; the shapes are the server's
// (src/contract.ts), declared once.
import type {
  PreviewStats,
  SegmentDocumentsResponse,
  ServiceGraphResponse,
  TraceEntriesResponse,
  TraceEntry,
  TraceSummariesResponse,
  TraceSummary,
  WarningsResponse,
} from '../../src/contract.js';
import { WARNINGS_PATH } from '../../src/contract.js';

/** Stops runaway paging when the window holds many traces; the list shows the newest anyway. */
const MAX_SUMMARY_PAGES = 5;

export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    detail: string,
  ) {
    super(`${path} answered ${status}${detail === '' ? '' : `: ${detail}`}`);
    this.name = 'ApiError';
  }
}

async function request<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? { headers: { accept: 'application/json' } }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        };
  const response = await fetch(path, init);
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw new ApiError(path, response.status, text.slice(0, 200));
  }
  return (await response.json()) as T;
}

export interface TimeWindow {
  /** Epoch seconds. */
  readonly StartTime: number;
  readonly EndTime: number;
}

export function windowEndingNow(minutes: number, nowMs: number = Date.now()): TimeWindow {
  const end = Math.ceil(nowMs / 1000);
  return { StartTime: end - minutes * 60, EndTime: end };
}

export function getServiceGraph(window: TimeWindow): Promise<ServiceGraphResponse> {
  return request<ServiceGraphResponse>('/ServiceGraph', window);
}

export async function getTraceSummaries(window: TimeWindow): Promise<TraceSummary[]> {
  const all: TraceSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_SUMMARY_PAGES; page++) {
    const body = nextToken === undefined ? window : { ...window, NextToken: nextToken };
    const response = await request<TraceSummariesResponse>('/TraceSummaries', body);
    all.push(...(response.TraceSummaries ?? []));
    nextToken = response.NextToken;
    if (nextToken === undefined || nextToken === '') break;
  }
  return all;
}

export function getSegmentDocuments(traceId: string): Promise<SegmentDocumentsResponse> {
  return request<SegmentDocumentsResponse>(
    `/api/segment-documents?traceId=${encodeURIComponent(traceId)}`,
  );
}

/** The preview's trace list extras (action, and HTTP data of browser traces) for these ids. */
export async function getTraceEntries(
  traceIds: readonly string[],
): Promise<Readonly<Record<string, TraceEntry>>> {
  if (traceIds.length === 0) return {};
  return (await request<TraceEntriesResponse>('/api/trace-entries', { TraceIds: traceIds }))
    .Entries;
}

/** Ingest counters (`PreviewStats`); the header shows every number the server sends. */
export function getStats(): Promise<PreviewStats> {
  return request<PreviewStats>('/api/stats');
}

/** Spans X-Ray will never show, newest first. */
export function getWarnings(): Promise<WarningsResponse> {
  return request<WarningsResponse>(WARNINGS_PATH);
}
