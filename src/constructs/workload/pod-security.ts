import * as kplus from 'cdk8s-plus-28';

/**
 * Security contexts that satisfy the Pod Security Standards "restricted" profile, which the
 * namespaces enforce. cdk8s-plus already defaults to non-root, a read-only root filesystem and no
 * privilege escalation; these state them anyway, so the hardening reads here and not in a
 * library default. Seccomp is set per container (the pod-level field is not in cdk8s-plus): an
 * injected sidecar carries its own from the collector CR.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export function restrictedPodSecurityContext(uid: number): kplus.PodSecurityContextProps {
  return { ensureNonRoot: true, user: uid, group: uid, fsGroup: uid };
}

export function restrictedContainerSecurityContext(
  uid: number,
): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}
