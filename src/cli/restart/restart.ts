/**
 * `tracectl restart`: what `kubectl rollout restart` does, for the Deployments whose sidecar
 * config is stale (or all sidecar workloads), then wait for the rollouts.
 */
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { FIELD_MANAGER, INJECT_ANNOTATION, RESTARTED_AT_ANNOTATION } from '../../contracts.js';
import { listCollectors } from '../collectors.js';
import { CliError, EXIT, isHttpStatus } from '../errors.js';
import { effectiveInjectValue, namespacesToLoad } from '../inject.js';
import type { Io } from '../io.js';
import type { Kube } from '../kube.js';
import { waitForRollouts } from '../wait.js';
import { sidecarWorkloads, staleness, type SidecarWorkload } from '../workloads.js';

export interface RestartOptions {
  readonly namespace: string;
  readonly mode: 'all' | 'stale';
  readonly timeoutMs: number;
  readonly dryRun: boolean;
}

async function namespaceAnnotations(
  kube: Kube,
  name: string,
): Promise<Record<string, string> | undefined> {
  try {
    const ns = await kube.call({ verb: 'get', resource: 'namespaces', name }, () =>
      kube.core.readNamespace({ name }),
    );
    return ns.metadata?.annotations;
  } catch (err) {
    if (err instanceof CliError && isHttpStatus(err.cause, 404)) {
      throw new CliError(
        `namespace "${name}" does not exist in this cluster; pass the right one with --namespace`,
        EXIT.usage,
      );
    }
    // Reading namespaces is often forbidden to app teams; only a namespace-level inject annotation is lost.
    if (err instanceof CliError && isHttpStatus(err.cause, 403)) return undefined;
    throw err;
  }
}

export async function findWorkloads(kube: Kube, namespace: string): Promise<SidecarWorkload[]> {
  const [deployments, pods, nsAnnotations] = await Promise.all([
    kube.call({ verb: 'list', resource: 'deployments.apps', namespace }, () =>
      kube.apps.listNamespacedDeployment({ namespace }),
    ),
    kube.call({ verb: 'list', resource: 'pods', namespace }, () =>
      kube.core.listNamespacedPod({ namespace }),
    ),
    namespaceAnnotations(kube, namespace),
  ]);
  const values = deployments.items.map((d) =>
    effectiveInjectValue(d.spec?.template.metadata?.annotations, nsAnnotations),
  );
  const collectors = await listCollectors(kube, namespacesToLoad(values, namespace));
  return sidecarWorkloads(
    deployments.items,
    pods.items,
    namespace,
    nsAnnotations,
    collectors.byNamespace,
  );
}

/**
 * Strategic merge patch, like kubectl: a server-side apply here would, under the same field
 * manager as `tracectl apply`, drop every field of the Deployment not in the patch. Only
 * restartedAt changes: the config-hash annotation stays what the chart declared, so the next
 * `tracectl apply` of the same charts finds nothing to change and does not roll the pods again.
 * The restarted pods read as current because their sidecar runs the live config (OTEL_CONFIG).
 */
async function restartOne(
  kube: Kube,
  w: SidecarWorkload,
  namespace: string,
  now: string,
): Promise<void> {
  const annotations: Record<string, string> = { [RESTARTED_AT_ANNOTATION]: now };
  const patch = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: w.name, namespace },
    spec: { template: { metadata: { annotations } } },
  } as KubernetesObject;
  await kube.call({ verb: 'patch', resource: 'deployments.apps', namespace, name: w.name }, () =>
    kube.objects.patch(
      patch,
      undefined,
      undefined,
      FIELD_MANAGER,
      undefined,
      PatchStrategy.StrategicMergePatch,
    ),
  );
}

export async function runRestart(kube: Kube, opts: RestartOptions, io: Io): Promise<number> {
  const workloads = await findWorkloads(kube, opts.namespace);
  const chosen: { w: SidecarWorkload; why: string }[] = [];
  let unresolved = 0;
  for (const w of workloads) {
    if (opts.mode === 'all') {
      chosen.push({ w, why: '--all' });
      continue;
    }
    if (!w.resolution.ok) {
      // Nothing current to restart into: a restart would start pods without a sidecar again.
      unresolved++;
      io.stderr.write(
        `warning: deployment ${opts.namespace}/${w.name} skipped: ${INJECT_ANNOTATION} ${w.resolution.problem}; ${w.resolution.fix}\n`,
      );
      continue;
    }
    const s = staleness(w.pods, w.resolution.collector);
    if (s.stalePods > 0)
      chosen.push({ w, why: `${s.stalePods} of ${w.pods.length} pods stale: ${s.reason}` });
  }
  if (chosen.length === 0) {
    const current = workloads.length - unresolved;
    io.stdout.write(
      opts.mode === 'stale'
        ? `nothing to restart: ${current} sidecar Deployment${current === 1 ? '' : 's'} in ${opts.namespace} run the current collector config${unresolved > 0 ? `, ${unresolved} skipped (see the warnings)` : ''}\n`
        : `nothing to restart: no Deployment in ${opts.namespace} requests a sidecar\n`,
    );
    return EXIT.ok;
  }
  // Like kubectl rollout restart: a paused Deployment would take the patch and never roll out.
  const paused = chosen.filter(({ w }) => w.deployment.spec?.paused === true);
  for (const { w } of paused)
    io.stderr.write(
      `error: deployment ${opts.namespace}/${w.name} is paused, so a restart would never roll out; resume it first (kubectl -n ${opts.namespace} rollout resume deployment/${w.name}), then re-run\n`,
    );
  const restarting = chosen.filter(({ w }) => w.deployment.spec?.paused !== true);
  const done = paused.length > 0 ? EXIT.failed : EXIT.ok;
  const now = new Date().toISOString();
  for (const { w, why } of restarting) {
    if (!opts.dryRun) await restartOne(kube, w, opts.namespace, now);
    io.stdout.write(
      `deployment ${opts.namespace}/${w.name} restarted${opts.dryRun ? ' (dry run)' : ''} (${why})\n`,
    );
  }
  if (opts.dryRun || restarting.length === 0) return done;
  const result = await waitForRollouts(
    kube,
    restarting.map(({ w }) => ({
      namespace: opts.namespace,
      name: w.name,
      label: `deployment ${opts.namespace}/${w.name}`,
    })),
    { timeoutMs: opts.timeoutMs, out: io.stdout },
  );
  if (!result.ok) {
    io.stderr.write(
      `error: ${result.timedOut ? 'timed out' : 'rollout failed'} waiting for ${result.items
        .filter((i) => !i.done || i.failed)
        .map((i) => i.label)
        .join(', ')}\n`,
    );
    return EXIT.failed;
  }
  return done;
}
