// Turns request records into the table `npm run traffic` prints.
import type { RequestRecord, TrafficResult } from './runner.js';

export interface OperationSummary {
  readonly operation: string;
  readonly count: number;
  /** status -> count, e.g. {201: 70, 400: 3}; status 0 = network error. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

export function summarize(records: readonly RequestRecord[]): OperationSummary[] {
  const groups = new Map<string, RequestRecord[]>();
  for (const record of records) {
    const list = groups.get(record.operation) ?? [];
    list.push(record);
    groups.set(record.operation, list);
  }
  return [...groups.entries()]
    .map(([operation, list]) => {
      const statuses = new Map<number, number>();
      for (const r of list) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      const times = list.map((r) => r.ms).sort((a, b) => a - b);
      return {
        operation,
        count: list.length,
        statuses,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
      };
    })
    .sort((a, b) => b.count - a.count);
}

/** Counts by class: 2xx, 4xx (errors in X-Ray), 5xx (faults), network failures. */
export function classCounts(
  records: readonly RequestRecord[],
): Record<'ok' | 'error' | 'fault' | 'network', number> {
  const counts = { ok: 0, error: 0, fault: 0, network: 0 };
  for (const { status } of records) {
    if (status === 0) counts.network += 1;
    else if (status >= 500) counts.fault += 1;
    else if (status >= 400) counts.error += 1;
    else counts.ok += 1;
  }
  return counts;
}

export function formatSummary(result: TrafficResult): string {
  const rows = summarize(result.records);
  const lines = [
    `${'operation'.padEnd(14)}${'requests'.padStart(9)}  ${'p50 ms'.padStart(7)}  ${'p95 ms'.padStart(7)}  statuses`,
  ];
  for (const row of rows) {
    const statuses = [...row.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status === 0 ? 'network' : status}×${n}`)
      .join(' ');
    lines.push(
      `${row.operation.padEnd(14)}${String(row.count).padStart(9)}  ${row.p50Ms.toFixed(1).padStart(7)}  ${row.p95Ms.toFixed(1).padStart(7)}  ${statuses}`,
    );
  }
  const c = classCounts(result.records);
  const seconds = result.elapsedMs / 1000;
  lines.push(
    '',
    `${result.records.length} requests in ${seconds.toFixed(1)} s (${(result.records.length / Math.max(seconds, 0.001)).toFixed(0)} req/s), stopped by the ${result.stoppedBy} limit` +
      (result.stoppedBy === 'unreachable' ? ' (10 network errors in a row)' : ''),
    `2xx ${c.ok}, 4xx ${c.error} (X-Ray "error"), 5xx ${c.fault} (X-Ray "fault"), network errors ${c.network}`,
  );
  return lines.join('\n');
}
