/**
 * FAKE controllers for the FAKE API server: just enough of the Deployment controller, the
 * OpenTelemetry Operator (collector Deployment; its sidecar webhook is in fake-operator.ts) and
 * the EKS pod identity webhook to let tests reach a "settled" cluster. They react to store changes, like real ones.
 */
import { IRSA_ROLE_ANNOTATION, SIDECAR_CONTAINER_NAME } from '../../src/contracts.js';
import type { FakeKubeApiServer } from './fake-kube-apiserver.js';
import type { Obj } from './fake-store.js';

type Json = Record<string, unknown>;
const OTEL = 'opentelemetry.io/v1beta1';

export interface ControllerOptions {
  /** Leave Deployments unrolled (to test waiting and timeouts). */
  readonly rollouts?: boolean;
}

/** Builds the pods a Deployment would have, passing them through the fake webhooks. */
export function podsFor(fake: FakeKubeApiServer, d: Obj): Obj[] {
  const ns = d.metadata.namespace!;
  const spec = d.spec as { replicas?: number; template: { metadata?: Json; spec: Json } };
  const tmeta = (spec.template.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const out: Obj[] = [];
  for (let i = 0; i < (spec.replicas ?? 1); i++) {
    // The operator's webhook first (fake-operator.ts), then the EKS pod identity webhook's
    // changes below: so the sidecar gets AWS_ROLE_ARN too, as on EKS.
    const pod = fake.admitPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${d.metadata.name}-g${String(d.metadata.generation)}-${i}`,
        namespace: ns,
        labels: { ...tmeta.labels },
        annotations: { ...tmeta.annotations },
      },
      spec: structuredClone(spec.template.spec),
    });
    const podSpec = pod.spec as {
      containers: Json[];
      initContainers?: Json[];
      volumes?: Json[];
      serviceAccountName?: string;
    };
    const sa = fake.store.get('v1', 'ServiceAccount', ns, podSpec.serviceAccountName ?? 'default');
    const arn = sa?.metadata.annotations?.[IRSA_ROLE_ANNOTATION];
    if (arn) {
      for (const c of [...podSpec.containers, ...(podSpec.initContainers ?? [])])
        c.env = [...((c.env as Json[]) ?? []), { name: 'AWS_ROLE_ARN', value: arn }];
      podSpec.volumes = [
        ...(podSpec.volumes ?? []),
        { name: 'aws-iam-token', projected: { sources: [] } },
      ];
    }
    const names = (list?: Json[]): Json[] =>
      (list ?? []).map((c) => ({ name: c.name, ready: true }));
    out.push({
      ...pod,
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: names(podSpec.containers),
        initContainerStatuses: names(podSpec.initContainers),
      },
    });
  }
  return out;
}

/** Finishes a Deployment's rollout: new pods replace old ones, status says complete. */
export function completeRollout(fake: FakeKubeApiServer, ns: string, name: string): void {
  const d = fake.store.get('apps/v1', 'Deployment', ns, name);
  if (!d) throw new Error(`no deployment ${ns}/${name}`);
  const selector = ((d.spec as Json).selector as { matchLabels: Record<string, string> })
    .matchLabels;
  const podType = fake.store.typeFor('v1', 'Pod')!;
  const sel = Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  for (const old of fake.store.list(podType, ns, sel))
    fake.store.delete('v1', 'Pod', ns, old.metadata.name);
  for (const pod of podsFor(fake, d)) fake.store.put(pod);
  const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
  fake.store.put({
    ...d,
    status: {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: replicas,
      availableReplicas: replicas,
    },
  });
}

/** The operator's Deployment for a deployment-mode collector (labels as the operator sets them). */
export function collectorDeployment(cr: Obj): Obj {
  const ns = cr.metadata.namespace!;
  const labels = {
    'app.kubernetes.io/managed-by': 'opentelemetry-operator',
    'app.kubernetes.io/component': 'opentelemetry-collector',
    'app.kubernetes.io/instance': `${ns}.${cr.metadata.name}`,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${cr.metadata.name}-collector`, namespace: ns, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: (cr.spec as Json).serviceAccount,
          containers: [{ name: SIDECAR_CONTAINER_NAME, image: 'collector' }],
        },
      },
    },
  };
}

/** Starts the fake controllers; returns a function that stops them. */
export function startControllers(
  fake: FakeKubeApiServer,
  opts: ControllerOptions = {},
): () => void {
  const s = fake.store;
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, 5);
    timers.add(t);
  };
  const stopDeployments = s.watch(s.typeFor('apps/v1', 'Deployment')!, undefined, (event, d) => {
    if (event === 'DELETED' || opts.rollouts === false) return;
    const status = (d.status ?? {}) as { observedGeneration?: number };
    if (status.observedGeneration === d.metadata.generation) return;
    later(() => completeRollout(fake, d.metadata.namespace!, d.metadata.name));
  });
  const crType = s.typeFor(OTEL, 'OpenTelemetryCollector');
  const stopCollectors = crType
    ? s.watch(crType, undefined, (event, cr) => {
        if (event !== 'DELETED' && ((cr.spec as Json).mode ?? 'deployment') === 'deployment')
          later(() => s.put(collectorDeployment(cr)));
      })
    : () => undefined;
  return () => {
    stopDeployments();
    stopCollectors();
    for (const t of timers) clearTimeout(t);
  };
}

/**
 * A cluster where everything was applied and every controller has done its work: the state
 * doctor should find healthy. Objects go in in apply order, so webhooks see the CRs.
 */
export function settle(fake: FakeKubeApiServer, objs: readonly Obj[]): void {
  const rank = (o: Obj): number => {
    const i = ['Namespace', 'ServiceAccount', 'OpenTelemetryCollector'].indexOf(o.kind);
    return i < 0 ? 3 : i;
  };
  for (const o of [...objs].sort((a, b) => rank(a) - rank(b))) fake.store.put(o);
  for (const o of objs) {
    if (
      o.kind === 'OpenTelemetryCollector' &&
      ((o.spec as Json).mode ?? 'deployment') === 'deployment'
    ) {
      fake.store.put(collectorDeployment(o));
      completeRollout(fake, o.metadata.namespace!, `${o.metadata.name}-collector`);
    }
    if (o.kind === 'Deployment') completeRollout(fake, o.metadata.namespace!, o.metadata.name);
  }
}
