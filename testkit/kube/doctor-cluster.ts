/**
 * The FAKE cluster the doctor tests start from, and doctor run on it: the platform installed
 * (operator, cert-manager, webhook) and the charts' objects rolled out, so a test changes one
 * thing and reads which check notices.
 */
import type { CheckResult } from '../../src/cli/doctor/types.js';
import { settle } from './fake-controllers.js';
import { FakeKubeApiServer } from './fake-kube-apiserver.js';
import { installPlatform, OPERATOR_NS, synthManifests, tracectl } from './fixtures.js';

/** A running fake API server holding a healthy deploy. Stop it with `stop()`. */
export async function healthyCluster(): Promise<FakeKubeApiServer> {
  const fake = await new FakeKubeApiServer().start();
  installPlatform(fake);
  settle(fake, synthManifests());
  return fake;
}

export interface DoctorRun {
  readonly code: number;
  /** Each check by its id. */
  readonly checks: Map<string, CheckResult>;
  readonly stderr: string;
}

/** `tracectl doctor --json <args>` against the fake. */
export async function doctorJson(fake: FakeKubeApiServer, ...args: string[]): Promise<DoctorRun> {
  const r = await tracectl(fake, ['doctor', '--json', ...args]);
  const checks = r.stdout ? (JSON.parse(r.stdout) as { checks: CheckResult[] }).checks : [];
  return { code: r.code, checks: new Map(checks.map((c) => [c.id, c])), stderr: r.stderr };
}

/** Swaps the operator Deployment's image: its tag is the operator version doctor and the webhook read. */
export function setOperatorImage(fake: FakeKubeApiServer, image: string): void {
  fake.store.edit('apps/v1', 'Deployment', OPERATOR_NS, 'opentelemetry-operator', (d) => {
    (
      d.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0]!.image = image;
  });
}

/** The upstream operator image of one version. */
export const operatorImage = (version: string): string =>
  `ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator:${version}`;
