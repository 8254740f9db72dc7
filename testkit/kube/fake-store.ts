/**
 * State of the FAKE Kubernetes API server (see fake-kube-apiserver.ts): typed objects keyed by
 * apiVersion, kind, namespace and name, a resourceVersion counter, label selectors and watchers.
 * Only what tracectl uses is modelled.
 */
import { randomUUID } from 'node:crypto';
import { canonicalJson } from '../../src/contracts.js';

export type Obj = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

export interface ResourceType {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

export const apiVersionOf = (t: ResourceType): string =>
  t.group === '' ? t.version : `${t.group}/${t.version}`;

const BUILT_IN: ResourceType[] = [
  ['', 'v1', 'Namespace', 'namespaces', false],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['', 'v1', 'Pod', 'pods', true],
  ['', 'v1', 'Service', 'services', true],
  ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['apps', 'v1', 'Deployment', 'deployments', true],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true],
  [
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    false,
  ],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
].map(([group, version, kind, plural, namespaced]) => ({
  group: group as string,
  version: version as string,
  kind: kind as string,
  plural: plural as string,
  namespaced: namespaced as boolean,
}));

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
type Watcher = (type: WatchEventType, obj: Obj) => void;

/** Kubernetes label selector subset: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`. */
export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: string,
): boolean {
  const l = labels ?? {};
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    if (term === '') return true;
    const set = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => v.trim());
      const has = set[1]! in l && values.includes(l[set[1]!]!);
      return set[2] === 'in' ? has : !has;
    }
    const neq = /^([^!=]+)!=(.*)$/.exec(term);
    if (neq) return l[neq[1]!.trim()] !== neq[2]!.trim();
    const eq = /^([^!=]+)==?(.*)$/.exec(term);
    if (eq) return l[eq[1]!.trim()] === eq[2]!.trim();
    if (term.startsWith('!')) return !(term.slice(1) in l);
    return term in l;
  });
}

/** Maps merge recursively, lists and scalars replace, `null` deletes (JSON merge patch, RFC 7386). */
export function mergeInto(base: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    base !== null && typeof base === 'object' && !Array.isArray(base)
      ? { ...(base as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete out[k];
    else out[k] = mergeInto(out[k], v);
  }
  return out;
}

const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
];

/** The part of an object a user writes: no status, no server-set metadata. */
function userContent(obj: Obj): string {
  const { status: _status, metadata, ...rest } = obj;
  const meta = Object.fromEntries(
    Object.entries(metadata).filter(([k]) => !SERVER_FIELDS.includes(k)),
  );
  return canonicalJson({ ...rest, metadata: meta });
}

function specContent(obj: Obj): string {
  const { status: _status, metadata: _metadata, ...rest } = obj;
  return canonicalJson(rest);
}

export class FakeStore {
  readonly types: ResourceType[] = [...BUILT_IN];
  private readonly objects = new Map<string, Obj>();
  private readonly watchers = new Set<{ type: ResourceType; ns?: string; fn: Watcher }>();
  private rv = 1000;

