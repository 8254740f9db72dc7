// Trace summaries (+ the preview's trace entries) → trace list rows, and the service filter set
// by clicking a map node. Pure (no DOM) so it is unit-tested in node.
import type { TraceEntry, TraceSummary } from '../../src/contract.js';
import { formatSeconds, healthOfFlags, type Health } from './format.js';

export interface TraceRow {
  readonly id: string;
  /**
   * What the trace did: the span behind its entry segment (`tasks.create` for a browser action,
   * `GET /tasks/:id` for a request), else the URL path, else the entry service.
   */
  readonly action: string;
  readonly method: string;
  readonly url: string;
  /** Path and query of the URL, which is what fits in the list; the full URL goes in a tooltip. */
  readonly path: string;
  /** The entry service. */
  readonly entry: string;
  readonly status: string;
  /**
   * `call` when method, URL and status come from the trace's first HTTP call because its entry
   * segment has none (a browser action): X-Ray's own summary leaves them empty.
   */
  readonly httpFrom: 'entry' | 'call' | undefined;
  readonly duration: string;
  readonly health: Health;
  readonly flags: readonly ('fault' | 'error' | 'throttle')[];
}

/** A map node the user clicked; a trace matches when one of its ServiceIds has this name and type. */
export interface ServiceFilter {
  readonly name: string;
  readonly type: string | undefined;
  /**
   * For `client` nodes, which have no segments and so appear in no ServiceIds: the services the
   * client calls. A trace matches when its EntryPoint is one of them.
   */
  readonly entryPoints?: readonly string[];
}

export function matchesService(summary: TraceSummary, filter: ServiceFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (filter.type === 'client' && filter.entryPoints !== undefined) {
    const entry = summary.EntryPoint?.Name;
    return entry !== undefined && filter.entryPoints.includes(entry);
  }
  return (summary.ServiceIds ?? []).some(
    (id) =>
      (id.Name === filter.name || (id.Names ?? []).includes(filter.name)) &&
      (filter.type === undefined || id.Type === undefined || id.Type === filter.type),
  );
}

export function toTraceRows(
  summaries: readonly TraceSummary[],
  filter: ServiceFilter | undefined,
  entries: Readonly<Record<string, TraceEntry>> = {},
): TraceRow[] {
  const rows: TraceRow[] = [];
  for (const summary of newestFirst(summaries)) {
    if (summary.Id === undefined || !matchesService(summary, filter)) continue;
    const flags: ('fault' | 'error' | 'throttle')[] = [];
    if (summary.HasFault) flags.push('fault');
    if (summary.HasError) flags.push('error');
    if (summary.HasThrottle) flags.push('throttle');
    const entry = Object.hasOwn(entries, summary.Id) ? entries[summary.Id] : undefined;
    const http = summary.Http;
    const ownHttp = http?.HttpMethod !== undefined || http?.HttpURL !== undefined;
    const method = (ownHttp ? http?.HttpMethod : entry?.method) ?? '';
    const url = (ownHttp ? http?.HttpURL : entry?.url) ?? '';
    const status = ownHttp ? http?.HttpStatus : (http?.HttpStatus ?? entry?.status);
    const entryName = summary.EntryPoint?.Name ?? '';
    rows.push({
      id: summary.Id,
      action: entry?.action ?? (url === '' ? entryName : urlPath(url)),
      method,
      url,
      path: urlPath(url),
      entry: entryName,
      status: status === undefined ? '' : String(status),
      httpFrom: ownHttp ? 'entry' : entry?.httpFrom,
      duration: formatSeconds(summary.Duration ?? summary.ResponseTime),
      health: healthOfFlags({
        fault: summary.HasFault,
        error: summary.HasError,
        throttle: summary.HasThrottle,
      }),
      flags,
    });
  }
  return rows;
}

/** Sorts by StartTime, newest first, when the server sends it; otherwise keeps the server's order. */
export function newestFirst(summaries: readonly TraceSummary[]): TraceSummary[] {
  const start = (s: TraceSummary): number =>
    typeof s.StartTime === 'number' ? s.StartTime : Number.NEGATIVE_INFINITY;
  return [...summaries].sort((a, b) => start(b) - start(a));
}

/** "http://127.0.0.1:8080/tasks/42?x=1" → "/tasks/42?x=1"; anything unparsable is kept as is. */
export function urlPath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
