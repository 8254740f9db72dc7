/** What verify prints: a report for people, or one JSON object for CI (--json). */
import { ok, type ApiCall } from './api.js';
import type { BatchPost } from './browser-batch.js';
import type { HopResult } from './hops.js';

export interface Cleanup {
  readonly taskId: string;
  readonly deleted: boolean;
  readonly url: string;
}

export interface VerifyReport {
  readonly opts: {
    readonly apiUrl: string;
    readonly collectorUrl?: string;
    readonly webOrigin?: string;
    readonly xrayEndpoint?: string;
    readonly region: string;
  };
  readonly traceId: string;
  readonly calls: readonly ApiCall[];
  readonly batch?: BatchPost;
  readonly hops: readonly HopResult[];
  readonly cleanup?: Cleanup;
  readonly elapsedMs: number;
  readonly ok: boolean;
}

const path = (c: ApiCall): string => new URL(c.url).pathname;

function callLine(c: ApiCall): string {
  const answer = c.status === undefined ? '' : ` ${c.status}`;
  const error = c.error === undefined ? '' : ` (${c.error})`;
  return `${c.method} ${path(c)}${answer}${error} as ${c.caller}`;
}

function batchLine(b: BatchPost): string {
  const origin = b.origin ? ` with Origin ${b.origin}` : '';
  if (b.corsRefused) return `${b.url}${origin}: CORS preflight refused (HTTP ${b.status})`;
  if (!b.accepted) return `${b.url}${origin}: not taken (${b.error ?? `HTTP ${b.status}`})`;
  return `${b.url}${origin}: taken (HTTP ${b.status})`;
}

const MARK = { found: 'found  ', missing: 'MISSING', skipped: 'skipped' } as const;

export function renderHuman(r: VerifyReport): string {
  const xray = r.opts.xrayEndpoint
    ? `${r.opts.xrayEndpoint} (${r.opts.region})`
    : `of region ${r.opts.region}`;
  const lines = [
    `tracectl verify: trace ${r.traceId}, API ${r.opts.apiUrl}, X-Ray ${xray}`,
    `requests: ${r.calls.map(callLine).join(' · ')}`,
  ];
  if (r.batch) lines.push(`span batch: ${batchLine(r.batch)}`);
  if (r.cleanup && !r.cleanup.deleted)
    lines.push(
      `note: could not delete task ${r.cleanup.taskId}; delete it with: curl -X DELETE ${r.cleanup.url}`,
    );
  lines.push('');
  const width = Math.max(...r.hops.map((h) => h.hop.length));
  r.hops.forEach((h, i) => {
    lines.push(`${MARK[h.status]}  ${h.hop.padEnd(width)}  ${h.detail}`);
    // Hops in a row with one cause get it once, under the last of them.
    const following = r.hops[i + 1];
    if (following?.cause === h.cause && following?.next === h.next) return;
    if (h.cause) lines.push(`${' '.repeat(9)}cause: ${h.cause}`);
    if (h.next) lines.push(`${' '.repeat(9)}next:  ${h.next}`);
  });
  const checked = r.hops.filter((h) => h.status !== 'skipped');
  const found = checked.filter((h) => h.status === 'found').length;
  const seconds = (r.elapsedMs / 1000).toFixed(1);
  lines.push(
    '',
    r.ok
      ? `${found} of ${checked.length} hops found in ${seconds}s: the deploy is on the map (trace ${r.traceId})`
      : `${found} of ${checked.length} hops found after ${seconds}s (trace ${r.traceId})`,
  );
  return `${lines.join('\n')}\n`;
}

export function renderJson(r: VerifyReport): string {
  const body = {
    ok: r.ok,
    traceId: r.traceId,
    traceIds: [r.traceId],
    apiUrl: r.opts.apiUrl,
    collectorUrl: r.opts.collectorUrl ?? null,
    webOrigin: r.opts.webOrigin ?? null,
    xrayEndpoint: r.opts.xrayEndpoint ?? null,
    region: r.opts.region,
    elapsedSeconds: Math.round(r.elapsedMs / 100) / 10,
    requests: r.calls.map((c) => ({
      operation: c.operation,
      method: c.method,
      url: c.url,
      caller: c.caller,
      status: c.status ?? null,
      ok: ok(c),
      ...(c.error === undefined ? {} : { error: c.error }),
    })),
    spanBatch: r.batch ?? null,
    hops: r.hops.map((h) => ({
      id: h.id,
      hop: h.hop,
      status: h.status,
      found: h.status === 'found',
      inTrace: h.inTrace,
      onMap: h.onMap,
      detail: h.detail,
      traceIds: h.inTrace ? [r.traceId] : [],
      ...(h.cause === undefined ? {} : { cause: h.cause, next: h.next }),
    })),
    missing: r.hops.filter((h) => h.status === 'missing').map((h) => h.hop),
    cleanup: r.cleanup ?? null,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
