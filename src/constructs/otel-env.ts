import * as kplus from 'cdk8s-plus-28';

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

/**
 * OpenTelemetry SDK environment for a pod on EKS, in order. Pod name and namespace come from the
 * downward API and are expanded into OTEL_RESOURCE_ATTRIBUTES with `$(VAR)`, which only works
 * for variables defined earlier in the list, hence the order. The EKS resource detector is
 * avoided on purpose: it needs aws-auth access.
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/
 */
export function otelEnv(options: OtelEnvOptions): Record<OtelEnvName, kplus.EnvValue> {
  const attributes = [
    'k8s.pod.name=$(K8S_POD_NAME)',
    'k8s.namespace.name=$(K8S_NAMESPACE_NAME)',
    `k8s.cluster.name=${options.clusterName}`,
    'cloud.provider=aws',
    'cloud.platform=aws_eks',
  ];
  return {
    K8S_POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
    K8S_NAMESPACE_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
    OTEL_SERVICE_NAME: kplus.EnvValue.fromValue(options.serviceName),
    OTEL_EXPORTER_OTLP_ENDPOINT: kplus.EnvValue.fromValue(options.otlpEndpoint),
    OTEL_RESOURCE_ATTRIBUTES: kplus.EnvValue.fromValue(attributes.join(',')),
    // Traces only: the SDK would otherwise also push metrics and logs to :4318.
    OTEL_METRICS_EXPORTER: kplus.EnvValue.fromValue('none'),
    OTEL_LOGS_EXPORTER: kplus.EnvValue.fromValue('none'),
  };
}
