// Number formatting and status arithmetic for the map, the trace list and the timeline.
// Pure functions (no DOM) so they are unit-tested in node.
import type { XRaySummaryStatistics as SummaryStatistics } from '../../src/contract.js';

/** Which colour a node, edge, trace or segment gets; the X-Ray console uses the same four. */
export type Health = 'ok' | 'error' | 'throttle' | 'fault';

/** Counts taken apart the way the X-Ray console draws its node rings. */
export interface StatsBreakdown {
  readonly total: number;
  readonly ok: number;
  /** 4xx other than 429. */
  readonly error: number;
  /** 429; X-Ray counts throttles inside ErrorStatistics.TotalCount. */
  readonly throttle: number;
  /** 5xx and other faults. */
  readonly fault: number;
  /** Average response time in seconds, or undefined when there were no requests. */
  readonly avgSeconds: number | undefined;
}

const num = (value: number | undefined): number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;

export function breakdown(stats: SummaryStatistics | undefined): StatsBreakdown {
  const throttle = num(stats?.ErrorStatistics?.ThrottleCount);
  const errorTotal = Math.max(num(stats?.ErrorStatistics?.TotalCount), throttle);
  const fault = num(stats?.FaultStatistics?.TotalCount);
  const ok = num(stats?.OkCount);
  // TotalCount is authoritative when present; the parts are a fallback for partial shapes.
  const total = num(stats?.TotalCount) || ok + errorTotal + fault;
  const responseTime = num(stats?.TotalResponseTime);
  return {
    total,
    ok,
    error: errorTotal - throttle,
    throttle,
    fault,
    avgSeconds: total > 0 ? responseTime / total : undefined,
  };
}

/** Adds statistics together, for nodes that only have statistics on their edges (clients). */
export function sumStats(all: readonly (SummaryStatistics | undefined)[]): SummaryStatistics {
  let ok = 0;
  let throttle = 0;
  let errorTotal = 0;
  let fault = 0;
  let total = 0;
  let responseTime = 0;
  for (const stats of all) {
    ok += num(stats?.OkCount);
    throttle += num(stats?.ErrorStatistics?.ThrottleCount);
    errorTotal += num(stats?.ErrorStatistics?.TotalCount);
    fault += num(stats?.FaultStatistics?.TotalCount);
    total += num(stats?.TotalCount);
    responseTime += num(stats?.TotalResponseTime);
  }
  return {
    OkCount: ok,
    ErrorStatistics: { ThrottleCount: throttle, TotalCount: errorTotal },
    FaultStatistics: { TotalCount: fault },
    TotalCount: total,
    TotalResponseTime: responseTime,
  };
}

/** The worst status present wins: fault, then throttle, then error. */
export function healthOf(b: StatsBreakdown): Health {
  if (b.fault > 0) return 'fault';
  if (b.throttle > 0) return 'throttle';
  if (b.error > 0) return 'error';
  return 'ok';
}

export function healthOfFlags(flags: {
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly throttle?: boolean;
}): Health {
  if (flags.fault) return 'fault';
  if (flags.throttle) return 'throttle';
  if (flags.error) return 'error';
  return 'ok';
}

/** 7 → "7", 1234 → "1.2k", 2500000 → "2.5M". */
export function formatCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${trimZero((n / 1000).toFixed(1))}k`;
  return `${trimZero((n / 1_000_000).toFixed(1))}M`;
}

/** Seconds to a short human latency: 0.0004 → "0.4 ms", 0.045 → "45 ms", 1.5 → "1.50 s". */
export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  const ms = seconds * 1000;
  if (ms < 10) return `${trimZero(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A round axis value in the axis's unit, with as many decimals as the step needs ("0 ms",
 * "0.5 ms", "20 ms", "1.5 s").
 */
export function formatTick(seconds: number, step: number, unit: 's' | 'ms'): string {
  const factor = unit === 's' ? 1 : 1000;
  const unitStep = step * factor;
  const decimals = unitStep > 0 ? Math.max(0, -Math.floor(Math.log10(unitStep) + 1e-9)) : 0;
  const text = (seconds * factor).toFixed(Math.min(decimals, 6));
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${unit}`;
}

/** part/total as a percentage: "0%", "<0.1%", "2.5%", "40%". */
export function formatPercent(part: number, total: number): string {
  if (total <= 0 || part <= 0) return '0%';
  const pct = (part / total) * 100;
  if (pct < 0.1) return '<0.1%';
  if (pct < 10) return `${trimZero(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

function trimZero(fixed: string): string {
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** A readable label for an X-Ray node type: "AWS::EKS::Container" → "EKS Container". */
export function typeLabel(type: string | undefined): string {
  if (type === undefined || type === '') return 'Service';
  if (type === 'client') return 'Client';
  if (type === 'remote') return 'Remote';
  const parts = type.split('::');
  if (parts[0] === 'AWS' && parts.length >= 2) return parts.slice(1).join(' ');
  return type;
}

/** A short badge shown inside the node ring, standing in for the console's icons. */
export function typeBadge(type: string | undefined): string {
  if (type === undefined || type === '') return 'SVC';
  if (type === 'client') return 'USER';
  if (type === 'remote') return 'EXT';
  const service = type.split('::')[1];
  if (service === undefined) return type.slice(0, 4).toUpperCase();
  if (service === 'DynamoDB') return 'DDB';
  return service.slice(0, 4).toUpperCase();
}

/** Counters worth a place in the header, in order; any other numbers go in the tooltip. */
const HEADLINE_COUNTERS = ['spansReceived', 'tracesStored', 'documentsEvicted', 'documentsStored'];
const MAX_HEADLINE = 3;

export interface Counter {
  readonly label: string;
  readonly value: string;
}

/**
 * The server's ingest counters → a few headline counters and the rest. The shape belongs to the
 * server, so unknown numeric fields are shown too rather than dropped.
 */
export function ingestCounters(stats: Record<string, unknown>): {
  readonly headline: Counter[];
  readonly rest: Counter[];
} {
  // Numbers, and one level of nested counters ("refusedSpans": {"service_not_allowed": 2}).
  const numeric: [string, number][] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (typeof value === 'number') numeric.push([key, value]);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, count] of Object.entries(value as Record<string, unknown>)) {
        if (typeof count === 'number') numeric.push([`${key}: ${sub}`, count]);
      }
    }
  }
  const rank = (key: string): number => {
    const index = HEADLINE_COUNTERS.indexOf(key);
    return index === -1 ? HEADLINE_COUNTERS.length : index;
  };
  const ordered = [...numeric].sort(([a], [b]) => rank(a) - rank(b));
  const toCounter = ([key, value]: [string, number]): Counter => ({
    label: words(key),
    value: formatCount(value),
  });
  return {
    headline: ordered.slice(0, MAX_HEADLINE).map(toCounter),
    rest: ordered.slice(MAX_HEADLINE).map(toCounter),
  };
}

/** "spansReceived" → "spans received", "spans_evicted" → "spans evicted". */
export function words(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}
