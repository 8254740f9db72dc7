/** Typed access to the pod template of a synthesized Deployment. */
import { at, type K8sObject } from './manifests.js';

export interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  securityContext?: Record<string, unknown>;
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

export function podSpec(deployment: K8sObject): Record<string, unknown> {
  return at(deployment, 'spec', 'template', 'spec');
}
export function container(deployment: K8sObject, name: string): Container {
  const containers = at<Container[]>(podSpec(deployment), 'containers');
  const found = containers.find((c) => c.name === name);
  if (!found) throw new Error(`no container ${name}`);
  return found;
}
export function envValue(c: Container, name: string): string | undefined {
  return c.env?.find((e) => e.name === name)?.value;
}
