/**
 * The pod the OpenTelemetry Operator's webhook makes from a Deployment's pod template and a
 * sidecar-mode collector CR, in its two forms. Mirrors `pkg/sidecar/pod.go` (add) of the
 * operator at v0.131.0 / v0.132.0: the collector container (`otc-container`) carries the CR's
 * `lifecycle` and `securityContext`; classic appends it to `containers`, native appends it to
 * `initContainers` with restartPolicy Always.
 */
import { SIDECAR_CONTAINER_NAME } from '../../../src/contracts.js';
import type { PodSpecLike } from '../../../src/shutdown-budget.js';
import { at, type K8sObject } from './manifests.js';
import { podSpec } from './pod.js';

export type InjectedKind = 'classic' | 'native';

export function injectedPod(
  deployment: K8sObject,
  collector: K8sObject,
  kind: InjectedKind,
): PodSpecLike {
  const spec = structuredClone(podSpec(deployment)) as unknown as PodSpecLike;
  const sidecar = {
    name: SIDECAR_CONTAINER_NAME,
    image: at<string>(collector, 'spec', 'image'),
    securityContext: at(collector, 'spec', 'securityContext'),
    lifecycle: at<PodSpecLike['containers'][number]['lifecycle']>(collector, 'spec', 'lifecycle'),
  };
  return kind === 'native'
    ? {
        ...spec,
        initContainers: [...(spec.initContainers ?? []), { ...sidecar, restartPolicy: 'Always' }],
      }
    : { ...spec, containers: [...spec.containers, sidecar] };
}
