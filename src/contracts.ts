/**
 * Names and keys that several parts of the project must agree on: the charts write them,
 * the cluster CLI reads them back. Keep them here, once.
 */
import { createHash } from 'node:crypto';

/** Pod-template annotation the OpenTelemetry Operator's webhook reads to inject a sidecar. */
export const INJECT_ANNOTATION = 'sidecar.opentelemetry.io/inject';

/**
 * Name the OpenTelemetry Operator gives the collector container it injects (`naming.Container()`
 * in the operator), in `containers` (classic) or `initContainers` (native sidecar).
 */
export const SIDECAR_CONTAINER_NAME = 'otc-container';

/** Label the operator puts on pods it injected a sidecar into. */
export const INJECTED_LABEL = 'sidecar.opentelemetry.io/injected';

/**
 * Pod-template annotation holding the hash of the sidecar collector's config. A config change
 * changes the pod template, so `kubectl apply` rolls the pods (the operator does not:
 * opentelemetry-operator #553, #2078).
 */
export const SIDECAR_CONFIG_HASH_ANNOTATION = 'tracing.eks-xray.dev/sidecar-config-hash';

/**
 * Pod-template annotation holding the hash of the rest of what the operator copies from the
 * sidecar CR into the injected container: image, resources, securityContext and lifecycle. A
 * change there (an ADOT image bump, a longer preStop) rolls the pods on apply too, which the
 * operator never does; spec.config has its own hash, which tracectl compares with the live CR.
 */
export const SIDECAR_SPEC_HASH_ANNOTATION = 'tracing.eks-xray.dev/sidecar-spec-hash';

/** Service-account annotation that IRSA (the EKS pod identity webhook) reads. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * Namespace label that makes the AWS Load Balancer Controller add a readiness gate to new pods
 * behind `target-type: ip` targets, so a rollout waits until the ALB sees the new pod healthy.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/
 */
export const ALB_READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

/** What `kubectl rollout restart` patches onto a pod template. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Field manager for server-side apply by tracectl. */
export const FIELD_MANAGER = 'tracectl';

/** Audience IRSA tokens are issued for; the IAM trust policy checks it. */
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

/** The subject an IRSA role must trust for a given service account. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/** JSON with object keys sorted at every level, so equal values always serialize the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

/**
 * Stable hash of a collector config (`spec.config` of an OpenTelemetryCollector): the charts put
 * it on the pod template, and `tracectl restart --stale` recomputes it from the live CR. The
 * charts hash the CR's container fields the same way. Key order does not matter; any value
 * change does.
 */
export function collectorConfigHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}
