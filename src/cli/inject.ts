/**
 * How the OpenTelemetry Operator's pod webhook decides which sidecar CR a pod gets, re-done
 * here so doctor and restart can predict it. Mirrors opentelemetry-operator
 * internal/webhook/podmutation (annotationValue) and pkg/sidecar (getCollectorInstance,
 * selectCollectorInstance).
 */
import { INJECT_ANNOTATION } from '../contracts.js';

/** An OpenTelemetryCollector as read from the cluster (plain JSON from the custom objects API). */
export interface CollectorCR {
  metadata: {
    name: string;
    namespace: string;
    creationTimestamp?: string;
    managedFields?: { time?: string; subresource?: string }[];
  };
  spec?: {
    mode?: string;
    config?: unknown;
    serviceAccount?: string;
    /** Copied as is into the injected container (internal/manifests/collector/container.go). */
    image?: string;
    lifecycle?: { preStop?: { sleep?: { seconds?: number } } };
  };
}

export const collectorMode = (cr: CollectorCR): string => cr.spec?.mode ?? 'deployment';

type Annotations = Record<string, string> | undefined;

/**
 * The effective inject value for a pod: the namespace annotation applies when the pod has
 * none, and replaces a pod value of "true" unless the namespace says "false".
 */
export function effectiveInjectValue(pod: Annotations, namespace: Annotations): string {
  const p = pod?.[INJECT_ANNOTATION] ?? '';
  const n = namespace?.[INJECT_ANNOTATION] ?? '';
  if (n === '') return p;
  if (p === '') return n;
  if (p.toLowerCase() !== 'true') return p;
  if (n.toLowerCase() === 'false') return p;
  return n;
}

/**
 * The value of the `sidecar.opentelemetry.io/injected` label the operator puts on a pod it
 * injected from this CR: `<ns>.<name>`, cut to 63 characters (a label value's limit) by
 * shortening the namespace first, then trimmed of leading and trailing non-alphanumerics.
 * Mirrors opentelemetry-operator pkg/sidecar/pod.go and internal/naming Truncate.
 */
export function injectedLabelValue(namespace: string, name: string): string {
  const max = 63;
  let excess = namespace.length + 1 + name.length - max;
  const parts = [namespace, name].map((s) => {
    if (excess <= 0) return s;
    const cut = Math.min(excess, s.length);
    excess -= cut;
    return s.slice(0, s.length - cut);
  });
  const value = parts.join('.');
  if (value.length > max) return value.slice(0, max);
  return value.replace(/[^A-Za-z0-9]+$/, '').replace(/^[^A-Za-z0-9]+/, '');
}

/** The pod asks for a sidecar (a value that is neither empty nor "false"). */
export const requestsSidecar = (value: string): boolean =>
  value !== '' && value.toLowerCase() !== 'false';

export type Resolution =
  | { readonly ok: true; readonly collector: CollectorCR }
  | { readonly ok: false; readonly problem: string; readonly fix: string };

/** Namespaces whose collectors `resolve` needs for these inject values. */
export function namespacesToLoad(values: Iterable<string>, podNamespace: string): Set<string> {
  const out = new Set([podNamespace]);
  for (const v of values) {
    const slash = v.indexOf('/');
    if (slash > 0) out.add(v.slice(0, slash));
  }
  return out;
}

/**
 * Resolves an inject value ("true", "name" or "ns/name") against the collectors that exist,
 * keyed by namespace.
 */
export function resolveInject(
  value: string,
  podNamespace: string,
  collectors: ReadonlyMap<string, readonly CollectorCR[]>,
): Resolution {
  if (value.toLowerCase() === 'true') {
    const sidecars = (collectors.get(podNamespace) ?? []).filter(
      (c) => collectorMode(c) === 'sidecar',
    );
    if (sidecars.length === 1) return { ok: true, collector: sidecars[0]! };
    return sidecars.length === 0
      ? {
          ok: false,
          problem: `"true" but no sidecar-mode OpenTelemetryCollector in namespace ${podNamespace}`,
          fix: `create one in ${podNamespace} (tracectl apply), or set the annotation to ns/name of an existing one`,
        }
      : {
          ok: false,
          problem: `"true" but ${sidecars.length} sidecar-mode collectors in ${podNamespace} (${sidecars.map((c) => c.metadata.name).join(', ')})`,
          fix: `set ${INJECT_ANNOTATION} to the name of one of them`,
        };
  }
  const slash = value.indexOf('/');
  const [ns, name] =
    slash > 0 ? [value.slice(0, slash), value.slice(slash + 1)] : [podNamespace, value];
  const found = (collectors.get(ns) ?? []).find((c) => c.metadata.name === name);
  if (!found) {
    return {
      ok: false,
      problem: `"${value}" but there is no OpenTelemetryCollector ${ns}/${name}`,
      fix: `create it (tracectl apply) or fix the annotation; the webhook skips injection silently`,
    };
  }
  if (collectorMode(found) !== 'sidecar') {
    return {
      ok: false,
      problem: `"${value}" names ${ns}/${name}, which is mode ${collectorMode(found)}, not sidecar`,
      fix: `point the annotation at a sidecar-mode collector`,
    };
  }
  return { ok: true, collector: found };
}
