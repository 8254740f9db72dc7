import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IOpenTelemetryCollector } from '@kubernetes-models/opentelemetry-operator/opentelemetry.io/v1beta1/OpenTelemetryCollector';
import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

type SpecConfig = NonNullable<IOpenTelemetryCollector['spec']>['config'];
import { collectorConfigHash } from '../../contracts.js';
import {
  InvalidPropError,
  corsOriginProblem,
  dns1123LabelProblem,
  pinnedImageProblem,
  regionProblem,
} from '../validation.js';
import type { CollectorConfig, OtlpReceiverConfig } from './collector-config.js';
import { CollectorExporter } from './exporter.js';

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

/** `sidecar`: injected into app pods by the operator webhook. `deployment`: its own pods. */
export type CollectorMode = 'sidecar' | 'deployment';

export interface OtlpHttpOptions {
  /** @default '0.0.0.0:4318' */
  readonly endpoint?: string;
  /** Exact browser origins allowed by CORS; empty means no CORS block. @default [] */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * Request headers browsers may send (beyond the CORS-safelisted ones).
   * @default ['Content-Type'] what the browser OTLP/HTTP exporter sets
   */
  readonly corsAllowedHeaders?: readonly string[];
}

export interface AdotCollectorProps {
  /** Name of the OpenTelemetryCollector CR; for a sidecar, the inject annotation value. */
  readonly name: string;
  readonly namespace: string;
  readonly mode: CollectorMode;
  /** AWS region of the X-Ray data; set explicitly so the exporter never guesses. */
  readonly region: string;
  /** OTLP/gRPC receiver endpoint, or undefined for none. @default undefined */
  readonly otlpGrpcEndpoint?: string;
  /** OTLP/HTTP receiver, or undefined for none. @default undefined */
  readonly otlpHttp?: OtlpHttpOptions;
  /** @default CollectorExporter.awsXray() with no indexed attributes */
  readonly exporter?: CollectorExporter;
  /**
   * Service account of the collector pods. Required in deployment mode (it carries the IRSA
   * role); refused in sidecar mode, where the operator ignores it and the sidecar runs under
   * the app pod's service account.
   * @see https://github.com/open-telemetry/opentelemetry-operator/blob/main/docs/api/opentelemetrycollectors.md
   */
  readonly serviceAccount?: string;
  /** Deployment mode only. @default 2 */
  readonly replicas?: number;
  /** @default small requests/limits sized for trace-only traffic */
  readonly resources?: IIoK8sApiCoreV1ResourceRequirements;
  /** @default ADOT_COLLECTOR_IMAGE */
  readonly image?: string;
}

const DEFAULT_RESOURCES: Record<CollectorMode, IIoK8sApiCoreV1ResourceRequirements> = {
  sidecar: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '128Mi' } },
  deployment: {
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '500m', memory: '256Mi' },
  },
};

/**
 * An ADOT collector as an `opentelemetry.io/v1beta1` OpenTelemetryCollector: OTLP in,
 * memory_limiter then batch, out to X-Ray. Its config is a typed object, and its hash is
 * exposed so pods can carry it and roll when it changes.
 */
export class AdotCollector extends Construct {
  readonly name: string;
  readonly namespace: string;
  readonly mode: CollectorMode;
  readonly config: CollectorConfig;
  /** collectorConfigHash(spec.config): put it on the pod template of the workloads using it. */
  readonly configHash: string;
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AdotCollectorProps) {
    super(scope, id);
    const where = `AdotCollector "${props.name}"`;
    validateProps(where, props);

    this.name = props.name;
    this.namespace = props.namespace;
    this.mode = props.mode;
    const exporter = props.exporter ?? CollectorExporter.awsXray();
    this.config = buildConfig(props, exporter);
    this.configHash = collectorConfigHash(this.config);

    const body: IOpenTelemetryCollector = {
      apiVersion: 'opentelemetry.io/v1beta1',
      kind: 'OpenTelemetryCollector',
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/name': props.name, 'app.kubernetes.io/part-of': 'eks-xray' },
      },
      spec: {
        mode: props.mode,
        image: props.image ?? ADOT_COLLECTOR_IMAGE,
        resources: props.resources ?? DEFAULT_RESOURCES[props.mode],
        // Applies to the collector container; in sidecar mode the pod-level context is the app's.
        securityContext: {
          runAsNonRoot: true,
          runAsUser: ADOT_COLLECTOR_UID,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
        ...(props.mode === 'deployment'
          ? {
              replicas: props.replicas ?? 2,
              serviceAccount: props.serviceAccount,
              podSecurityContext: {
                runAsNonRoot: true,
                runAsUser: ADOT_COLLECTOR_UID,
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }
          : {}),
        // A detached JSON copy: the CR model's types are mutable, ours are readonly.
        config: JSON.parse(JSON.stringify(this.config)) as SpecConfig,
      },
    };
    this.apiObject = new ApiObject(this, 'Resource', body);
  }

  /**
   * Value for the `sidecar.opentelemetry.io/inject` annotation on a pod template in the same
   * namespace. Only a sidecar collector can be injected.
   */
  get injectAnnotationValue(): string {
    if (this.mode !== 'sidecar') {
      throw new Error(
        `AdotCollector "${this.name}" is in ${this.mode} mode; only a sidecar-mode collector can be named in the inject annotation. Create a collector with mode: 'sidecar' for pods to inject.`,
      );
    }
    return this.name;
  }
}

