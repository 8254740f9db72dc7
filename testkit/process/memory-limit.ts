// A pod's memory limit for a benchmarked process. Node sizes its heap from the cgroup it runs in
// (process.constrainedMemory()), so the same service uses its memory differently on a 24 GiB
// machine and under a 256 MiB limit: the young generation alone grew to 64-128 MiB unconstrained.
// Each process gets a memory cgroup of its own with the pod's limit; where none can be made (no
// root, no writable memory controller), nothing is limited and the description says so.
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the benchmark's servers get their memory limit. */
export interface MemoryLimits {
  /** Whether each server runs in a memory cgroup of its own. */
  readonly limited: boolean;
  /** argv prefix that starts a program in a new cgroup with the limit; empty when not limited. */
  prefix(name: string): string[];
  /** One line for the benchmark's output. */
  readonly description: string;
  /** Removes the cgroups (call after their processes exited). */
  release(): void;
}

/** The cgroup v1 memory hierarchy, or the v2 root, if this process may make cgroups in it. */
function memoryHierarchy(): { dir: string; limitFile: string; probe: string } | undefined {
  const candidates = [
    { dir: '/sys/fs/cgroup/memory', limitFile: 'memory.limit_in_bytes' },
    { dir: '/sys/fs/cgroup', limitFile: 'memory.max' },
  ];
  for (const c of candidates) {
    const probe = join(c.dir, `bench-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      writeFileSync(join(probe, c.limitFile), String(64 * 1024 * 1024));
      return { ...c, probe };
    } catch {
      try {
        rmdirSync(probe);
      } catch {
        // not made
      }
    }
  }
  return undefined;
}

export function podMemoryLimits(limitMiB: number): MemoryLimits {
  const hierarchy = memoryHierarchy();
  if (hierarchy === undefined) {
    return {
      limited: false,
      prefix: () => [],
      description: `not limited: no writable memory cgroup (the pod's limit is ${limitMiB} MiB; run as root on Linux to apply it)`,
      release: () => undefined,
    };
  }
  rmdirSync(hierarchy.probe);
  const made: string[] = [];
  return {
    limited: true,
    prefix(name: string): string[] {
      const dir = join(hierarchy.dir, `bench-${process.pid}-${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, hierarchy.limitFile), String(limitMiB * 1024 * 1024));
      made.push(dir);
      // The shell joins the cgroup, then becomes the program: same pid, limit inherited.
      return ['sh', '-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', dir];
    },
    description: `memory: each server in a cgroup of its own limited to ${limitMiB} MiB, the pod's limit (Node sizes its heap from it)`,
    release(): void {
      for (const dir of made.splice(0)) {
        try {
          rmdirSync(dir);
        } catch {
          // a process is still in it; the kernel keeps it until then
        }
      }
    },
  };
}
