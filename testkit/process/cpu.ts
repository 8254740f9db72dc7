// CPU placement and accounting for benchmarks. A pod runs under a CPU limit, so the cost that
// counts is CPU time per request on one core: the server gets core 0 to itself, and the load
// generator and the OTLP receiver share core 1, so neither steals the server's core. The
// server's CPU is read from /proc (utime + stime of every thread, GC and gRPC included).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Where the benchmark's processes run. */
export interface CpuPlacement {
  /** Whether the server has a core of its own. */
  readonly pinned: boolean;
  /** argv prefix that starts a program on the server's core; empty when not pinned. */
  readonly serverPrefix: readonly string[];
  /** One line for the benchmark's output, saying what was pinned where (or why not). */
  readonly description: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * With two or more cores and `taskset`: moves this process (every thread, so the load generator
 * and any child it forks later, such as the receiver) to core 1, and returns the prefix that
 * starts the server on core 0. Otherwise nothing is pinned, and the description says why.
 */
export function placeOnCores(): CpuPlacement {
  const cores = availableParallelism();
  if (cores < 2) {
    return {
      pinned: false,
      serverPrefix: [],
      description: `not pinned: ${cores} core available, so the server shares it with the load`,
    };
  }
  if (!hasTaskset()) {
    return {
      pinned: false,
      serverPrefix: [],
      description: 'not pinned: taskset (util-linux) is not installed',
    };
  }
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  return {
    pinned: true,
    serverPrefix: ['taskset', '-c', '0'],
    description:
      `pinned: server on core 0 (taskset -c 0), load generator and OTLP receiver on core 1, ` +
      `of ${cores} cores`,
  };
}

/** Linux accounts CPU time in ticks of 1/USER_HZ s; USER_HZ is 100 on every mainstream kernel. */
const TICK_MS = 10;

function statTicks(file: string): number {
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU time (user + system) a process has used so far, every thread included, in ms. */
export function processCpuMs(pid: number): number {
  return statTicks(`/proc/${pid}/stat`) * TICK_MS;
}

/** CPU time of the process's main thread only (its event loop), in ms. */
export function mainThreadCpuMs(pid: number): number {
  return statTicks(`/proc/${pid}/task/${pid}/stat`) * TICK_MS;
}

/** Peak resident set size of a process so far (VmHWM), in MiB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}
