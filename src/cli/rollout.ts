/**
 * When is a Deployment rolled out? The same answer as `kubectl rollout status`
 * (kubectl/pkg/polymorphichelpers/rollout_status.go, DeploymentStatusViewer).
 */

/** The fields read, as found in both typed client objects and raw watch events. */
export interface DeploymentLike {
  metadata?: { name?: string; namespace?: string; generation?: number };
  spec?: { replicas?: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type?: string; reason?: string }[];
  };
}

export interface RolloutState {
  /** The rollout finished (successfully or not); nothing more to wait for. */
  readonly done: boolean;
  /** Finished because the progress deadline passed. */
  readonly failed: boolean;
  readonly message: string;
}

export function deploymentRolloutState(d: DeploymentLike): RolloutState {
  const s = d.status ?? {};
  const generation = d.metadata?.generation ?? 0;
  if (generation > (s.observedGeneration ?? 0)) {
    return {
      done: false,
      failed: false,
      message: 'waiting for the deployment controller to observe the new spec',
    };
  }
  const progressing = s.conditions?.find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return {
      done: true,
      failed: true,
      message:
        'exceeded its progress deadline (kubectl describe deployment and the pod events say why)',
    };
  }
  const want = d.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  const total = s.replicas ?? 0;
  const available = s.availableReplicas ?? 0;
  if (updated < want) {
    return { done: false, failed: false, message: `${updated} of ${want} new replicas updated` };
  }
  if (total > updated) {
    return {
      done: false,
      failed: false,
      message: `${total - updated} old replicas pending termination`,
    };
  }
  if (available < updated) {
    return {
      done: false,
      failed: false,
      message: `${available} of ${updated} updated replicas available`,
    };
  }
  return { done: true, failed: false, message: `rolled out (${available}/${want} available)` };
}
