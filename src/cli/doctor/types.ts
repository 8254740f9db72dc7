/** What doctor gathers (all with list calls, in parallel) and what each check returns. */
import type {
  V1CustomResourceDefinition,
  V1Deployment,
  V1EndpointSlice,
  V1Pod,
  V1ServiceAccount,
  VersionInfo,
} from '@kubernetes/client-node';
import type { TerraformOutputs } from '../../terraform-outputs.js';
import type { CollectorIndex } from '../collectors.js';
import type { CliError } from '../errors.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** What doctor reports per pod (in --json, every pod). */
export interface PodShutdown {
  readonly pod: string;
  readonly deployment: string;
  readonly sidecarKind: 'native' | 'classic';
  readonly covered: boolean;
  /** The app container judged (the one with the tightest budget when there are several). */
  readonly appContainer: string;
  /** Latest second after termination starts at which the app may still export. */
  readonly appLastExportSeconds: number;
  readonly sidecarPreStopSeconds: number;
  readonly terminationGracePeriodSeconds: number;
  readonly problems: readonly string[];
}

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** One line saying what to do; set for warn and fail. */
  readonly fix?: string;
  /** Extra lines under the row of the table (not in --json, which has the full data). */
  readonly lines?: readonly string[];
  /** Per pod, for --json: the sidecar-shutdown check's verdicts. */
  readonly pods?: readonly PodShutdown[];
}

/**
 * A cluster-scoped read that may be forbidden to a namespace-scoped user: doctor then warns
 * that it could not check, instead of giving up on every other check.
 */
export type Maybe<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly notFound: boolean; readonly error: CliError };

export interface WebhookTarget {
  readonly configName: string;
  readonly namespace: string;
  readonly service: string;
  readonly failurePolicy: string;
}

export interface DoctorData {
  readonly namespace: string;
  readonly collectorNamespace: string;
  readonly version: Maybe<VersionInfo>;
  readonly collectorCrd: Maybe<V1CustomResourceDefinition>;
  readonly certManagerCrd: Maybe<V1CustomResourceDefinition>;
  readonly webhook: Maybe<WebhookTarget | undefined>;
  readonly webhookEndpoints: Maybe<V1EndpointSlice[]> | undefined;
  readonly operatorDeployments: Maybe<V1Deployment[]> | undefined;
  readonly namespaceAnnotations: Record<string, string> | undefined;
  readonly deployments: V1Deployment[];
  readonly pods: V1Pod[];
  readonly serviceAccounts: V1ServiceAccount[];
  readonly collectorPods: V1Pod[];
  readonly collectorServiceAccounts: V1ServiceAccount[];
  readonly collectors: CollectorIndex;
  readonly terraform: TerraformOutputs | undefined;
  /** The kubeconfig's name for the current cluster (for EKS, its ARN ends in cluster/<name>). */
  readonly kubeconfigCluster: string | undefined;
}

export const pass = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'pass',
  detail,
});
export const warn = (id: string, title: string, detail: string, fix: string): CheckResult => ({
  id,
  title,
  status: 'warn',
  detail,
  fix,
});
export const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({
  id,
  title,
  status: 'fail',
  detail,
  fix,
});

/** "a, b, c and 7 more": details stay one line even with 500 workloads. */
export function few(items: readonly string[], max = 3): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
