/**
 * `tracectl apply`: server-side apply of the synthesized manifests in dependency order, then
 * wait for the web collector and every Deployment to roll out.
 */
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { canonicalJson, FIELD_MANAGER } from '../../contracts.js';
import { CliError, errorBody, EXIT, isHttpStatus, toCliError } from '../errors.js';
import type { Io } from '../io.js';
import type { Kube } from '../kube.js';
import {
  COLLECTOR_KIND,
  loadManifests,
  OTEL_API_VERSION,
  orderForApply,
  ref,
  type Manifest,
} from '../manifests.js';
import { requireCollectorCrd } from '../preflight.js';
import { InjectionGate } from './injection.js';
import { waitForRollouts, type WaitTarget } from '../wait.js';

export interface ApplyOptions {
  readonly dir: string;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  readonly forceConflicts: boolean;
  /** false with --no-wait */
  readonly wait: boolean;
}

/**
 * Managers whose conflicting fields tracectl takes over without asking: its own update-style
 * writes (restart), and a previous client-side `kubectl apply` of the same manifests (the
 * documented migration path to server-side apply). Anything else (kubectl edit/scale, an HPA,
 * another tool) means someone else owns the field: stop and say so.
 * See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
 */
const SAFE_TO_FORCE = new Set([FIELD_MANAGER, 'kubectl-client-side-apply', 'before-first-apply']);

/** Server-set and status fields: what is left is what an apply can change. */
function content(obj: unknown): string {
  const o = JSON.parse(JSON.stringify(obj ?? {})) as {
    metadata?: Record<string, unknown>;
    status?: unknown;
  };
  delete o.status;
  for (const k of ['resourceVersion', 'generation', 'managedFields', 'creationTimestamp', 'uid'])
    delete o.metadata?.[k];
  return canonicalJson(o);
}

function conflictManagers(err: unknown): { managers: string[]; fields: string[] } {
  const causes =
    (
      errorBody(err) as
        { details?: { causes?: { message?: string; field?: string }[] } } | undefined
    )?.details?.causes ?? [];
  const managers = causes.map((c) => /conflict with "([^"]+)"/.exec(c.message ?? '')?.[1] ?? '?');
  return { managers: [...new Set(managers)], fields: causes.map((c) => c.field ?? '?') };
}

type Outcome = 'created' | 'configured' | 'unchanged';
/** Printed after the outcome, e.g. `(server dry run)`. */
const UNVALIDATED = 'namespace is new, not validated';

/**
 * A dry run cannot validate objects in a namespace that the same run only pretended to create:
 * the server answers 404 for the namespace (kubectl apply --dry-run=server has the same limit).
 */
function newNamespaceInDryRun(
  err: unknown,
  m: Manifest,
  opts: ApplyOptions,
  planned: ReadonlySet<string>,
): boolean {
  const details = (errorBody(err) as { details?: { kind?: string; name?: string } } | undefined)
    ?.details;
  return (
    opts.dryRun &&
    isHttpStatus(err, 404) &&
    details?.kind === 'namespaces' &&
    details.name === m.metadata.namespace &&
    planned.has(details.name ?? '')
  );
}

async function applyOne(
  kube: Kube,
  m: Manifest,
  opts: ApplyOptions,
  io: Io,
  plannedNamespaces: ReadonlySet<string>,
): Promise<{ outcome: Outcome; note?: string }> {
  const ctx = {
    resource: `${m.kind}`,
    namespace: m.metadata.namespace,
    name: m.metadata.name,
  } as const;
  const spec = structuredClone(m) as KubernetesObject;
  let before: KubernetesObject | undefined;
  try {
    before = await kube.objects.read({
      apiVersion: m.apiVersion,
      kind: m.kind,
      metadata: { name: m.metadata.name, namespace: m.metadata.namespace },
    });
  } catch (err) {
    if (!isHttpStatus(err, 404)) throw mapApplyError(err, m, kube, { ...ctx, verb: 'get' });
  }
  const dryRun = opts.dryRun ? 'All' : undefined;
  const patch = (force: boolean): Promise<KubernetesObject> =>
    kube.objects.patch(
      spec,
      undefined,
      dryRun,
      FIELD_MANAGER,
      force,
      PatchStrategy.ServerSideApply,
    );
  let after: KubernetesObject;
  try {
    after = await patch(opts.forceConflicts);
  } catch (err) {
    if (newNamespaceInDryRun(err, m, opts, plannedNamespaces))
      return { outcome: 'created', note: UNVALIDATED };
    // An apply that creates the object also needs "create"; the server's denial of that one
    // does not always name the verb (kube-apiserver patch handler, create-on-update check).
    if (!isHttpStatus(err, 409))
      throw mapApplyError(err, m, kube, {
        ...ctx,
        verb: before === undefined ? 'create' : 'patch',
      });
    const { managers, fields } = conflictManagers(err);
    if (managers.length === 0 || !managers.every((mgr) => SAFE_TO_FORCE.has(mgr))) {
      const owned =
        managers.length === 0
          ? `apply conflict (${(errorBody(err) as { message?: string } | undefined)?.message ?? 'no details'})`
          : `${fields.join(', ')} ${fields.length > 1 ? 'are' : 'is'} owned by ${managers.map((x) => `"${x}"`).join(', ')}, not tracectl`;
      throw new CliError(
        `${m.kind} ${ref(m)}: ${owned} (someone changed it outside the charts). Re-run with --force-conflicts to take it back, or drop the field from the chart if that owner should keep it`,
        EXIT.failed,
        { cause: err },
      );
    }
    io.stdout.write(
      `note: ${m.kind} ${ref(m)}: taking over ${fields.join(', ')} from ${managers.join(', ')}\n`,
    );
    after = await patch(true).catch((e: unknown) => {
      throw mapApplyError(e, m, kube, { ...ctx, verb: 'patch' });
    });
  }
  if (before === undefined) return { outcome: 'created' };
  return { outcome: content(before) === content(after) ? 'unchanged' : 'configured' };
}

