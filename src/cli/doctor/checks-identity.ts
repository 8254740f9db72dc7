/**
 * IRSA checks: the service accounts carry the role ARN, the pods were mutated by the EKS pod
 * identity webhook (AWS_ROLE_ARN in every container, incl. the sidecar, and the aws-iam-token
 * volume), and the ARNs match Terraform's outputs.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-configuration.html
 */
import type { V1Pod, V1ServiceAccount } from '@kubernetes/client-node';
import { PLACEHOLDER_ACCOUNT, TERRAFORM_BACKED_FIELDS } from '../../config.js';
import { IRSA_ROLE_ANNOTATION } from '../../contracts.js';
import { collectorMode } from '../inject.js';
import { isRunning, type SidecarWorkload } from '../workloads.js';
import { fail, few, pass, warn, type CheckResult, type DoctorData } from './types.js';

export const TOKEN_VOLUME = 'aws-iam-token';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/;

interface AccountUse {
  readonly namespace: string;
  readonly account: string;
  readonly sa: V1ServiceAccount | undefined;
  readonly pods: V1Pod[];
}

/** The accounts that matter: those of the sidecar workloads, and of the deployment-mode collectors. */
export function accountsInUse(d: DoctorData, workloads: readonly SidecarWorkload[]): AccountUse[] {
  const out = new Map<string, AccountUse>();
  const add = (
    namespace: string,
    account: string,
    sas: readonly V1ServiceAccount[],
    pods: readonly V1Pod[],
  ): void => {
    const key = `${namespace}/${account}`;
    const prev = out.get(key);
    const sa = sas.find((s) => s.metadata?.name === account);
    out.set(key, { namespace, account, sa, pods: [...(prev?.pods ?? []), ...pods] });
  };
  for (const w of workloads)
    add(
      d.namespace,
      w.deployment.spec?.template.spec?.serviceAccountName ?? 'default',
      d.serviceAccounts,
      w.pods,
    );
  for (const cr of d.collectors.byNamespace.get(d.collectorNamespace) ?? []) {
    if (collectorMode(cr) !== 'deployment') continue;
    const account = cr.spec?.serviceAccount ?? `${cr.metadata.name}-collector`;
    const pods = d.collectorPods.filter(
      (p) =>
        p.metadata?.labels?.['app.kubernetes.io/instance'] ===
          `${d.collectorNamespace}.${cr.metadata.name}` && isRunning(p),
    );
    add(d.collectorNamespace, account, d.collectorServiceAccounts, pods);
  }
  return [...out.values()];
}

export function checkServiceAccountRoles(accounts: readonly AccountUse[]): CheckResult {
  const id = 'irsa-service-account';
  const title = 'service account role';
  if (accounts.length === 0)
    return warn(
      id,
      title,
      'no service accounts in use by sidecar workloads or collectors',
      'run the other checks first',
    );
  const bad = accounts.filter(
    (a) => !ROLE_ARN.test(a.sa?.metadata?.annotations?.[IRSA_ROLE_ANNOTATION] ?? ''),
  );
  if (bad.length > 0) {
    const what = bad.map(
      (a) =>
        `${a.namespace}/${a.account} ${a.sa ? `has no valid ${IRSA_ROLE_ANNOTATION}` : 'does not exist'}`,
    );
    return fail(
      id,
      title,
      `${few(what, 2)}: the awsxray exporter will get AccessDenied`,
      `annotate it with the role ARN from terraform output (tracectl apply of the synthesized charts does), then restart its pods`,
    );
  }
  const placeholders = accounts.filter((a) =>
    a.sa?.metadata?.annotations?.[IRSA_ROLE_ANNOTATION]?.includes(`::${PLACEHOLDER_ACCOUNT}:`),
  );
  if (placeholders.length > 0) {
    return fail(
      id,
      title,
      `${few(placeholders.map((a) => `${a.namespace}/${a.account}`))} carry the placeholder account ${PLACEHOLDER_ACCOUNT}: synth ran without Terraform outputs`,
      'terraform -chdir=terraform output -json > terraform-outputs.json, then npm run synth and tracectl apply',
    );
  }
  return pass(
    id,
    title,
    few(accounts.map((a) => `${a.namespace}/${a.account}`)) + ' carry a role ARN',
  );
}

