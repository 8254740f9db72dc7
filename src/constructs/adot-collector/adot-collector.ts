import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IOpenTelemetryCollector } from '@kubernetes-models/opentelemetry-operator/opentelemetry.io/v1beta1/OpenTelemetryCollector';
import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import { collectorConfigHash } from '../../contracts.js';
import { collectorGracePeriodSeconds } from '../../shutdown-budget.js';
import { buildConfig } from './build-config.js';
import type { CollectorConfig } from './collector-config.js';
import { CollectorExporter } from './exporter.js';
import type { AdotCollectorProps, CollectorMode } from './props.js';
import { validateCollectorProps } from './validate.js';

type Spec = NonNullable<IOpenTelemetryCollector['spec']>;

/**
 * The ADOT collector image, pinned. Bump it here and nowhere else.
 * @see https://gallery.ecr.aws/aws-observability/aws-otel-collector
 */
export const ADOT_COLLECTOR_IMAGE = 'public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0';

/**
 * Non-root uid for the collector container, set explicitly so kubelet can verify runAsNonRoot
 * whatever user the image declares. The collector writes nothing to disk, so any uid works.
 */
export const ADOT_COLLECTOR_UID = 10001;

const DEFAULT_RESOURCES: Record<CollectorMode, IIoK8sApiCoreV1ResourceRequirements> = {
  sidecar: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
  deployment: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  },
};

/**
 * An ADOT collector as an `opentelemetry.io/v1beta1` OpenTelemetryCollector: OTLP in,
 * memory_limiter (then an optional service filter) then batch, out to X-Ray. Its config is a
 * typed object, and its hash is exposed so pods can carry it and roll when it changes.
 */
export class AdotCollector extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly mode: CollectorMode;
  readonly config: CollectorConfig;
  /** collectorConfigHash(spec.config): workloads using it put it on their pod template. */
  readonly configHash: string;
  /**
   * Hash of the other fields the operator copies into an injected sidecar (image, resources,
   * securityContext, lifecycle); workloads put it on their pod template as well.
   */
  readonly containerHash: string;
  /** The preStop sleep, if any; a workload checks its grace period covers it. */
  readonly preStopSleepSeconds?: number;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AdotCollectorProps) {
    super(scope, id);
    validateCollectorProps(`AdotCollector "${props.name}"`, props);
    this.name = props.name;
    this.namespace = props.namespace;
    this.mode = props.mode;
    this.config = buildConfig(props, props.exporter ?? CollectorExporter.awsXray());
    this.configHash = collectorConfigHash(this.config);
    const preStop = props.preStopSleepSeconds ?? 0;
    if (preStop > 0) this.preStopSleepSeconds = preStop;

    const spec: Spec = {
      mode: props.mode,
      image: props.image ?? ADOT_COLLECTOR_IMAGE,
      resources: props.resources ?? DEFAULT_RESOURCES[props.mode],
      // The collector container's own context, which also covers an injected sidecar: the app
      // pod sets seccomp per container, not pod-wide.
      securityContext: {
        runAsNonRoot: true,
        runAsUser: ADOT_COLLECTOR_UID,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(preStop > 0 ? { lifecycle: { preStop: { sleep: { seconds: preStop } } } } : {}),
      ...(props.mode === 'deployment' ? deploymentFields(props, preStop) : {}),
      // A detached JSON copy: the CR model's types are mutable, ours are readonly.
      config: JSON.parse(JSON.stringify(this.config)) as Spec['config'],
    };
    const { image, resources, securityContext, lifecycle } = spec;
    this.containerHash = collectorConfigHash({ image, resources, securityContext, lifecycle });
    // Escape hatch: the operator's CRs are not in cdk8s-plus, and the frozen 1.28 API it wraps
    // has no `sleep` lifecycle action, so the CR is a plain ApiObject typed by kubernetes-models.
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/part-of': 'eks-xray' },
      },
      spec,
    } satisfies IOpenTelemetryCollector);
    if (props.serviceAccount) this.node.addDependency(props.serviceAccount);
  }
}

/** Pod-level fields the operator applies to its own Deployment (ignored for sidecars). */
function deploymentFields(props: AdotCollectorProps, preStop: number): Partial<Spec> {
  return {
    replicas: props.replicas ?? 2,
    serviceAccount: props.serviceAccount?.name,
    podSecurityContext: {
      runAsNonRoot: true,
      runAsUser: ADOT_COLLECTOR_UID,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    // Stated rather than left to the operator's default (maxUnavailable 1), like the workloads'.
    podDisruptionBudget: { minAvailable: props.minAvailable ?? 1 },
    // The preStop wait, then one export of the last batch.
    terminationGracePeriodSeconds: collectorGracePeriodSeconds(preStop),
  };
}
