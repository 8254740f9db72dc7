/** Workload checks: the inject annotation resolves, pods really got a sidecar, the sidecar config is current. */
import { INJECT_ANNOTATION, INJECTED_LABEL } from '../../contracts.js';
import {
  isInjected,
  SIDECAR_CONTAINER,
  sidecarContainer,
  staleness,
  type SidecarWorkload,
} from '../workloads.js';
import { fail, few, pass, warn, type CheckResult, type DoctorData } from './types.js';

export function checkInjectAnnotations(
  d: DoctorData,
  workloads: readonly SidecarWorkload[],
): CheckResult {
  const id = 'inject-annotation';
  const title = 'inject annotation resolves';
  if (workloads.length === 0) {
    return warn(
      id,
      title,
      `no Deployment in ${d.namespace} has ${INJECT_ANNOTATION} on its pod template`,
      `add the annotation to the pod template (not the Deployment metadata), e.g. ${INJECT_ANNOTATION}: otel-sidecar`,
    );
  }
  const bad = workloads.filter((w) => !w.resolution.ok);
  if (bad.length > 0) {
    const first = bad[0]!.resolution;
    const problems = bad.map((w) => `${w.name}: ${w.resolution.ok ? '' : w.resolution.problem}`);
    return fail(
      id,
      title,
      `${bad.length} of ${workloads.length}: ${few(problems, 2)}`,
      first.ok ? '' : first.fix,
    );
  }
  const targets = [
    ...new Set(
      workloads.map((w) =>
        w.resolution.ok
          ? `${w.resolution.collector.metadata.namespace}/${w.resolution.collector.metadata.name}`
          : '',
      ),
    ),
  ];
  return pass(
    id,
    title,
    `${workloads.length} Deployment${workloads.length > 1 ? 's' : ''} -> sidecar ${few(targets)}`,
  );
}

export function checkPodsInjected(
  d: DoctorData,
  workloads: readonly SidecarWorkload[],
): CheckResult {
  const id = 'pods-injected';
  const title = 'pods have the sidecar';
  const relevant = workloads.filter((w) => w.resolution.ok);
  const pods = relevant.flatMap((w) => w.pods.map((p) => ({ w, p })));
  if (pods.length === 0) {
    return warn(
      id,
      title,
      `no running pods of sidecar workloads in ${d.namespace}`,
      `check the Deployments: kubectl -n ${d.namespace} get deployments,pods`,
    );
  }
  const missing = pods.filter(({ p }) => !isInjected(p));
  if (missing.length > 0) {
    const names = missing.map(({ p }) => {
      const lacks = [
        !(INJECTED_LABEL in (p.metadata?.labels ?? {})) && 'label',
        !sidecarContainer(p) && 'container',
      ]
        .filter(Boolean)
        .join('+');
      return `${p.metadata?.name} (no ${lacks})`;
    });
    return fail(
      id,
      title,
      `${missing.length} of ${pods.length} running pods have no injected collector: ${few(names, 2)}`,
      `pods started before the CR existed or while the webhook was down; fix the other checks, then tracectl restart -n ${d.namespace} --stale`,
    );
  }
  const native = pods.filter(({ p }) =>
    p.spec?.initContainers?.some((c) => c.name === SIDECAR_CONTAINER),
  ).length;
  return pass(id, title, `${pods.length} running pods injected (${native} as native sidecar)`);
}

export function checkSidecarConfig(
  d: DoctorData,
  workloads: readonly SidecarWorkload[],
): CheckResult {
  const id = 'sidecar-config-current';
  const title = 'sidecar config current';
  const stale = workloads
    .filter((w) => w.resolution.ok)
    .map((w) => ({
      w,
      s: staleness(
        w.pods.filter(isInjected),
        w.resolution.ok ? w.resolution.collector : (undefined as never),
      ),
    }))
    .filter(({ s }) => s.stalePods > 0);
  if (stale.length > 0) {
    return warn(
      id,
      title,
      `${stale.length} Deployment${stale.length > 1 ? 's run' : ' runs'} an outdated sidecar: ${few(
        stale.map(({ w, s }) => `${w.name} (${s.reason})`),
        2,
      )}`,
      `tracectl restart -n ${d.namespace} --stale`,
    );
  }
  return pass(id, title, 'every injected pod runs the live collector config, image and preStop');
}
