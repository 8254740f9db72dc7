/**
 * Closes the race between a new sidecar OpenTelemetryCollector and the Deployments that name
 * it. The operator's pod webhook reads collectors from its informer cache, and when the CR is
 * not there yet it admits the pod without a sidecar (opentelemetry-operator
 * internal/webhook/podmutation/webhookhandler.go answers Allowed on the lookup error, v0.131.0
 * to v0.158.0). So before applying such a Deployment, apply creates one of its pods as a
 * server-side dry run (dryRun=All): the API server runs mutating webhooks on dry runs when they
 * are registered `sideEffects: None`, as the operator's mpod.kb.io is, and the answer shows
 * whether the sidecar container was injected. It retries with backoff until it is, or until
 * --timeout.
 */
import type { V1Pod, V1PodTemplateSpec } from '@kubernetes/client-node';
import { INJECT_ANNOTATION } from '../../contracts.js';
import { CliError, EXIT, isHttpStatus } from '../errors.js';
import { effectiveInjectValue, requestsSidecar } from '../inject.js';
import type { Io } from '../io.js';
import type { Kube } from '../kube.js';
import { ref, type Manifest } from '../manifests.js';
import { Progress } from '../progress.js';
import { sidecarContainer } from '../workloads.js';

/** Backoff between probes: fast at first (the cache usually catches up within a second). */
const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 5000;

/** The collector an inject value points at, for messages. */
function describeTarget(value: string, namespace: string): string {
  if (value.toLowerCase() === 'true') return `the sidecar collector of namespace ${namespace}`;
  return `collector ${value.includes('/') ? value : `${namespace}/${value}`}`;
}

/** A dry-run pod from the Deployment's own template: admission sees exactly what a rollout creates. */
function probePod(m: Manifest, namespace: string): V1Pod {
  const template = (m.spec as { template?: V1PodTemplateSpec } | undefined)?.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${m.metadata.name}-tracectl-probe-`,
      namespace,
      labels: template?.metadata?.labels,
      annotations: template?.metadata?.annotations,
    },
    spec: template?.spec ?? { containers: [] },
  };
}

export interface InjectionGateOptions {
  readonly timeoutMs: number;
  /** Namespace of objects without one (the kubeconfig context's). */
  readonly defaultNamespace: string;
}

export class InjectionGate {
  private readonly checked = new Set<string>();
  private readonly namespaceAnnotations = new Map<string, Record<string, string> | undefined>();

  constructor(
    private readonly kube: Kube,
    manifests: readonly Manifest[],
    private readonly io: Io,
    private readonly opts: InjectionGateOptions,
  ) {
    for (const m of manifests)
      if (m.kind === 'Namespace')
        this.namespaceAnnotations.set(
          m.metadata.name,
          (m.metadata.annotations as Record<string, string> | undefined) ?? undefined,
        );
  }

  /** Call before applying `m`: for a Deployment that asks for a sidecar, waits until injection works. */
  async before(m: Manifest): Promise<void> {
    if (m.kind !== 'Deployment') return;
    const namespace = m.metadata.namespace ?? this.opts.defaultNamespace;
    const template = (m.spec as { template?: V1PodTemplateSpec } | undefined)?.template;
    const value = effectiveInjectValue(
      template?.metadata?.annotations,
      this.namespaceAnnotations.get(namespace),
    );
    if (!requestsSidecar(value)) return;
    const key = `${namespace}\u0000${value}`;
    if (this.checked.has(key)) return;
    await this.wait(m, namespace, value);
    this.checked.add(key);
  }

  private async probe(m: Manifest, namespace: string): Promise<V1Pod> {
    return this.kube.call(
      { verb: 'create', resource: 'pods', namespace, name: `(dry run for ${ref(m)})` },
      () =>
        this.kube.core.createNamespacedPod({
          namespace,
          body: probePod(m, namespace),
          dryRun: 'All',
        }),
    );
  }

  private async wait(m: Manifest, namespace: string, value: string): Promise<void> {
    const target = describeTarget(value, namespace);
    const label = `sidecar injection into deployment ${namespace}/${m.metadata.name}`;
    const progress = new Progress(this.io.stdout);
    progress.track([{ label, done: false, failed: false, message: 'probing' }]);
    const deadline = Date.now() + this.opts.timeoutMs;
    let delay = FIRST_DELAY_MS;
    let attempts = 0;
    for (;;) {
      attempts++;
      let pod: V1Pod;
      try {
        pod = await this.probe(m, namespace);
      } catch (err) {
        const refused = [400, 403, 422].some((code) => isHttpStatus((err as CliError).cause, code));
        if (!(err instanceof CliError) || !refused) throw err;
        // Not allowed to create pods, or the pod itself is refused (quota, pod security): the
        // rollout would show the latter; only the injection check is lost.
        progress.finish([]);
        this.io.stderr.write(
          `warning: cannot check that ${target} is injected into deployment ${namespace}/${m.metadata.name}: ${err.message}; applying it without that check\n`,
        );
        return;
      }
      const sidecar = sidecarContainer(pod);
      if (sidecar) {
        const kind = pod.spec?.initContainers?.includes(sidecar)
          ? 'native sidecar'
          : 'classic sidecar';
        progress.finish([
          {
            label,
            done: true,
            failed: false,
            message: `${target} is injected (${kind}${attempts > 1 ? `, after ${attempts} probes` : ''})`,
          },
        ]);
        return;
      }
      const message = `the webhook admitted a dry-run pod without ${target} (not in the operator's cache yet, or the webhook is down); retrying`;
      progress.update([{ label, done: false, failed: false, message }]);
      const left = deadline - Date.now();
      if (left <= 0) {
        progress.finish([
          { label, done: true, failed: true, message: `timed out after ${attempts} probes` },
        ]);
        throw new CliError(
          `timed out after ${Math.round(this.opts.timeoutMs / 1000)}s waiting for the operator's webhook to inject ${target} (${INJECT_ANNOTATION}: ${value}) into pods of deployment ${namespace}/${m.metadata.name}; that Deployment and the objects after it were not applied, since its pods would start without a sidecar. Run tracectl doctor`,
          EXIT.failed,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
