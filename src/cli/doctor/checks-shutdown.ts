/**
 * Sidecar kind and shutdown: for every injected pod, whether its collector is native (an init
 * container with restartPolicy Always: operator >= 0.132 on Kubernetes >= 1.29) or classic (an
 * ordinary container), and whether it keeps receiving until the app's last export and flushes
 * before SIGKILL. The arithmetic is the charts' own (src/shutdown-budget.ts), fed with each
 * pod's app preStop and shutdown env.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { judgePodShutdown, type ShutdownVerdict } from '../../shutdown-budget.js';
import { isInjected, SIDECAR_CONTAINER, type SidecarWorkload } from '../workloads.js';
import { fail, few, pass, type CheckResult, type DoctorData, type PodShutdown } from './types.js';

/** The verdict of the pod's weakest app container (several apps share one sidecar). */
function judge(pod: V1Pod): { app: string; verdict: ShutdownVerdict } | undefined {
  const spec = pod.spec;
  if (!spec) return undefined;
  const verdicts = spec.containers
    .filter((c) => c.name !== SIDECAR_CONTAINER)
    .map((c) => ({ app: c.name, verdict: judgePodShutdown(spec, { appContainer: c.name }) }));
  return (
    verdicts.find((v) => !v.verdict.covered) ??
    verdicts.sort(
      (a, b) => b.verdict.required.appLastExportSeconds - a.verdict.required.appLastExportSeconds,
    )[0]
  );
}

export function podShutdowns(workloads: readonly SidecarWorkload[]): PodShutdown[] {
  const out: PodShutdown[] = [];
  for (const w of workloads) {
    for (const pod of w.pods.filter(isInjected)) {
      const judged = judge(pod);
      if (!judged || judged.verdict.sidecarKind === 'none') continue;
      const { verdict } = judged;
      out.push({
        pod: pod.metadata?.name ?? '?',
        deployment: w.name,
        sidecarKind: verdict.sidecarKind as 'native' | 'classic',
        covered: verdict.covered,
        appContainer: judged.app,
        appLastExportSeconds: verdict.required.appLastExportSeconds,
        sidecarPreStopSeconds: verdict.observed.sidecarPreStopSeconds,
        terminationGracePeriodSeconds: verdict.observed.terminationGracePeriodSeconds,
        problems: verdict.problems,
      });
    }
  }
  return out;
}

/** Pods of one Deployment that look the same, as one line of the table. */
function groupLines(pods: readonly PodShutdown[]): string[] {
  const groups = new Map<string, PodShutdown[]>();
  for (const p of pods) {
    const key = [
      p.deployment,
      p.sidecarKind,
      p.covered,
      p.appLastExportSeconds,
      p.sidecarPreStopSeconds,
      p.terminationGracePeriodSeconds,
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].map((g) => {
    const p = g[0]!;
    const count = `${g.length} pod${g.length > 1 ? 's' : ''}`;
    const stop =
      p.sidecarKind === 'native'
        ? 'native sidecar (stops after the app exits)'
        : `classic sidecar, preStop sleep ${p.sidecarPreStopSeconds} s`;
    return `${p.deployment} (${count}): ${stop}; app's last export by ${p.appLastExportSeconds} s; grace ${p.terminationGracePeriodSeconds} s: ${p.covered ? 'covered' : 'NOT covered'}`;
  });
}

export function checkSidecarShutdown(
  _d: DoctorData,
  workloads: readonly SidecarWorkload[],
): CheckResult | undefined {
  const id = 'sidecar-shutdown';
  const title = 'sidecar kind and shutdown';
  const pods = podShutdowns(workloads);
  // Nothing injected: the pods-injected check says why; there is no shutdown to judge.
  if (pods.length === 0) return undefined;
  const native = pods.filter((p) => p.sidecarKind === 'native').length;
  const kinds = `${native} native, ${pods.length - native} classic`;
  const lines = groupLines(pods);
  const bad = pods.filter((p) => !p.covered);
  if (bad.length > 0) {
    const deployments = [...new Set(bad.map((p) => `${p.deployment} (${p.sidecarKind})`))];
    return {
      ...fail(
        id,
        title,
        `${bad.length} of ${pods.length} injected pods (${kinds}) can lose their last spans on shutdown: ${few(deployments)}`,
        bad[0]!.problems[0] ?? 'see the lines above',
      ),
      lines,
      pods,
    };
  }
  return {
    ...pass(
      id,
      title,
      `${pods.length} injected pods (${kinds}): each collector keeps receiving until its app's last export`,
    ),
    lines,
    pods,
  };
}
