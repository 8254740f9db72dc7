/**
 * `tracectl doctor` against a namespace with 500 Deployments and 1,500 pods, on the FAKE API
 * server (testkit/kube: no real kube-apiserver runs here). Budget: under 2 s. Printed side
 * by side with the small two-Deployment namespace, so the ratio shows how doctor scales and the
 * request counts show that it lists instead of fetching per object.
 *
 * Run: npm run bench:doctor
 */
import { performance } from 'node:perf_hooks';
import {
  collectorConfigHash,
  INJECT_ANNOTATION,
  SIDECAR_CONFIG_HASH_ANNOTATION,
} from '../../src/contracts.js';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { podsFor, settle } from '../../testkit/kube/fake-controllers.js';
import {
  installPlatform,
  sidecarConfig,
  synthManifests,
  tracectl,
} from '../../testkit/kube/fixtures.js';

const DEPLOYMENTS = 500;
const PODS = 1500;
const RUNS = 5;
const BUDGET_MS = 2000;

/** Adds Deployments (3 pods each, the remainder on the first) to the two the charts make. */
async function cluster(extraDeployments: number, extraPods: number): Promise<FakeKubeApiServer> {
  const fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
  settle(fake, synthManifests());
  const annotations = {
    [INJECT_ANNOTATION]: 'otel-sidecar',
    [SIDECAR_CONFIG_HASH_ANNOTATION]: collectorConfigHash(sidecarConfig),
  };
  for (let i = 0; i < extraDeployments; i++) {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const replicas = i === 0 ? extraPods - 3 * (extraDeployments - 1) : 3;
    const { obj } = fake.store.put({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'prod' },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name }, annotations },
          spec: {
            serviceAccountName: 'task-service',
            containers: [{ name: 'app', image: 'example/app:1' }],
          },
        },
      },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        availableReplicas: replicas,
      },
    });
    for (const pod of podsFor(fake, obj)) fake.store.put(pod);
  }
  return fake;
}

async function measure(
  fake: FakeKubeApiServer,
): Promise<{ times: number[]; requests: number; code: number }> {
  const times: number[] = [];
  let requests = 0;
  let code = -1;
  for (let i = 0; i < RUNS; i++) {
    const before = fake.requests.length;
    const t0 = performance.now();
    const r = await tracectl(fake, ['doctor', '--json']);
    times.push(performance.now() - t0);
    requests = fake.requests.length - before;
    code = r.code;
  }
  return { times, requests, code };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => `${x.toFixed(0).padStart(5)} ms`;

const small = await cluster(0, 0);
// The charts' task-service and task-web bring 2 Deployments and 4 pods.
const large = await cluster(DEPLOYMENTS - 2, PODS - 4);
const podCount = large.store.list(large.store.typeFor('v1', 'Pod')!, 'prod').length;
const deploymentCount = large.store.list(
  large.store.typeFor('apps/v1', 'Deployment')!,
  'prod',
).length;
// Warm-up (module loading, JIT) on the small cluster, not counted.
await tracectl(small, ['doctor', '--json']);
const s = await measure(small);
const l = await measure(large);
await small.stop();
await large.stop();

console.log(
  `tracectl doctor, fake API server on loopback, ${RUNS} runs each (wall time, in-process)`,
);
console.log(`namespace                          first     median    max       requests/run  exit`);
console.log(
  `small: 2 Deployments, 4 pods      ${ms(s.times[0]!)}  ${ms(median(s.times))}  ${ms(Math.max(...s.times))}  ${String(s.requests).padStart(12)}  ${s.code}`,
);
console.log(
  `large: ${deploymentCount} Deployments, ${podCount} pods ${ms(l.times[0]!)}  ${ms(median(l.times))}  ${ms(Math.max(...l.times))}  ${String(l.requests).padStart(12)}  ${l.code}`,
);
console.log(
  `large/small median ratio: ${(median(l.times) / median(s.times)).toFixed(1)}x; requests equal: ${s.requests === l.requests}`,
);
const worst = Math.max(...l.times);
console.log(
  `budget < ${BUDGET_MS} ms on the large namespace: ${worst < BUDGET_MS ? 'PASS' : 'FAIL'} (slowest run ${worst.toFixed(0)} ms)`,
);
if (worst >= BUDGET_MS) process.exitCode = 1;
