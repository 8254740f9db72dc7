/**
 * The targets for tracing's cost, checked against one run: µs of CPU per request on the pinned
 * core against tracing off, plus latency, loss, memory, start and stop. One line per target with
 * the measured value and PASS or MISS.
 */
import type { CollectorDownResult } from './collector-down.js';
import { cpuUs, lost, rps, type ModeResult } from './report.js';

interface Check {
  readonly target: string;
  readonly measured: string;
  readonly pass: boolean;
}

const x = (n: number): string => `${n.toFixed(2)}×`;

export function checkTargets(
  results: readonly ModeResult[],
  down: readonly CollectorDownResult[],
): string {
  const of = (name: string) => results.find((r) => r.mode.name === name);
  const off = of('off');
  if (off === undefined) return 'targets: need the off mode';
  const added = (r: ModeResult) => cpuUs(r) - cpuUs(off);
  const capacity = (r: ModeResult) => cpuUs(off) / cpuUs(r);
  const checks: Check[] = [];
  const nothing = of('always_off');
  if (nothing !== undefined)
    checks.push({
      target: 'always_off: CPU added per unsampled request <= 2 µs',
      measured: `${added(nothing).toFixed(1)} µs (${x(capacity(nothing))})`,
      pass: added(nothing) <= 2,
    });
  for (const [name, min] of [
    ['default', 0.92],
    ['sample-all', 0.7],
  ] as const) {
    const r = of(name);
    if (r === undefined) continue;
    checks.push({
      target: `${name}: capacity >= ${min}× off (CPU per request)`,
      measured: `${x(capacity(r))}, +${added(r).toFixed(1)} µs; throughput ${x(rps(r) / rps(off))}`,
      pass: capacity(r) >= min,
    });
  }
  const all = of('sample-all');
  if (all !== undefined) {
    const p99Added = all.lifetime.steady.p99Ms - off.lifetime.steady.p99Ms;
    checks.push(
      {
        target: `sample-all: p99 added at ${all.lifetime.rate}/s (50 % of off) <= 5 ms`,
        measured: `${p99Added.toFixed(0)} ms (${all.lifetime.steady.p99Ms} vs ${off.lifetime.steady.p99Ms})`,
        pass: p99Added <= 5,
      },
      {
        target: 'sample-all: zero spans lost at that rate, SIGTERM to exit <= 2 s',
        measured: `${lost(all)} of ${all.lifetime.spansEnded} lost, exit in ${all.lifetime.sigtermToExitMs.toFixed(0)} ms (code ${all.lifetime.exitCode})`,
        pass:
          lost(all) === 0 &&
          all.lifetime.spansEnded > 0 &&
          all.lifetime.sigtermToExitMs <= 2000 &&
          all.lifetime.exitCode === 0,
      },
    );
  }
  for (const r of results.filter((m) => !['off', 'upstream'].includes(m.mode.name))) {
    checks.push({
      target: `${r.mode.name}: peak RSS added <= 60 MiB, cold start added <= 300 ms`,
      measured: `${(r.peakRssMb - off.peakRssMb).toFixed(0)} MiB, ${(r.coldStartMs - off.coldStartMs).toFixed(0)} ms`,
      pass: r.peakRssMb - off.peakRssMb <= 60 && r.coldStartMs - off.coldStartMs <= 300,
    });
  }
  for (const d of down) {
    checks.push({
      target: `${d.mode}, collector down: exit <= 2 s, every lost span counted`,
      measured:
        `${d.sigtermToExitMs.toFixed(0)} ms, exit ${d.exitCode}, ` +
        `${d.spansReportedLost ?? 'no'} of ${d.spansEnded} reported lost ${JSON.stringify(d.droppedByReason ?? {})}`,
      pass: d.sigtermToExitMs <= 2000 && d.exitCode === 0 && d.spansReportedLost === d.spansEnded,
    });
  }
  return checks.map((c) => `${c.pass ? 'PASS' : 'MISS'}  ${c.target}: ${c.measured}`).join('\n');
}
