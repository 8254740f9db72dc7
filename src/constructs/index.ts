/**
 * The constructs the charts compose. Named exports only: this is the public face, and the files
 * behind it (validation helpers, config builders) stay private unless listed here.
 */
export {
  ADOT_COLLECTOR_IMAGE,
  ADOT_COLLECTOR_UID,
  AdotCollector,
} from './adot-collector/adot-collector.js';
export type {
  AdotCollectorProps,
  CollectorMode,
  OtlpHttpOptions,
  SpanBudget,
} from './adot-collector/props.js';
export {
  OTLP_HTTP_TRACES_PATH,
  SERVICE_FILTER,
  SPAN_BUDGET,
  type CollectorConfig,
  type FilterProcessorConfig,
} from './adot-collector/collector-config.js';
export { CollectorExporter } from './adot-collector/exporter.js';
export {
  CollectorService,
  type CollectorServiceProps,
} from './adot-collector/collector-service.js';
export {
  ALB_DEREGISTRATION_WAIT_SECONDS,
  AlbIngress,
  type AlbIngressProps,
} from './alb-ingress/alb-ingress.js';
export { AlbRoute, AlbWaf, type AlbBackend, type HttpMethod } from './alb-ingress/routing.js';
export { IrsaServiceAccount, type IrsaServiceAccountProps } from './irsa-service-account.js';
export {
  JsonConfigMap,
  RUNTIME_CONFIG_HASH_ANNOTATION,
  type JsonConfigMapProps,
} from './json-config-map.js';
export { otelEnv, type NamedEnvVar, type OtelEnvName, type OtelEnvOptions } from './otel-env.js';
export { envValues } from './workload/env.js';
export { RestrictedNamespace, type RestrictedNamespaceProps } from './restricted-namespace.js';
export { InvalidPropError, dns1123LabelProblem } from './validation.js';
export { SecureWorkload } from './workload/secure-workload.js';
export type { MountedFile, SecureWorkloadProps } from './workload/props.js';
