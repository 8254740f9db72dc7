import { OpenTelemetryCollector } from '@kubernetes-models/opentelemetry-operator/opentelemetry.io/v1beta1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { K8sObject } from './manifests.js';

interface Validatable {
  validate(): void;
}
type ModelFactory = (data: K8sObject) => Validatable;

/** Every kind the charts may emit, with the kubernetes-models class that validates it. */
const MODELS: Record<string, ModelFactory> = {
  'opentelemetry.io/v1beta1/OpenTelemetryCollector': (d) =>
    new OpenTelemetryCollector(
      d as unknown as ConstructorParameters<typeof OpenTelemetryCollector>[0],
    ),
  'apps/v1/Deployment': (d) =>
    new Deployment(d as unknown as ConstructorParameters<typeof Deployment>[0]),
  'networking.k8s.io/v1/Ingress': (d) =>
    new Ingress(d as unknown as ConstructorParameters<typeof Ingress>[0]),
  'policy/v1/PodDisruptionBudget': (d) =>
    new PodDisruptionBudget(d as unknown as ConstructorParameters<typeof PodDisruptionBudget>[0]),
  'v1/ConfigMap': (d) => new ConfigMap(d as unknown as ConstructorParameters<typeof ConfigMap>[0]),
  'v1/Namespace': (d) => new Namespace(d as unknown as ConstructorParameters<typeof Namespace>[0]),
  'v1/Service': (d) => new Service(d as unknown as ConstructorParameters<typeof Service>[0]),
  'v1/ServiceAccount': (d) =>
    new ServiceAccount(d as unknown as ConstructorParameters<typeof ServiceAccount>[0]),
};

/** Throws when the kind is unknown or the object violates its OpenAPI schema. */
export function validateAgainstSchema(object: K8sObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const factory = MODELS[key];
  if (factory === undefined) {
    throw new Error(`no schema registered for ${key}; add its kubernetes-models class to MODELS`);
  }
  factory(object).validate();
}