export function checkPodIdentity(accounts: readonly AccountUse[]): CheckResult {
  const id = 'irsa-pod-injection';
  const title = 'pod identity webhook';
  const problems: string[] = [];
  let checked = 0;
  for (const a of accounts) {
    const arn = a.sa?.metadata?.annotations?.[IRSA_ROLE_ANNOTATION];
    if (!arn) continue;
    for (const p of a.pods) {
      checked++;
      const containers = [
        ...(p.spec?.containers ?? []),
        ...(p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'),
      ];
      const lacking = containers
        .filter((c) => !(c.env ?? []).some((e) => e.name === 'AWS_ROLE_ARN' && e.value === arn))
        .map((c) => c.name);
      const hasVolume = (p.spec?.volumes ?? []).some((v) => v.name === TOKEN_VOLUME);
      if (!hasVolume) problems.push(`${p.metadata?.name}: no ${TOKEN_VOLUME} volume`);
      else if (lacking.length > 0)
        problems.push(`${p.metadata?.name}: ${lacking.join(', ')} without AWS_ROLE_ARN=${arn}`);
    }
  }
  if (problems.length > 0) {
    return fail(
      id,
      title,
      `${problems.length} of ${checked} pods: ${few(problems, 2)}`,
      'pods predate the role annotation, or the sidecar was injected after the identity webhook ran: restart them (tracectl restart --all)',
    );
  }
  if (checked === 0)
    return warn(
      id,
      title,
      'no running pods with an IRSA service account to inspect',
      'fix the service account check, then look again',
    );
  return pass(
    id,
    title,
    `${checked} pods have AWS_ROLE_ARN in every container and the ${TOKEN_VOLUME} volume`,
  );
}

export function checkTerraformArns(d: DoctorData): CheckResult | undefined {
  const tf = d.terraform;
  if (!tf) return undefined;
  const id = 'terraform-arns';
  const title = 'role ARNs match Terraform';
  const expected = [
    {
      ns: tf.prod_namespace ?? d.namespace,
      sa: tf.task_service_account ?? TERRAFORM_BACKED_FIELDS.taskServiceAccount.default,
      arn: tf.task_service_role_arn,
      output: 'task_service_role_arn',
    },
    {
      ns: tf.tracing_namespace ?? d.collectorNamespace,
      sa:
        tf.web_collector_service_account ??
        TERRAFORM_BACKED_FIELDS.webCollectorServiceAccount.default,
      arn: tf.web_collector_role_arn,
      output: 'web_collector_role_arn',
    },
  ];
  const problems: string[] = [];
  for (const e of expected) {
    if (!e.arn) {
      problems.push(`output ${e.output} missing`);
      continue;
    }
    const list =
      e.ns === d.namespace
        ? d.serviceAccounts
        : e.ns === d.collectorNamespace
          ? d.collectorServiceAccounts
          : undefined;
    if (!list) {
      problems.push(
        `${e.ns}/${e.sa} not checked (doctor looked at ${d.namespace} and ${d.collectorNamespace})`,
      );
      continue;
    }
    const actual = list.find((s) => s.metadata?.name === e.sa)?.metadata?.annotations?.[
      IRSA_ROLE_ANNOTATION
    ];
    if (actual !== e.arn)
      problems.push(`${e.ns}/${e.sa} has ${actual ?? 'no role'}, Terraform says ${e.arn}`);
  }
  if (problems.length > 0) {
    return fail(
      id,
      title,
      few(problems, 2),
      're-synthesize with the current terraform-outputs.json (npm run synth) and tracectl apply',
    );
  }
  return pass(id, title, expected.map((e) => `${e.ns}/${e.sa}`).join(', ') + ' match');
}

/**
 * With Terraform outputs: is the kubeconfig pointing at the cluster Terraform describes? `aws eks
 * update-kubeconfig` names the cluster by its ARN (arn:aws:eks:<region>:<account>:cluster/<name>).
 */
export function checkTerraformCluster(d: DoctorData): CheckResult | undefined {
  const expected = d.terraform?.cluster_name;
  const actual = /:cluster\/(.+)$/.exec(d.kubeconfigCluster ?? '')?.[1];
  if (!expected || !actual) return undefined;
  const id = 'terraform-cluster';
  const title = 'cluster matches Terraform';
  if (actual !== expected) {
    return fail(
      id,
      title,
      `kubeconfig points at cluster ${actual}, Terraform output cluster_name is ${expected}`,
      `aws eks update-kubeconfig --name ${expected}, or pass the matching --terraform-outputs`,
    );
  }
  return pass(id, title, `cluster ${actual}`);
}
