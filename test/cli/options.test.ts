// The command definitions drive parsing: defaults of left-out arguments, paths resolved against
// the working directory, and the apply directory agreeing with where cdk8s synthesizes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { applyCommand } from '../../src/cli/apply/command.js';
import { defineCommand } from '../../src/cli/command.js';
import { parseCommandLine } from '../../src/cli/options.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { tracectl } from '../../testkit/kube/fixtures.js';

const repoRoot = join(import.meta.dirname, '../..');

describe('positional arguments', () => {
  const copy = defineCommand({
    name: 'copy',
    summary: 's',
    usage: '[from] [to]',
    description: 'd',
    positionals: [
      { name: 'from', description: 'source', default: 'in' },
      { name: 'to', description: 'target', default: 'out' },
    ],
    options: {},
    usesKube: false,
    run: () => Promise.resolve(0),
  });

  it.each([
    [[], ['in', 'out']],
    [['a'], ['a', 'out']],
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
  ])(
    'GIVEN arguments %j WHEN parsed THEN the left-out ones take their defined defaults: %j',
    (args, expected) => {
      expect(parseCommandLine(copy, args, '/work').positionals).toEqual(expected);
    },
  );

  it("GIVEN apply's dir argument WHEN compared with cdk8s.yaml THEN its default is where npm run synth writes", () => {
    const { output } = parse(readFileSync(join(repoRoot, 'cdk8s.yaml'), 'utf8')) as {
      output: string;
    };
    expect(parseCommandLine(applyCommand, [], '/work').positionals).toEqual([output]);
    expect(applyCommand.summary).toContain(`(default dir: ${output})`);
  });
});

describe('--kubeconfig', () => {
  let fake: FakeKubeApiServer;
  beforeEach(async () => {
    fake = await new FakeKubeApiServer().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('GIVEN a relative --kubeconfig WHEN parsed THEN it is resolved against the working directory', () => {
    expect(parseCommandLine(applyCommand, ['--kubeconfig', 'kc/config'], '/work').kubeconfig).toBe(
      '/work/kc/config',
    );
  });

  it('GIVEN a kubeconfig file in the working directory WHEN tracectl runs with --kubeconfig and its relative name THEN it reaches that cluster', async () => {
    fake.store.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } });
    // The runner writes the fake's kubeconfig as ./kubeconfig in the directory it runs in.
    const r = await tracectl(fake, ['restart', '--all', '--dry-run', '--kubeconfig', 'kubeconfig']);

    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(
      fake.requests.some((q) => q.startsWith('GET /apis/apps/v1/namespaces/prod/deployments')),
    ).toBe(true);
  });
});