function validateProps(where: string, props: AdotCollectorProps): void {
  const nameProblem = dns1123LabelProblem(props.name);
  if (nameProblem) throw new InvalidPropError(where, 'name', props.name, nameProblem);
  const nsProblem = dns1123LabelProblem(props.namespace);
  if (nsProblem) throw new InvalidPropError(where, 'namespace', props.namespace, nsProblem);
  const regionIssue = regionProblem(props.region);
  if (regionIssue) throw new InvalidPropError(where, 'region', props.region, regionIssue);
  const imageIssue = props.image === undefined ? undefined : pinnedImageProblem(props.image);
  if (imageIssue) throw new InvalidPropError(where, 'image', props.image, imageIssue);

  if (props.mode === 'sidecar' && props.serviceAccount !== undefined) {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      props.serviceAccount,
      "The OpenTelemetry Operator ignores serviceAccount in sidecar mode: the sidecar runs under the app pod's service account. Remove it and grant X-Ray write to the app's IRSA role instead.",
    );
  }
  if (props.mode === 'deployment' && (props.serviceAccount ?? '') === '') {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      props.serviceAccount,
      'Deployment mode needs a service account carrying the IRSA role with X-Ray write; otherwise the exporter gets AccessDenied. Pass the name of an IrsaServiceAccount.',
    );
  }
  if (props.mode === 'sidecar' && props.replicas !== undefined) {
    throw new InvalidPropError(
      where,
      'replicas',
      props.replicas,
      'A sidecar has one instance per app pod; scale the app Deployment instead and remove replicas.',
    );
  }
  if (props.replicas !== undefined && (!Number.isInteger(props.replicas) || props.replicas < 1)) {
    throw new InvalidPropError(where, 'replicas', props.replicas, 'Use a whole number >= 1.');
  }
  if (props.otlpGrpcEndpoint === undefined && props.otlpHttp === undefined) {
    throw new InvalidPropError(
      where,
      'otlpGrpcEndpoint/otlpHttp',
      undefined,
      'The collector needs at least one OTLP receiver protocol: set otlpGrpcEndpoint (e.g. "127.0.0.1:4317") and/or otlpHttp.',
    );
  }
  if (props.otlpGrpcEndpoint !== undefined) {
    checkEndpoint(where, 'otlpGrpcEndpoint', props.otlpGrpcEndpoint, props.mode);
  }
  if (props.otlpHttp?.endpoint !== undefined) {
    checkEndpoint(where, 'otlpHttp.endpoint', props.otlpHttp.endpoint, props.mode);
  }
  const origins = props.otlpHttp?.corsAllowedOrigins ?? [];
  origins.forEach((origin, i) => {
    const problem = corsOriginProblem(origin);
    if (problem) {
      throw new InvalidPropError(where, `otlpHttp.corsAllowedOrigins[${i}]`, origin, problem);
    }
  });
}

const ENDPOINT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A receiver endpoint is "host:port"; a deployment-mode one must be reachable from other pods. */
function checkEndpoint(where: string, prop: string, value: string, mode: CollectorMode): void {
  const match = ENDPOINT.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65535) {
    throw new InvalidPropError(where, prop, value, 'Use "host:port", e.g. "0.0.0.0:4318".');
  }
  if (mode === 'deployment' && LOOPBACK_HOSTS.has(match[1])) {
    throw new InvalidPropError(
      where,
      prop,
      value,
      `A deployment-mode collector is reached from other pods through its Service, never on loopback; bind to "0.0.0.0:${port}".`,
    );
  }
}

function buildConfig(props: AdotCollectorProps, exporter: CollectorExporter): CollectorConfig {
  const parts = exporter.parts(props.region);
  const protocols: {
    -readonly [K in keyof OtlpReceiverConfig['protocols']]: OtlpReceiverConfig['protocols'][K];
  } = {};
  if (props.otlpGrpcEndpoint !== undefined) protocols.grpc = { endpoint: props.otlpGrpcEndpoint };
  if (props.otlpHttp !== undefined) {
    const origins = props.otlpHttp.corsAllowedOrigins ?? [];
    protocols.http = {
      endpoint: props.otlpHttp.endpoint ?? '0.0.0.0:4318',
      ...(origins.length > 0
        ? {
            cors: {
              allowed_origins: [...origins],
              allowed_headers: [...(props.otlpHttp.corsAllowedHeaders ?? ['Content-Type'])],
              // Lets browsers cache the preflight instead of sending OPTIONS before every export.
              max_age: 7200,
            },
          }
        : {}),
    };
  }
  return {
    receivers: { otlp: { protocols } },
    processors: {
      // memory_limiter must come first so it can refuse data before anything buffers it.
      // https://github.com/open-telemetry/opentelemetry-collector/tree/main/processor/memorylimiterprocessor
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 25 },
      // A short timeout keeps little in memory when the pod is told to stop.
      batch: { timeout: '1s', send_batch_size: 256 },
    },
    exporters: parts.exporters,
    extensions: {
      // 0.0.0.0 because the operator derives probes from this port and kubelet probes the pod IP.
      health_check: { endpoint: '0.0.0.0:13133' },
      ...parts.extensions,
    },
    service: {
      extensions: ['health_check', ...parts.extensionNames],
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'batch'],
          exporters: [...parts.exporterNames],
        },
      },
    },
  };
}
