import type { ScenarioResult } from './run-scenario.js';

const fixed = (n: number, digits = 0): string => n.toFixed(digits);
const ratio = (value: number, base: number | undefined): string =>
  base === undefined || base === 0 ? '-' : `${(value / base).toFixed(2)}x`;

/**
 * A Markdown table (pastes into the README as is). Ratios compare each mode with tracing off on
 * the same store, measured in the same run.
 */
export function formatTable(results: readonly ScenarioResult[]): string {
  const header = [
    'store',
    'tracing',
    'req/s (sat.)',
    'vs off',
    'fixed rate',
    'p50 ms',
    'p99 ms',
    'p99 vs off',
    'CPU µs/req',
    'CPU vs off',
    'peak RSS MiB',
    'RSS vs off',
    'cold start ms',
    'SIGTERM→exit ms',
    'spans ended',
    'spans received',
    'lost',
    'not exported (service)',
    'of which late',
    'failed reqs',
  ];
  const rows = results.map((r) => {
    const off = results.find((o) => o.store === r.store && o.mode === 'off');
    const lost = r.spansEnded - r.spansReceived;
    return [
      r.store,
      r.mode,
      fixed(r.saturationRps),
      ratio(r.saturationRps, off?.saturationRps),
      `${r.fixedRate}/s`,
      fixed(r.p50Ms, 1),
      fixed(r.p99Ms, 1),
      ratio(r.p99Ms, off?.p99Ms),
      fixed(r.cpuUsPerRequest),
      // Inverted: off's CPU per request over this mode's, comparable with the req/s ratio.
      off === undefined || r.cpuUsPerRequest === 0
        ? '-'
        : `${(off.cpuUsPerRequest / r.cpuUsPerRequest).toFixed(2)}x`,
      fixed(r.peakRssMb, 1),
      ratio(r.peakRssMb, off?.peakRssMb),
      fixed(r.coldStartMs),
      fixed(r.sigtermToExitMs),
      String(r.spansEnded),
      String(r.spansReceived),
      r.spansEnded === 0 ? '-' : `${lost} (${((100 * lost) / r.spansEnded).toFixed(1)} %)`,
      String(r.spansNotExported),
      String(r.spansEndedAfterShutdown),
      String(r.failures),
    ];
  });
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