  private key(apiVersion: string, kind: string, ns: string | undefined, name: string): string {
    return `${apiVersion}|${kind}|${ns ?? ''}|${name}`;
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  get(apiVersion: string, kind: string, ns: string | undefined, name: string): Obj | undefined {
    const o = this.objects.get(this.key(apiVersion, kind, ns, name));
    return o === undefined ? undefined : structuredClone(o);
  }

  list(type: ResourceType, ns: string | undefined, labelSelector = ''): Obj[] {
    const out: Obj[] = [];
    for (const o of this.objects.values()) {
      if (o.apiVersion !== apiVersionOf(type) || o.kind !== type.kind) continue;
      if (ns !== undefined && o.metadata.namespace !== ns) continue;
      if (labelSelector !== '' && !matchesSelector(o.metadata.labels, labelSelector)) continue;
      out.push(structuredClone(o));
    }
    return out.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /**
   * Creates or replaces an object the way the API server would store it: server fields kept,
   * resourceVersion bumped only when user content or status changed, generation bumped only
   * when something outside metadata and status changed. Returns the stored object.
   */
  put(
    input: Obj,
    opts: { dryRun?: boolean } = {},
  ): { obj: Obj; created: boolean; changed: boolean } {
    const type = this.typeFor(input.apiVersion, input.kind);
    if (!type) throw new Error(`fake store: unknown type ${input.apiVersion} ${input.kind}`);
    const ns = type.namespaced ? input.metadata.namespace : undefined;
    const key = this.key(input.apiVersion, input.kind, ns, input.metadata.name);
    const prev = this.objects.get(key);
    const next = structuredClone(input);
    if (ns === undefined) delete next.metadata.namespace;
    if (next.kind === 'Deployment') {
      const spec = (next.spec ?? {}) as Record<string, unknown>;
      next.spec = { replicas: 1, ...spec };
    }
    const changed =
      prev === undefined ||
      userContent(prev) !== userContent(next) ||
      canonicalJson(prev.status) !== canonicalJson(next.status);
    if (!changed) return { obj: structuredClone(prev), created: false, changed: false };
    const generation =
      prev === undefined
        ? 1
        : Number(prev.metadata.generation ?? 1) + (specContent(prev) !== specContent(next) ? 1 : 0);
    next.metadata = {
      ...next.metadata,
      uid: prev?.metadata.uid ?? randomUUID(),
      creationTimestamp:
        prev?.metadata.creationTimestamp ??
        next.metadata.creationTimestamp ??
        new Date().toISOString(),
      generation,
      resourceVersion: opts.dryRun ? prev?.metadata.resourceVersion : String(++this.rv),
    };
    if (opts.dryRun) return { obj: next, created: prev === undefined, changed: true };
    this.objects.set(key, next);
    if (type.kind === 'CustomResourceDefinition') this.registerCrd(next);
    this.emit(type, prev === undefined ? 'ADDED' : 'MODIFIED', next);
    return { obj: structuredClone(next), created: prev === undefined, changed: true };
  }

  /** Changes a stored object in place, the way `kubectl edit` would. */
  edit(
    apiVersion: string,
    kind: string,
    ns: string | undefined,
    name: string,
    change: (o: Obj) => void,
  ): void {
    const o = this.get(apiVersion, kind, ns, name);
    if (!o) throw new Error(`fake store: no ${kind} ${ns ?? ''}/${name}`);
    change(o);
    this.put(o);
  }

  delete(apiVersion: string, kind: string, ns: string | undefined, name: string): void {
    const type = this.typeFor(apiVersion, kind);
    const key = this.key(apiVersion, kind, ns, name);
    const prev = this.objects.get(key);
    if (!type || !prev) return;
    this.objects.delete(key);
    this.rv++;
    this.emit(type, 'DELETED', prev);
    if (type.kind === 'CustomResourceDefinition') this.unregisterCrd(prev);
  }

  /** Like the real API server: a deleted CRD takes its custom objects and its discovery entry along. */
  private unregisterCrd(crd: Obj): void {
    const spec = crd.spec as { group: string; names: { kind: string } };
    const gone = this.types.filter((t) => t.group === spec.group && t.kind === spec.names.kind);
    for (const t of gone) {
      for (const o of this.list(t, undefined))
        this.delete(apiVersionOf(t), t.kind, o.metadata.namespace, o.metadata.name);
      this.types.splice(this.types.indexOf(t), 1);
    }
  }

  /** A served CRD makes its kind reachable, like the real API server's discovery does. */
  private registerCrd(crd: Obj): void {
    const spec = crd.spec as {
      group: string;
      scope: string;
      names: { kind: string; plural: string };
      versions: { name: string; served: boolean }[];
    };
    for (const v of spec.versions) {
      if (
        !v.served ||
        this.types.some(
          (t) => t.group === spec.group && t.version === v.name && t.kind === spec.names.kind,
        )
      )
        continue;
      this.types.push({
        group: spec.group,
        version: v.name,
        kind: spec.names.kind,
        plural: spec.names.plural,
        namespaced: spec.scope === 'Namespaced',
      });
    }
  }

  /** Resolves with the object once it is stored (at once if it is); fails after `timeoutMs`. */
  whenStored(
    apiVersion: string,
    kind: string,
    ns: string | undefined,
    name: string,
    timeoutMs = 30_000,
  ): Promise<Obj> {
    const now = this.get(apiVersion, kind, ns, name);
    const type = this.typeFor(apiVersion, kind);
    if (now || !type)
      return now ? Promise.resolve(now) : Promise.reject(new Error(`no type ${kind}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(
          new Error(
            `timed out after ${timeoutMs / 1000}s waiting for ${kind} ${ns ?? ''}/${name} to be stored`,
          ),
        );
      }, timeoutMs);
      const stop = this.watch(type, ns, (event, obj) => {
        if (event === 'DELETED' || obj.metadata.name !== name) return;
        clearTimeout(timer);
        stop();
        resolve(obj);
      });
    });
  }

  watch(type: ResourceType, ns: string | undefined, fn: Watcher): () => void {
    const entry = { type, ns, fn };
    this.watchers.add(entry);
    return () => this.watchers.delete(entry);
  }

  private emit(type: ResourceType, event: WatchEventType, obj: Obj): void {
    for (const w of this.watchers) {
      if (w.type !== type) continue;
      if (w.ns !== undefined && w.ns !== obj.metadata.namespace) continue;
      w.fn(event, structuredClone(obj));
    }
  }
}
