import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';

export interface OtelEnvOptions {
  readonly serviceName: string;
  readonly clusterName: string;
  /** Where the SDK exports; the sidecar listens on loopback. */
  readonly otlpEndpoint: string;
}

/** Names otelEnv sets: the two downward-API helpers, then standard OpenTelemetry variables. */
export type OtelEnvName =
  | 'K8S_POD_NAME'
  | 'K8S_NAMESPACE_NAME'
  | 'OTEL_SERVICE_NAME'
  | 'OTEL_EXPORTER_OTLP_ENDPOINT'
  | 'OTEL_RESOURCE_ATTRIBUTES'
  | 'OTEL_METRICS_EXPORTER'
  | 'OTEL_LOGS_EXPORTER';

/** A container env entry whose name is known at compile time. */
export type NamedEnvVar<N extends string> = IIoK8sApiCoreV1EnvVar & { readonly name: N };

/**
 * OpenTelemetry SDK environment for a pod on EKS, in order. Pod name and namespace come from the
 * downward API and are expanded into OTEL_RESOURCE_ATTRIBUTES with `$(VAR)`, which only works
 * for variables defined earlier in the list, hence the order. The EKS resource detector is
 * avoided on purpose: it needs aws-auth access. Plain data with no cdk8s import, so the local
 * stack gives its process the same environment.
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
 */
export function otelEnv(options: OtelEnvOptions): NamedEnvVar<OtelEnvName>[] {
  const attributes = [
    'k8s.pod.name=$(K8S_POD_NAME)',
    'k8s.namespace.name=$(K8S_NAMESPACE_NAME)',
    `k8s.cluster.name=${options.clusterName}`,
    'cloud.provider=aws',
    'cloud.platform=aws_eks',
  ];
  return [
    { name: 'K8S_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'K8S_NAMESPACE_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'OTEL_SERVICE_NAME', value: options.serviceName },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: options.otlpEndpoint },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes.join(',') },
    // Traces only: the SDK would otherwise also push metrics and logs to :4318.
    { name: 'OTEL_METRICS_EXPORTER', value: 'none' },
    { name: 'OTEL_LOGS_EXPORTER', value: 'none' },
  ];
}
