/**
 * Deployments, their running pods, and what the operator injected into them. Pods are matched
 * to Deployments in memory from one list call, never fetched one by one.
 */
import type { V1Container, V1Deployment, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';
import {
  canonicalJson,
  collectorConfigHash,
  INJECTED_LABEL,
  SIDECAR_CONFIG_HASH_ANNOTATION,
  SIDECAR_CONTAINER_NAME,
} from '../contracts.js';
import {
  effectiveInjectValue,
  injectedLabelValue,
  requestsSidecar,
  resolveInject,
  type CollectorCR,
  type Resolution,
} from './inject.js';

/** Name the operator gives the injected collector container (one definition, in the contracts). */
export const SIDECAR_CONTAINER = SIDECAR_CONTAINER_NAME;

export function matchesLabelSelector(
  selector: V1LabelSelector | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in l;
    const value = l[e.key];
    const values = e.values ?? [];
    if (e.operator === 'In' && !(has && values.includes(value!))) return false;
    if (e.operator === 'NotIn' && has && values.includes(value!)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

export const isRunning = (pod: V1Pod): boolean =>
  pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp;

/** The injected collector container: a regular container, or a native sidecar (init container with restartPolicy Always, Kubernetes >= 1.29). */
export function sidecarContainer(pod: V1Pod): V1Container | undefined {
  return (
    pod.spec?.containers.find((c) => c.name === SIDECAR_CONTAINER) ??
    pod.spec?.initContainers?.find(
      (c) => c.name === SIDECAR_CONTAINER && c.restartPolicy === 'Always',
    )
  );
}

export const isInjected = (pod: V1Pod): boolean =>
  INJECTED_LABEL in (pod.metadata?.labels ?? {}) && sidecarContainer(pod) !== undefined;

/** A Deployment whose pods ask for a sidecar, with the CR that request resolves to. */
export interface SidecarWorkload {
  readonly deployment: V1Deployment;
  readonly name: string;
  readonly injectValue: string;
  readonly resolution: Resolution;
  /** Running pods selected by the Deployment. */
  readonly pods: V1Pod[];
}

export function sidecarWorkloads(
  deployments: readonly V1Deployment[],
  pods: readonly V1Pod[],
  namespace: string,
  namespaceAnnotations: Record<string, string> | undefined,
  collectors: ReadonlyMap<string, readonly CollectorCR[]>,
): SidecarWorkload[] {
  const running = pods.filter(isRunning);
  // Index by label pair so matching 500 Deployments against 1,500 pods stays linear.
  const byLabel = new Map<string, V1Pod[]>();
  for (const p of running) {
    for (const [k, v] of Object.entries(p.metadata?.labels ?? {})) {
      const key = `${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(p);
      else byLabel.set(key, [p]);
    }
  }
  const candidates = (selector: V1LabelSelector | undefined): V1Pod[] => {
    const first = Object.entries(selector?.matchLabels ?? {})[0];
    return first ? (byLabel.get(`${first[0]}=${first[1]}`) ?? []) : running;
  };
  const out: SidecarWorkload[] = [];
  for (const d of deployments) {
    const value = effectiveInjectValue(
      d.spec?.template.metadata?.annotations,
      namespaceAnnotations,
    );
    if (!requestsSidecar(value)) continue;
    out.push({
      deployment: d,
      name: d.metadata?.name ?? '?',
      injectValue: value,
      resolution: resolveInject(value, namespace, collectors),
      pods: candidates(d.spec?.selector).filter((p) =>
        matchesLabelSelector(d.spec?.selector, p.metadata?.labels),
      ),
    });
  }
  return out;
}

/** Time of the CR's last change to anything but status, from managedFields; creation time otherwise. */
export function lastChange(cr: CollectorCR): number {
  const times = (cr.metadata.managedFields ?? [])
    .filter((f) => f.subresource !== 'status' && f.time)
    .map((f) => Date.parse(f.time!));
  return Math.max(Date.parse(cr.metadata.creationTimestamp ?? '') || 0, ...times);
}

export interface Staleness {
  readonly stalePods: number;
  readonly reason: string;
}

/** Env var through which the operator hands the sidecar its config (YAML); pkg/sidecar/pod.go. */
export const SIDECAR_CONFIG_ENV = 'OTEL_CONFIG';

/**
 * Which running pods run an old sidecar config. The config the operator put into the sidecar
 * (OTEL_CONFIG) decides first when it equals the live spec.config: the operator's CR webhook
 * fills in defaults (Config.ApplyDefaults in apis/v1beta1/collector_webhook.go: receiver and
 * extension endpoints, service telemetry), so the live config's hash differs from the one the
 * charts put on the pods even when nothing changed. Otherwise the pod's config-hash annotation,
 * when present, decides: it is immune to clock skew and to metadata-only CR edits. Pods without
 * it (not from these charts) fall back to time: created before the CR last changed. A pod with
 * no sidecar at all is stale too: the CR was missing or the webhook was down when it started.
 */
export function staleness(pods: readonly V1Pod[], cr: CollectorCR): Staleness {
  const live = collectorConfigHash(cr.spec?.config ?? {});
  const liveJson = canonicalJson(cr.spec?.config ?? {});
  const changed = lastChange(cr);
  const reasons = new Set<string>();
  // Pods of one ReplicaSet carry the same OTEL_CONFIG text: parse each distinct one once.
  const runsLive = new Map<string, boolean>();
  const runsLiveConfig = (pod: V1Pod): boolean => {
    const text = sidecarContainer(pod)?.env?.find((e) => e.name === SIDECAR_CONFIG_ENV)?.value;
    if (text === undefined) return false;
    let same = runsLive.get(text);
    if (same === undefined) {
      try {
        same = canonicalJson(parseYaml(text)) === liveJson;
      } catch {
        same = false;
      }
      runsLive.set(text, same);
    }
    return same;
  };
  let stale = 0;
  for (const pod of pods) {
    const hash = pod.metadata?.annotations?.[SIDECAR_CONFIG_HASH_ANNOTATION];
    let why: string | undefined;
    const from = pod.metadata?.labels?.[INJECTED_LABEL];
    const configDrift = (): string | undefined => {
      if (runsLiveConfig(pod)) return undefined;
      if (hash !== undefined)
        return hash === live ? undefined : `config hash ${hash} != live ${live}`;
      const created = new Date(pod.metadata?.creationTimestamp ?? 0).getTime();
      return created < changed ? 'pod older than the collector CR' : undefined;
    };
    if (!isInjected(pod)) why = 'no sidecar injected';
    else if (from !== injectedLabelValue(cr.metadata.namespace, cr.metadata.name))
      why = `sidecar from collector ${from}`;
    else why = containerDrift(sidecarContainer(pod), cr) ?? configDrift();
    if (why) {
      stale++;
      reasons.add(why);
    }
  }
  return { stalePods: stale, reason: [...reasons].join('; ') };
}

/**
 * How an injected container differs from what the live CR would inject now, in the fields the
 * operator copies from the CR: the image (an ADOT upgrade) and the preStop sleep (the shutdown
 * budget). The operator never rolls pods for either, and the config check cannot see them.
 */
function containerDrift(container: V1Container | undefined, cr: CollectorCR): string | undefined {
  const image = cr.spec?.image;
  if (image !== undefined && container?.image !== image)
    return `sidecar image ${container?.image ?? 'unknown'} != CR image ${image}`;
  const want = cr.spec?.lifecycle?.preStop?.sleep?.seconds;
  const have = container?.lifecycle?.preStop?.sleep?.seconds;
  const seconds = (n: number | undefined): string => (n === undefined ? 'none' : `${n} s`);
  if (want !== have) return `sidecar preStop sleep ${seconds(have)} != CR ${seconds(want)}`;
  return undefined;
}
