import type { LifetimeResult, SaturationSample } from './run-scenario.js';
import type { TracingMode } from './scenarios.js';

/** Everything measured for one mode in one run. */
export interface ModeResult {
  readonly mode: TracingMode;
  /** One sample per round, at saturation. */
  readonly rounds: readonly SaturationSample[];
  readonly coldStartMs: number;
  /** After every round at saturation. */
  readonly peakRssMb: number;
  readonly lifetime: LifetimeResult;
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

export const cpuUs = (r: ModeResult): number => median(r.rounds.map((s) => s.cpuUsPerRequest));
export const rps = (r: ModeResult): number => median(r.rounds.map((s) => s.requestsPerSecond));
const mainUs = (r: ModeResult): number => median(r.rounds.map((s) => s.mainUsPerRequest));

/** Half the spread between rounds, as a percentage of the median ("±3 %"). */
function spread(xs: readonly number[]): string {
  const m = median(xs);
  if (xs.length < 2 || m === 0) return '';
  return ` ±${((50 * (Math.max(...xs) - Math.min(...xs))) / m).toFixed(0)} %`;
}

const signed = (n: number, digits = 1): string => `${n >= 0 ? '+' : ''}${n.toFixed(digits)}`;
const x = (n: number): string => `${n.toFixed(2)}×`;

/** Spans the service ended at the fixed rate that the receiver never got. */
export const lost = (r: ModeResult): number => r.lifetime.spansEnded - r.lifetime.spansReceived;

/**
 * The capacity table, one column per mode (pastes into Markdown as is). Ratios are against
 * tracing off in the same run.
 */
export function formatTable(results: readonly ModeResult[]): string {
  const off = results[0] as ModeResult;
  const rows: [string, (r: ModeResult) => string][] = [
    [
      'µs CPU per request (median of rounds)',
      (r) => `${cpuUs(r).toFixed(1)}${spread(r.rounds.map((s) => s.cpuUsPerRequest))}`,
    ],
    ['µs added vs off', (r) => (r === off ? '–' : signed(cpuUs(r) - cpuUs(off)))],
    [
      // The least disturbed round: on a busy machine, contention only ever adds CPU time.
      'best round µs (added)',
      (r) => {
        const best = Math.min(...r.rounds.map((s) => s.cpuUsPerRequest));
        const offBest = Math.min(...off.rounds.map((s) => s.cpuUsPerRequest));
        return `${best.toFixed(1)}${r === off ? '' : ` (${signed(best - offBest)})`}`;
      },
    ],
    ['capacity vs off (off µs ÷ mode µs)', (r) => x(cpuUs(off) / cpuUs(r))],
    [
      'req/s at saturation (median)',
      (r) => `${rps(r).toFixed(0)}${spread(r.rounds.map((s) => s.requestsPerSecond))}`,
    ],
    ['throughput vs off, same run', (r) => x(rps(r) / rps(off))],
    ['of the CPU, main thread µs', (r) => mainUs(r).toFixed(1)],
    [
      `p99 ms at ${off.lifetime.rate}/s (50 % of off)`,
      (r) =>
        `${r.lifetime.steady.p99Ms}${r === off ? '' : ` (${signed(r.lifetime.steady.p99Ms - off.lifetime.steady.p99Ms, 0)})`}`,
    ],
    [
      'spans lost at that rate, then SIGTERM',
      (r) => (r === off ? '–' : `${lost(r)} of ${r.lifetime.spansEnded}`),
    ],
    ['SIGTERM → exit ms', (r) => r.lifetime.sigtermToExitMs.toFixed(0)],
    [
      'peak RSS MiB (added)',
      (r) =>
        `${r.peakRssMb.toFixed(0)}${r === off ? '' : ` (${signed(r.peakRssMb - off.peakRssMb, 0)})`}`,
    ],
    [
      'cold start ms (added)',
      (r) =>
        `${r.coldStartMs.toFixed(0)}${r === off ? '' : ` (${signed(r.coldStartMs - off.coldStartMs, 0)})`}`,
    ],
    [
      'failed requests',
      (r) => String(r.rounds.reduce((n, s) => n + s.failures, 0) + r.lifetime.steady.failures),
    ],
  ];
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [
    line(['', ...results.map((r) => r.mode.name)]),
    line(['---', ...results.map(() => '---')]),
    ...rows.map(([label, cell]) => line([label, ...results.map(cell)])),
  ].join('\n');
}

export function formatLegend(results: readonly ModeResult[]): string {
  return results.map((r) => `- ${r.mode.name}: ${r.mode.about}`).join('\n');
}
