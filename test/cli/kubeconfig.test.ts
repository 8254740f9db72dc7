import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadKubeConfig } from '../../src/cli/kube.js';

/** A kubeconfig file with one cluster/user/context per name, all pointing at `server`. */
function kubeconfigFile(
  dir: string,
  file: string,
  currentContext: string | undefined,
  entries: { name: string; server: string }[],
): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: entries.map((e) => ({ name: e.name, cluster: { server: e.server } })),
      users: entries.map((e) => ({ name: e.name, user: { token: `token-${file}` } })),
      contexts: entries.map((e) => ({ name: e.name, context: { cluster: e.name, user: e.name } })),
      ...(currentContext ? { 'current-context': currentContext } : {}),
    }),
  );
  return path;
}

describe('kubeconfig loading with several $KUBECONFIG files (kubectl merge rules)', () => {
  it('GIVEN two files that each set current-context WHEN loaded THEN the first file wins, as in kubectl', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-merge-'));
    const a = kubeconfigFile(dir, 'a', 'prod', [{ name: 'prod', server: 'https://prod.example' }]);
    const b = kubeconfigFile(dir, 'b', 'dev', [{ name: 'dev', server: 'https://dev.example' }]);

    const kc = loadKubeConfig({ env: { KUBECONFIG: [a, b].join(delimiter) }, home: dir });

    expect(kc.getCurrentContext()).toBe('prod');
    expect(kc.getCurrentCluster()?.server).toBe('https://prod.example');
    expect(kc.getContexts().map((c) => c.name)).toEqual(['prod', 'dev']);
  });

  it('GIVEN a name defined in two files WHEN loaded THEN the first definition wins instead of failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-merge-'));
    const a = kubeconfigFile(dir, 'a', undefined, [
      { name: 'eks', server: 'https://first.example' },
    ]);
    const b = kubeconfigFile(dir, 'b', 'eks', [{ name: 'eks', server: 'https://second.example' }]);

    const kc = loadKubeConfig({ env: { KUBECONFIG: [a, b].join(delimiter) }, home: dir });

    expect(kc.getCurrentContext()).toBe('eks'); // the first file sets none, so the second's applies
    expect(kc.getCurrentCluster()?.server).toBe('https://first.example');
    expect(kc.getCurrentUser()?.token).toBe('token-a');
  });
});
