/**
 * The issue 6 targets, checked against one run: tuned tracing vs tracing off on the in-memory
 * store (so storage cost does not hide the tax). Prints one line per target with the measured
 * value and PASS or MISS; the lead re-runs on a quiet machine for the final word.
 */
import type { CollectorDownResult } from './collector-down.js';
import type { ScenarioResult } from './run-scenario.js';

interface Check {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

const x = (n: number): string => `${n.toFixed(2)}x`;

export function checkTargets(
  results: readonly ScenarioResult[],
  down: readonly CollectorDownResult[],
): string {
  const on = (mode: string) => results.find((r) => r.store === 'memory' && r.mode === mode);
  const off = on('off');
  const all = on('tuned-sample-all');
  const prod = on('tuned-production');
  if (off === undefined || all === undefined || prod === undefined) {
    return 'targets: need the memory store with modes off, tuned-sample-all and tuned-production';
  }
  const lost = (r: ScenarioResult) => r.spansEnded - r.spansReceived;
  const checks: Check[] = [
    ...[
      [all, 0.7],
      [prod, 0.9],
    ].map(([r, min]) => {
      const s = r as ScenarioResult;
      const ratio = s.saturationRps / off.saturationRps;
      return {
        target: `${s.mode}: req/s at saturation >= ${min}x off`,
        measured: `${x(ratio)} (CPU/request says ${x(off.cpuUsPerRequest / s.cpuUsPerRequest)})`,
        pass: ratio >= (min as number),
      };
    }),
    ...[all, prod].flatMap((r) => [
      {
        target: `${r.mode}: spans lost = 0 (saturation + ${r.fixedRate}/s, 50 % of off)`,
        measured: `${lost(r)} of ${r.spansEnded}`,
        pass: lost(r) === 0 && r.spansEnded > 0,
      },
      {
        target: `${r.mode}: p99 added at ${r.fixedRate}/s <= 5 ms`,
        measured: `${(r.p99Ms - off.p99Ms).toFixed(1)} ms (${r.p99Ms.toFixed(1)} vs ${off.p99Ms.toFixed(1)})`,
        pass: r.p99Ms - off.p99Ms <= 5,
      },
      {
        target: `${r.mode}: peak RSS added <= 60 MiB`,
        measured: `${(r.peakRssMb - off.peakRssMb).toFixed(0)} MiB`,
        pass: r.peakRssMb - off.peakRssMb <= 60,
      },
      {
        target: `${r.mode}: cold start added <= 300 ms`,
        measured: `${(r.coldStartMs - off.coldStartMs).toFixed(0)} ms`,
        pass: r.coldStartMs - off.coldStartMs <= 300,
      },
    ]),
    {
      target: 'tuned-sample-all: SIGTERM to exit <= 2 s, every finished span delivered',
      measured: `${all.sigtermToExitMs.toFixed(0)} ms, ${all.spansReceived}/${all.spansEnded} delivered`,
      pass: all.sigtermToExitMs <= 2000 && all.spansReceived === all.spansEnded,
    },
    ...down
      .filter((d) => d.mode.startsWith('tuned'))
      .map((d) => ({
        target: `${d.mode}, collector down: exit <= 2 s, loss counted`,
        measured:
          `${d.sigtermToExitMs.toFixed(0)} ms, exit ${d.exitCode}, ` +
          `${d.spansReportedLost ?? 'no'} of ${d.spansEnded} reported lost ${JSON.stringify(d.droppedByReason ?? {})}`,
        pass: d.sigtermToExitMs <= 2000 && d.exitCode === 0 && d.spansReportedLost === d.spansEnded,
      })),
  ];
  return checks.map((c) => `${c.pass ? 'PASS' : 'MISS'}  ${c.target}: ${c.measured}`).join('\n');
}

export function formatCollectorDown(down: readonly CollectorDownResult[]): string {
  return down
    .map(
      (d) =>
        `collector down, ${d.mode}: ${d.requests} requests (${d.failures} failed), SIGTERM to exit ` +
        `${d.sigtermToExitMs.toFixed(0)} ms (code ${d.exitCode}), spans ended ${d.spansEnded}, ` +
        `reported lost ${d.spansReportedLost ?? 'nothing (no loss report)'}`,
    )
    .join('\n');
}
