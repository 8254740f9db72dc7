// Readiness on an output line: it resolves on the event, and a failure says what it waited for.
import { describe, expect, it } from 'vitest';
import { startChild } from '../../testkit/process/child.js';

const node = process.execPath;
const quiet = { onLine: () => undefined, detached: false };

describe('GIVEN a child process and waitForLine', () => {
  it('WHEN the line is printed THEN it resolves with that line', async () => {
    const child = startChild({
      ...quiet,
      name: 'ready',
      command: node,
      args: [
        '-e',
        'console.log("warming up"); console.log("ready on 1234"); setInterval(() => {}, 1000)',
      ],
    });
    try {
      const line = await child.waitForLine((l) => l.startsWith('ready on'), {
        what: 'its ready line',
      });
      expect(line).toBe('ready on 1234');
    } finally {
      await child.stop();
    }
  });

  it('WHEN the child exits first THEN the error names the child, the exit, what it waited for and the last output', async () => {
    const child = startChild({
      ...quiet,
      name: 'crasher',
      command: node,
      args: ['-e', 'console.error("config missing: PORT"); process.exit(4)'],
    });
    await expect(
      child.waitForLine(() => false, { what: 'the "listening" log line' }),
    ).rejects.toThrow(
      'crasher exited with code 4 before it printed the "listening" log line. Last output:\n  config missing: PORT',
    );
  });

  it('WHEN the line never comes THEN it rejects after the timeout with the last output, and the child keeps running', async () => {
    const child = startChild({
      ...quiet,
      name: 'silent',
      command: node,
      args: ['-e', 'console.log("still starting"); setInterval(() => {}, 1000)'],
    });
    try {
      await child.waitForLine((l) => l === 'still starting', { what: 'its first line' });
      await expect(
        child.waitForLine(() => false, { what: 'its port', timeoutMs: 100 }),
      ).rejects.toThrow(
        /silent \(pid \d+\) did not print its port within 100 ms .*Last output:\n {2}still starting/s,
      );
      expect(child.tail()).toEqual(['still starting']);
    } finally {
      const exit = await child.stop();
      expect(exit.signal).toBe('SIGTERM');
    }
  });
});
