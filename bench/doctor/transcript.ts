/**
 * Prints a transcript of tracectl runs against the FAKE API server (testkit/kube), on the
 * real chart output: the example output in the README section comes from here.
 *
 * Run: npx tsx bench/doctor/transcript.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApiServer } from '../../testkit/kube/fake-kube-apiserver.js';
import { synthCharts } from '../../testkit/kube/charts.js';
import { startControllers } from '../../testkit/kube/fake-controllers.js';
import {
  installPlatform,
  OPERATOR_NS,
  TASK_ROLE,
  tracectl,
  WEB_ROLE,
} from '../../testkit/kube/fixtures.js';

const fake = await new FakeKubeApiServer().start();
installPlatform(fake);
const stop = startControllers(fake);
const { dir, outputsFile } = synthCharts({
  task_service_role_arn: TASK_ROLE,
  web_collector_role_arn: WEB_ROLE,
});

/** `server: null` runs without a kubeconfig. */
async function show(
  args: string[],
  env?: NodeJS.ProcessEnv,
  server: FakeKubeApiServer | null = fake,
): Promise<void> {
  const shown = args.map((a) =>
    a === dir ? 'dist' : a === outputsFile ? 'terraform-outputs.json' : a,
  );
  const r = await tracectl(server ?? undefined, args, env);
  const text = (r.stdout + r.stderr)
    .replaceAll(dir, 'dist')
    .replaceAll(fake.url, 'https://ABC123.gr7.us-east-1.eks.amazonaws.com');
  console.log(`$ tracectl ${shown.join(' ')}\n${text}(exit ${r.code})\n`);
}

const edit = (...args: Parameters<FakeKubeApiServer['store']['edit']>): void =>
  fake.store.edit(...args);

await show(['apply', dir, '--dry-run']);
await show(['apply', dir]);
await show(['apply', dir]);
await show(['doctor', '--terraform-outputs', outputsFile!]);

console.log(
  '# now break things: edit the sidecar CR in place, a CORS "*", webhook down, Kubernetes 1.28\n',
);
stop();
edit('opentelemetry.io/v1beta1', 'OpenTelemetryCollector', 'prod', 'otel-sidecar', (cr) => {
  (cr.spec as { config: { processors: { batch: object } } }).config.processors.batch = {
    timeout: '5s',
  };
});
edit('opentelemetry.io/v1beta1', 'OpenTelemetryCollector', 'tracing', 'otel-web', (cr) => {
  const http = (
    cr.spec as {
      config: {
        receivers: { otlp: { protocols: { http: { cors: { allowed_origins: string[] } } } } };
      };
    }
  ).config.receivers.otlp.protocols.http;
  http.cors.allowed_origins = ['*'];
});
edit(
  'discovery.k8s.io/v1',
  'EndpointSlice',
  OPERATOR_NS,
  'opentelemetry-operator-webhook-abcde',
  (s) => {
    s.endpoints = [{ addresses: ['10.0.0.5'], conditions: { ready: false } }];
  },
);
fake.setKubernetesVersion('1.28');
await show(['doctor']);
startControllers(fake);
await show(['restart', '--stale']);

console.log('# errors\n');
const home = mkdtempSync(join(tmpdir(), 'home-'));
await show(['doctor'], {}, null);
const dead = await new FakeKubeApiServer().start();
const kc = join(home, 'dead-kubeconfig');
writeFileSync(kc, dead.kubeconfig());
await dead.stop();
await show(['doctor', '--kubeconfig', kc], {}, null);
fake.tokenExpired = true;
await show(['doctor']);
fake.tokenExpired = false;
fake.forbid('list', 'pods', 'prod');
await show(['doctor']);
const bare = await new FakeKubeApiServer().start();
await show(['apply', dir], undefined, bare);
await bare.stop();
await fake.stop();
process.exit(0);
