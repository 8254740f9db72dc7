/**
 * The FAKE OpenTelemetry Operator's pod webhook, registered on the FAKE API server. It models
 * what the real one (internal/webhook/podmutation, pkg/sidecar) does that tracectl relies on:
 * - it reads collectors from the manager's informer cache, so a CR applied a moment ago can be
 *   missing, and the pod is then admitted without a sidecar (`hold()` freezes that cache);
 * - failurePolicy Ignore: without a ready webhook endpoint the pod is admitted unchanged;
 * - the sidecar is native (an init container with restartPolicy Always) on operator >= 0.132
 *   with Kubernetes >= 1.29, else an ordinary container;
 * - the CR's spec.image, spec.lifecycle and config (OTEL_CONFIG) are copied into the container,
 *   and the pod gets the `sidecar.opentelemetry.io/injected` label.
 */
import { stringify as stringifyYaml } from 'yaml';
import { INJECT_ANNOTATION, INJECTED_LABEL, SIDECAR_CONTAINER_NAME } from '../../src/contracts.js';
import type { FakeKubeApiServer } from './fake-kube-apiserver.js';
import type { Obj } from './fake-store.js';

type Json = Record<string, unknown>;
const OTEL = 'opentelemetry.io/v1beta1';

export interface FakeOperatorOptions {
  readonly namespace: string;
  /** Service behind the webhook; its EndpointSlice decides whether the webhook is reachable. */
  readonly service: string;
  /** MutatingWebhookConfiguration that registers the webhook. */
  readonly configuration: string;
  /** Operator Deployment, whose image tag is the operator version. */
  readonly deployment: string;
}

const version = (text: string | undefined): number[] =>
  (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '') ?? []).slice(1, 4).map((n) => Number(n ?? 0));

const atLeast = (v: readonly number[], min: readonly number[]): boolean => {
  for (let i = 0; i < min.length; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) > min[i]!;
  return true;
};

export class FakeOperatorWebhook {
  private snapshot: Obj[] | undefined;
  private readonly missWaiters = new Set<() => void>();
  /** Names of pods admitted without a sidecar they asked for (the CR was not in the cache). */
  readonly misses: string[] = [];

  constructor(
    private readonly fake: FakeKubeApiServer,
    private readonly opts: FakeOperatorOptions,
  ) {}

  /** Registers the webhook on the API server. */
  register(): this {
    this.fake.podWebhooks.push((pod) => this.mutate(pod));
    return this;
  }

  /** The informer stops seeing changes: collectors created from now on are not in the cache. */
  hold(): void {
    this.snapshot = this.collectors();
  }

  /** The informer catches up with the store. */
  release(): void {
    this.snapshot = undefined;
  }

  /** Resolves when the next pod is admitted without the sidecar it asked for. */
  nextMiss(): Promise<void> {
    return new Promise((resolve) => this.missWaiters.add(resolve));
  }

  /** Whether injection makes native sidecars, as the real operator decides at start-up. */
  get native(): boolean {
    const operator = this.fake.store.get(
      'apps/v1',
      'Deployment',
      this.opts.namespace,
      this.opts.deployment,
    );
    const image = (
      (operator?.spec as Json | undefined)?.template as { spec?: { containers?: Json[] } }
    )?.spec?.containers?.[0]?.image as string | undefined;
    const tag = image?.slice(image.lastIndexOf(':') + 1);
    return (
      atLeast(version(tag), [0, 132, 0]) && atLeast(version(this.fake.kubernetesVersion), [1, 29])
    );
  }

  private collectors(): Obj[] {
    const type = this.fake.store.typeFor(OTEL, 'OpenTelemetryCollector');
    return type ? this.fake.store.list(type, undefined) : [];
  }

  private reachable(): boolean {
    const s = this.fake.store;
    if (
      !s.get(
        'admissionregistration.k8s.io/v1',
        'MutatingWebhookConfiguration',
        undefined,
        this.opts.configuration,
      )
    )
      return false;
    const slices = s.list(
      s.typeFor('discovery.k8s.io/v1', 'EndpointSlice')!,
      this.opts.namespace,
      `kubernetes.io/service-name=${this.opts.service}`,
    );
    return slices.some((slice) =>
      ((slice.endpoints as { conditions?: { ready?: boolean } }[] | undefined) ?? []).some(
        (e) => e.conditions?.ready !== false,
      ),
    );
  }

  private find(value: string, podNamespace: string): Obj | undefined {
    const cached = this.snapshot ?? this.collectors();
    const mode = (c: Obj): unknown => (c.spec as Json).mode;
    if (value.toLowerCase() === 'true') {
      const sidecars = cached.filter(
        (c) => c.metadata.namespace === podNamespace && mode(c) === 'sidecar',
      );
      return sidecars.length === 1 ? sidecars[0] : undefined;
    }
    const [ns, name] = value.includes('/') ? value.split('/', 2) : [podNamespace, value];
    const cr = cached.find((c) => c.metadata.namespace === ns && c.metadata.name === name);
    return cr && mode(cr) === 'sidecar' ? cr : undefined;
  }

  mutate(pod: Obj): Obj {
    if (!this.reachable()) return pod;
    const ns = pod.metadata.namespace!;
    const nsAnnotations = this.fake.store.get('v1', 'Namespace', undefined, ns)?.metadata
      .annotations;
    const value =
      pod.metadata.annotations?.[INJECT_ANNOTATION] ?? nsAnnotations?.[INJECT_ANNOTATION] ?? '';
    if (value === '' || value.toLowerCase() === 'false') return pod;
    const spec = pod.spec as { containers: Json[]; initContainers?: Json[] };
    const has = (list?: Json[]): boolean =>
      (list ?? []).some((c) => c.name === SIDECAR_CONTAINER_NAME);
    if (has(spec.containers) || has(spec.initContainers)) return pod;
    const cr = this.find(value, ns);
    if (!cr) {
      this.misses.push(pod.metadata.name);
      for (const w of this.missWaiters) w();
      this.missWaiters.clear();
      return pod;
    }
    const crSpec = cr.spec as Json;
    const container: Json = {
      name: SIDECAR_CONTAINER_NAME,
      image: (crSpec.image as string | undefined) ?? 'collector',
      args: ['--config=env:OTEL_CONFIG'],
      env: [{ name: 'OTEL_CONFIG', value: stringifyYaml(crSpec.config ?? {}) }],
      ...(crSpec.lifecycle ? { lifecycle: structuredClone(crSpec.lifecycle) } : {}),
    };
    if (this.native)
      spec.initContainers = [
        ...(spec.initContainers ?? []),
        { ...container, restartPolicy: 'Always' },
      ];
    else spec.containers = [...spec.containers, container];
    pod.metadata.labels = {
      ...pod.metadata.labels,
      [INJECTED_LABEL]: `${cr.metadata.namespace}.${cr.metadata.name}`,
    };
    return pod;
  }
}
