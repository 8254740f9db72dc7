import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { IrsaServiceAccount } from '../irsa-service-account.js';
import type { CollectorExporter } from './exporter.js';

/** A per-replica budget of spans per second, applied to whole traces. */
export interface SpanBudget {
  readonly spansPerSecond: number;
  /**
   * Largest trace, in bytes, considered at all; larger ones are dropped early, which keeps the
   * processor's memory predictable.
   */
  readonly maxTraceBytes: number;
}

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
  /** Largest request body, in bytes after decompression; larger ones get 413. @default 20 MiB */
  readonly maxRequestBodyBytes?: number;
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
   * Service account of the collector pods, in the same namespace. Required in deployment mode
   * (it carries the IRSA role); refused in sidecar mode, where the operator ignores it.
   * @see https://github.com/open-telemetry/opentelemetry-operator/blob/main/docs/api/opentelemetrycollectors.md
   */
  readonly serviceAccount?: IrsaServiceAccount;
  /** Deployment mode only. @default 2 */
  readonly replicas?: number;
  /** Deployment mode only: PodDisruptionBudget minAvailable. @default 1 */
  readonly minAvailable?: number;
  /**
   * Seconds the collector keeps receiving after its pod starts terminating, as a preStop `sleep`
   * action (the image has no shell). The operator copies it into the injected sidecar, classic or
   * native alike. Needs Kubernetes >= 1.30 (beta there, on by default).
   * @default 0 (no preStop hook)
   * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations
   */
  readonly preStopSleepSeconds?: number;
  /**
   * Accept spans only from these services: the resource's `service.name`, and
   * `aws.local.service` wherever it is set. Others are dropped by a filter processor and counted.
   * @default undefined: every service is accepted
   */
  readonly allowedServiceNames?: readonly string[];
  /**
   * Most spans per second this collector (each replica) forwards; whole traces over the budget
   * are dropped. Bounds what an open endpoint can cost, whatever the number of clients.
   * @default undefined: no budget
   */
  readonly spanBudget?: SpanBudget;
  /**
   * Endpoint of the `awsproxy` extension, which forwards X-Ray sampling API calls signed with the
   * pod's credentials (for centralized sampling). @default undefined: no proxy
   */
  readonly xraySamplingProxy?: string;
  /** @default small requests/limits sized for trace-only traffic */
  readonly resources?: IIoK8sApiCoreV1ResourceRequirements;
  /** @default ADOT_COLLECTOR_IMAGE */
  readonly image?: string;
}
