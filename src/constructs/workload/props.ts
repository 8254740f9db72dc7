import type * as kplus from 'cdk8s-plus-28';
import type { AdotCollector } from '../adot-collector/adot-collector.js';
import type { IrsaServiceAccount } from '../irsa-service-account.js';
import type { JsonConfigMap } from '../json-config-map.js';

/** A JsonConfigMap's single file, mounted read-only at an exact path. */
export interface MountedFile {
  readonly configMap: JsonConfigMap;
  readonly mountPath: string;
}

export interface SecureWorkloadProps {
  /** Name of the Deployment, Service, PodDisruptionBudget and container. */
  readonly name: string;
  readonly namespace: string;
  /** Image with a pinned tag or digest. */
  readonly image: string;
  /** Container port (unprivileged), named `http`. */
  readonly port: number;
  /** uid the container runs as; must match the image's user. */
  readonly runAsUser: number;
  readonly livenessPath: string;
  readonly readinessPath: string;
  /** @default 2 */
  readonly replicas?: number;
  /** PodDisruptionBudget minAvailable. @default 1 */
  readonly minAvailable?: number;
  /**
   * Service account the pods (and an injected sidecar) run as, in the same namespace.
   * @default none: the namespace's default account, with no API token mounted
   */
  readonly serviceAccount?: IrsaServiceAccount;
  /**
   * Sidecar-mode collector to inject, in the same namespace. The workload sets the inject
   * annotation and the collector's config and container hashes on its pod template (so any
   * change to what gets injected rolls the pods), and is applied after it.
   * @default none
   */
  readonly sidecar?: AdotCollector;
  /** Environment, in order ($(VAR) references see only earlier entries). @default {} */
  readonly env?: Readonly<Record<string, kplus.EnvValue>>;
  /** @default requests 100m/128Mi, limits 500m/256Mi */
  readonly resources?: kplus.ContainerResources;
  /** Directories that get an emptyDir, since the root filesystem is read-only. @default [] */
  readonly writableDirs?: readonly string[];
  /** Files from JsonConfigMaps; their hash goes on the pod template so edits roll the pods. @default [] */
  readonly files?: readonly MountedFile[];
  /** @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds the container waits in a preStop hook before it gets SIGTERM. Behind an ALB, a pod
   * being deleted still receives new connections until its target is deregistered; without the
   * wait they are refused and the ALB answers 502. `exec sleep` rather than the `sleep` action,
   * so the app container works on clusters older than Kubernetes 1.30.
   * @default 0 (no preStop hook)
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/
   */
  readonly preStopSleepSeconds?: number;
}