function mapApplyError(
  err: unknown,
  m: Manifest,
  kube: Kube,
  ctx: Parameters<typeof toCliError>[1],
): CliError {
  // KubernetesObjectApi throws a plain Error when discovery does not list the kind.
  if (err instanceof Error && err.message.startsWith('Unrecognized API version and kind')) {
    return new CliError(
      `${m.kind} ${ref(m)}: the cluster does not serve ${m.apiVersion} ${m.kind}. Install the controller that provides it, or check the apiVersion in the chart`,
      EXIT.cluster,
      { cause: err },
    );
  }
  return toCliError(err, ctx, kube.server);
}

/**
 * What to wait for: each Deployment, and the Deployment the operator makes for each
 * deployment-mode collector. `defaultNamespace` is where an object without one was applied:
 * KubernetesObjectApi uses the kubeconfig context's namespace, as kubectl does.
 */
export function waitTargets(
  manifests: readonly Manifest[],
  defaultNamespace = 'default',
): WaitTarget[] {
  const targets: WaitTarget[] = [];
  for (const m of manifests) {
    const ns = m.metadata.namespace ?? defaultNamespace;
    if (m.kind === 'Deployment')
      targets.push({
        namespace: ns,
        name: m.metadata.name,
        label: `deployment ${ns}/${m.metadata.name}`,
      });
    const mode = (m.spec as { mode?: string } | undefined)?.mode ?? 'deployment';
    if (m.kind === COLLECTOR_KIND && m.apiVersion === OTEL_API_VERSION && mode === 'deployment') {
      // The operator names it <cr>-collector (opentelemetry-operator naming.Collector).
      targets.push({
        namespace: ns,
        name: `${m.metadata.name}-collector`,
        label: `collector ${ns}/${m.metadata.name}`,
      });
    }
  }
  return targets;
}

export async function runApply(kube: Kube, opts: ApplyOptions, io: Io): Promise<number> {
  const manifests = orderForApply(loadManifests(opts.dir));
  await requireCollectorCrd(kube);
  const counts: Record<Outcome, number> = { created: 0, configured: 0, unchanged: 0 };
  const plannedNamespaces = new Set(
    manifests.filter((m) => m.kind === 'Namespace').map((m) => m.metadata.name),
  );
  const suffix = opts.dryRun ? ' (server dry run)' : '';
  const contextNamespace = kube.kc.getContextObject(kube.kc.getCurrentContext())?.namespace;
  // A dry run stores no collector, so no webhook could find it: nothing to wait for.
  const gate = opts.dryRun
    ? undefined
    : new InjectionGate(kube, manifests, io, {
        timeoutMs: opts.timeoutMs,
        defaultNamespace: contextNamespace ?? 'default',
      });
  for (const m of manifests) {
    await gate?.before(m);
    const { outcome, note } = await applyOne(kube, m, opts, io, plannedNamespaces);
    counts[outcome]++;
    const notes = [opts.dryRun && 'server dry run', note].filter(Boolean).join('; ');
    io.stdout.write(`${m.kind} ${ref(m)} ${outcome}${notes ? ` (${notes})` : ''}\n`);
  }
  io.stdout.write(
    `applied ${manifests.length} objects from ${opts.dir}${suffix}: ${counts.created} created, ${counts.configured} configured, ${counts.unchanged} unchanged\n`,
  );
  if (opts.dryRun || !opts.wait) return EXIT.ok;
  const result = await waitForRollouts(kube, waitTargets(manifests, contextNamespace), {
    timeoutMs: opts.timeoutMs,
    out: io.stdout,
  });
  if (!result.ok) {
    const bad = result.items.filter((i) => !i.done || i.failed).map((i) => i.label);
    io.stderr.write(
      `error: ${result.timedOut ? `timed out after ${Math.round(opts.timeoutMs / 1000)}s` : 'rollout failed'} waiting for ${bad.join(', ')}. Run tracectl doctor, and kubectl describe the deployment for pod events\n`,
    );
    return EXIT.failed;
  }
  return EXIT.ok;
}
