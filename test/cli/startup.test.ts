// What a tracectl process loads: --help, usage errors and verify must not pay for the
// Kubernetes client, and only verify loads the X-Ray client. Checked on the real launcher
// (bin/tracectl.js) with a module resolve hook that records the two packages.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../testkit/process/ports.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const KUBE = '@kubernetes/client-node';
const XRAY = '@aws-sdk/client-xray';

/** A preload that prints, at exit, which of the two clients the process resolved. */
function hookFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tracectl-loads-')), 'hook.mjs');
  writeFileSync(
    path,
    `import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === '${KUBE}' || specifier === '${XRAY}') seen.add(specifier);
    return next(specifier, context);
  },
});
process.on('exit', () => process.stderr.write('loaded: ' + JSON.stringify([...seen].sort()) + '\\n'));
`,
  );
  return path;
}

function loadedBy(args: readonly string[]): Promise<{ code: number; loaded: string[] }> {
  const hook = hookFile();
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', hook, join(repoRoot, 'bin/tracectl.js'), ...args],
      { cwd: repoRoot, timeout: 120_000, env: { ...process.env, KUBECONFIG: '/nonexistent' } },
      (error, _stdout, stderr) => {
        const line = /^loaded: (.*)$/m.exec(stderr)?.[1];
        done({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          loaded: line ? (JSON.parse(line) as string[]) : ['(no report)'],
        });
      },
    );
  });
}

describe('what a tracectl process loads', () => {
  it('GIVEN --help, a command help and a usage error WHEN tracectl runs THEN neither client is loaded', async () => {
    for (const args of [['--help'], ['apply', '--help'], ['verify', '--nope']]) {
      const r = await loadedBy(args);
      expect({ args, loaded: r.loaded }).toEqual({ args, loaded: [] });
    }
  });

  it('GIVEN verify against a closed port WHEN it runs THEN it loads the X-Ray client only', async () => {
    const r = await loadedBy(['verify', '--api-url', `http://127.0.0.1:${await freePort()}`]);
    expect(r.code).toBe(1);
    expect(r.loaded).toEqual([XRAY]);
  });

  it('GIVEN doctor WHEN it runs THEN it loads the Kubernetes client, not the X-Ray one', async () => {
    const r = await loadedBy(['doctor']);
    expect(r.code).toBe(3); // no kubeconfig at /nonexistent
    expect(r.loaded).toEqual([KUBE]);
  });
});
