import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Kube, loadKubeConfig } from '../../src/cli/kube.js';
import { Progress } from '../../src/cli/progress.js';
import { deploymentRolloutState } from '../../src/cli/rollout.js';
import { waitForRollouts } from '../../src/cli/wait.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { completeRollout } from '../../testkit/kube/fake-controllers.js';
import { synthManifests } from '../../testkit/kube/fixtures.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let fake: FakeKubeApiServer;
let kube: Kube;

beforeEach(async () => {
  fake = await new FakeKubeApiServer().start();
  const dir = mkdtempSync(join(tmpdir(), 'kc-'));
  writeFileSync(join(dir, 'config'), fake.kubeconfig());
  kube = new Kube(loadKubeConfig({ env: { KUBECONFIG: join(dir, 'config') }, home: dir }));
  for (const o of synthManifests().filter((m) =>
    ['Namespace', 'ServiceAccount', 'Deployment'].includes(m.kind),
  ))
    fake.store.put(o);
});

afterEach(async () => {
  await fake.stop();
});

describe('rollout completion (kubectl rollout status rules)', () => {
  const base = { metadata: { generation: 2 }, spec: { replicas: 2 } };
  it.each([
    [
      { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      false,
      'waiting for the deployment controller to observe the new spec',
    ],
    [
      { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 1 },
      false,
      '1 of 2 new replicas updated',
    ],
    [
      { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 },
      false,
      '1 old replicas pending termination',
    ],
    [
      { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 },
      false,
      '1 of 2 updated replicas available',
    ],
    [
      { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      true,
      'rolled out (2/2 available)',
    ],
  ])('GIVEN status %j WHEN judged THEN done=%s: %s', (status, done, message) => {
    expect(deploymentRolloutState({ ...base, status })).toEqual({ done, failed: false, message });
  });
});

describe('waiting with a watch', () => {
  it('GIVEN the API server closes the watch mid-rollout WHEN the rollout then completes THEN the restarted watch still sees it', async () => {
    let out = '';
    const pending = waitForRollouts(
      kube,
      [{ namespace: 'prod', name: 'task-web', label: 'deployment prod/task-web' }],
      {
        timeoutMs: 20_000,
        out: { write: (t: string) => (out += t) },
      },
    );
    const watch = /^GET \/apis\/apps\/v1\/namespaces\/prod\/deployments\?.*watch=true/;
    const first = await fake.untilRequest(watch);
    fake.closeWatches();
    await fake.untilRequest(watch, first + 1);
    completeRollout(fake, 'prod', 'task-web');

    const result = await pending;

    expect(result.ok).toBe(true);
    expect(out).toContain('ok   deployment prod/task-web: rolled out (2/2 available)');
  });

  it('GIVEN a rollout that makes no progress and a watch that goes quiet WHEN the wait times out THEN the routine idle reconnects are not reported as watch errors', async () => {
    // client-node's inactivity timeout is 30 s; shortened so the quiet-watch reconnect happens here.
    (kube.watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs = 200;
    let out = '';

    const result = await waitForRollouts(
      kube,
      [{ namespace: 'prod', name: 'task-web', label: 'deployment prod/task-web' }],
      { timeoutMs: 2500, out: { write: (t: string) => (out += t) } },
    );

    expect(result.timedOut).toBe(true);
    expect(fake.requests.filter((r) => r.includes('watch=true')).length).toBeGreaterThan(1);
    expect(out).toMatch(
      /^FAIL deployment prod\/task-web: timed out: waiting for the deployment controller/m,
    );
    expect(out).not.toContain('last watch error');
  });

  it('GIVEN watching is forbidden WHEN waiting THEN it fails at once with the 403 line', async () => {
    fake.forbid('watch', 'deployments', 'prod');
    const wait = waitForRollouts(kube, [{ namespace: 'prod', name: 'task-web', label: 'x' }], {
      timeoutMs: 20_000,
      out: { write: () => true },
    });
    await expect(wait).rejects.toThrow(
      'forbidden: you may not watch deployments.apps in namespace "prod" (403)',
    );
  });
});

describe('progress display', () => {
  const item = (message: string, done = false) => ({
    label: 'deployment prod/a',
    done,
    failed: false,
    message,
  });

  it('GIVEN a pipe (no TTY) WHEN states repeat THEN one plain line per change, no control characters', () => {
    let out = '';
    const p = new Progress({ write: (t: string) => (out += t), isTTY: false }, () => 0);
    p.update([item('1 of 2 new replicas updated')]);
    p.update([item('1 of 2 new replicas updated')]);
    p.update([item('rolled out (2/2 available)', true)]);
    p.finish([item('rolled out (2/2 available)', true)]);
    expect(out).toBe(
      '[  0s] deployment prod/a: 1 of 2 new replicas updated\n[  0s] deployment prod/a: rolled out (2/2 available)\nok   deployment prod/a: rolled out (2/2 available)\n',
    );
  });

  it('GIVEN a terminal WHEN states change THEN one live line is redrawn in place and cleared at the end', () => {
    let out = '';
    const p = new Progress({ write: (t: string) => (out += t), isTTY: true }, () => 0);
    p.update([item('1 of 2 new replicas updated')]);
    p.finish([item('rolled out (2/2 available)', true)]);
    expect(out).toBe(
      '\r\x1b[2K| waiting 0/1 ready (0s) · deployment prod/a: 1 of 2 new replicas updated\r\x1b[2Kok   deployment prod/a: rolled out (2/2 available)\n',
    );
  });
});
