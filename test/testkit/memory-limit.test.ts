import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { podMemoryLimits, type MemoryLimits } from '../../testkit/process/memory-limit.js';

let limits: MemoryLimits | undefined;
afterEach(() => limits?.release());

describe('podMemoryLimits: a benchmarked server under the pod memory limit', () => {
  it('GIVEN a 192 MiB limit WHEN a process starts with the prefix THEN Node sees exactly that limit, or the description says why nothing is limited', () => {
    limits = podMemoryLimits(192);
    const prefix = limits.prefix('probe');
    const seen = Number(
      execFileSync(prefix[0] ?? process.execPath, [
        ...prefix.slice(1),
        ...(prefix.length > 0 ? [process.execPath] : []),
        '-p',
        'process.constrainedMemory()',
      ]).toString(),
    );
    if (limits.limited) {
      expect(seen).toBe(192 * 1024 * 1024);
      expect(limits.description).toContain('192 MiB');
    } else {
      expect(prefix).toEqual([]);
      expect(limits.description).toMatch(/^not limited: /);
    }
  });
});
