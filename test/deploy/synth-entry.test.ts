import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './helpers/manifests.js';
import { validateAgainstSchema } from './helpers/schema.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const ENTRY = join(ROOT, 'charts/main.ts');

/** The test runner's environment minus TRACING_* settings, so a developer's shell cannot steer the test. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TRACING_')),
  );
}

/** Runs the cdk8s entry point the way `cdk8s synth` does, in a scratch working directory. */
async function synthIn(
  env: Record<string, string>,
): Promise<{ code: number; stderr: string; outdir: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'synth-'));
  const outdir = join(cwd, 'dist');
  for (const [name, text] of Object.entries(env)) {
    if (name.startsWith('FILE:')) writeFileSync(join(cwd, name.slice(5)), text);
  }
  const childEnv = Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('FILE:')));
  try {
    const { stderr } = await run(TSX, [ENTRY], {
      cwd,
      env: { ...inheritedEnv(), ...childEnv, CDK8S_OUTDIR: outdir },
    });
    return { code: 0, stderr, outdir };
  } catch (err) {
    const failure = err as { code: number; stderr: string };
    return { code: failure.code, stderr: failure.stderr, outdir };
  }
}

describe('GIVEN the synth entry point without Terraform outputs', () => {
  it('THEN it writes ordered, schema-valid files and prints exactly one warning line', async () => {
    const { code, stderr, outdir } = await synthIn({});
    expect(code).toBe(0);
    const lines = stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: .*PLACEHOLDER ARNs/);
    const files = readdirSync(outdir).sort();
    expect(files).toEqual([
      '0000-namespaces.k8s.yaml',
      '0001-tracing.k8s.yaml',
      '0002-task-service.k8s.yaml',
      '0003-task-web.k8s.yaml',
    ]);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(join(outdir, file), 'utf8'))) {
        validateAgainstSchema(doc.toJS() as K8sObject);
      }
    }
    // Within the task-service file the sidecar CR precedes the Deployment: pods created before
    // the CR exists are not injected.
    const kinds = parseAllDocuments(
      readFileSync(join(outdir, '0002-task-service.k8s.yaml'), 'utf8'),
    ).map((d) => (d.toJS() as K8sObject).kind);
    expect(kinds.indexOf('OpenTelemetryCollector')).toBeLessThan(kinds.indexOf('Deployment'));
  });
});

describe('GIVEN strict mode without Terraform outputs', () => {
  it('THEN synth exits 1 with the fix and writes nothing', async () => {
    const { code, stderr, outdir } = await synthIn({ TRACING_STRICT: '1' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^synth failed: TRACING_STRICT is set and no Terraform outputs at .*terraform -chdir=terraform output -json/,
    );
    expect(() => readdirSync(outdir)).toThrow();
  });
});

describe('GIVEN a bad config value', () => {
  it('THEN synth exits 1 naming the field, the value and the fix, without a stack trace', async () => {
    const { code, stderr } = await synthIn({ TRACING_WEB_ORIGINS: '*' });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'config.webOrigins.0 = "*" (from env TRACING_WEB_ORIGINS): Wildcards are refused',
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('GIVEN remote sampling turned on', () => {
  it("THEN synth passes the service's preflight (its reader accepts OTEL_TRACES_SAMPLER=xray) and writes the charts", async () => {
    const { code, stderr, outdir } = await synthIn({ TRACING_REMOTE_SAMPLING: 'true' });
    expect(code, stderr).toBe(0);
    expect(readdirSync(outdir).length).toBeGreaterThan(0);
  });
});
