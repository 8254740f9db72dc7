/** `tracectl doctor`: gather once, run every check, print, exit 1 when any check fails. */
import { EXIT } from '../errors.js';
import type { Io } from '../io.js';
import type { Kube } from '../kube.js';
import { sidecarWorkloads } from '../workloads.js';
import { checkCollectorsReady, checkWebCors } from './checks-collectors.js';
import {
  accountsInUse,
  checkPodIdentity,
  checkServiceAccountRoles,
  checkTerraformArns,
  checkTerraformCluster,
} from './checks-identity.js';
import {
  checkCertManager,
  checkKubernetesVersion,
  checkOperatorCrd,
  checkOperatorVersion,
  checkWebhook,
} from './checks-platform.js';
import {
  checkInjectAnnotations,
  checkPodsInjected,
  checkSidecarConfig,
} from './checks-workloads.js';
import { checkSidecarShutdown } from './checks-shutdown.js';
import { gather } from './gather.js';
import { renderJson, renderTable, summarize } from './report.js';
import type { CheckResult } from './types.js';

export interface DoctorOptions {
  readonly namespace: string;
  readonly collectorNamespace: string;
  readonly terraformOutputs: string | undefined;
  readonly json: boolean;
}

export async function doctorChecks(kube: Kube, opts: DoctorOptions): Promise<CheckResult[]> {
  const d = await gather(kube, opts);
  const workloads = sidecarWorkloads(
    d.deployments,
    d.pods,
    d.namespace,
    d.namespaceAnnotations,
    d.collectors.byNamespace,
  );
  const accounts = accountsInUse(d, workloads);
  const checks = [
    checkOperatorCrd(d),
    checkOperatorVersion(d),
    checkCertManager(d),
    checkWebhook(d),
    checkKubernetesVersion(d),
    checkInjectAnnotations(d, workloads),
    checkPodsInjected(d, workloads),
    checkSidecarShutdown(d, workloads),
    checkSidecarConfig(d, workloads),
    checkServiceAccountRoles(accounts),
    checkPodIdentity(accounts),
    checkCollectorsReady(d, workloads),
    checkWebCors(d),
    checkTerraformCluster(d),
    checkTerraformArns(d),
  ];
  return checks.filter((c): c is CheckResult => c !== undefined);
}

export async function runDoctor(kube: Kube, opts: DoctorOptions, io: Io): Promise<number> {
  const checks = await doctorChecks(kube, opts);
  const context = {
    server: kube.server,
    namespace: opts.namespace,
    collectorNamespace: opts.collectorNamespace,
  };
  io.stdout.write(
    opts.json
      ? renderJson(checks, context)
      : renderTable(
          checks,
          `tracectl doctor: ${kube.server}, namespace ${opts.namespace}, collectors in ${opts.collectorNamespace}`,
        ),
  );
  return summarize(checks).fail > 0 ? EXIT.failed : EXIT.ok;
}
