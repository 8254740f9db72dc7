/**
 * Reads everything doctor needs in two rounds of parallel list/get calls (a fixed number of
 * requests, whatever the number of workloads). Namespace-scoped reads must succeed; cluster-
 * scoped ones may be forbidden and then degrade to a warning (see Maybe).
 */
import type { V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import {
  readTerraformOutputs,
  TerraformOutputsError,
  type TerraformOutputs,
} from '../../terraform-outputs.js';
import { listCollectors } from '../collectors.js';
import { CliError, EXIT, isHttpStatus } from '../errors.js';
import { effectiveInjectValue, namespacesToLoad } from '../inject.js';
import type { Kube } from '../kube.js';
import { COLLECTOR_CRD } from '../preflight.js';
import type { DoctorData, Maybe, WebhookTarget } from './types.js';

export const CERT_MANAGER_CRD = 'certificates.cert-manager.io';
/** Name of the operator's pod-mutating webhook (kubebuilder marker in the operator's pod webhook). */
export const POD_WEBHOOK = 'mpod.kb.io';
/** Labels the operator puts on collector pods. */
export const COLLECTOR_POD_SELECTOR =
  'app.kubernetes.io/managed-by=opentelemetry-operator,app.kubernetes.io/component=opentelemetry-collector';

async function maybe<T>(p: Promise<T>): Promise<Maybe<T>> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (err instanceof CliError && (isHttpStatus(err.cause, 403) || isHttpStatus(err.cause, 404))) {
      return { ok: false, notFound: isHttpStatus(err.cause, 404), error: err };
    }
    throw err;
  }
}

/** The service behind the operator's pod-injection webhook, if any configuration has it. */
export function findPodWebhook(
  configs: readonly V1MutatingWebhookConfiguration[],
): WebhookTarget | undefined {
  for (const cfg of configs) {
    for (const wh of cfg.webhooks ?? []) {
      const isPodWebhook =
        wh.name === POD_WEBHOOK ||
        (/opentelemetry/.test(cfg.metadata?.name ?? '') &&
          (wh.rules ?? []).some((r) => r.resources?.includes('pods')));
      const svc = wh.clientConfig.service;
      if (isPodWebhook && svc) {
        return {
          configName: cfg.metadata?.name ?? '?',
          namespace: svc.namespace,
          service: svc.name,
          failurePolicy: wh.failurePolicy ?? 'Fail',
        };
      }
    }
  }
  return undefined;
}

export interface GatherOptions {
  readonly namespace: string;
  readonly collectorNamespace: string;
  readonly terraformOutputs: string | undefined;
}

function loadTerraform(path: string | undefined): TerraformOutputs | undefined {
  if (path === undefined) return undefined;
  try {
    return readTerraformOutputs(path);
  } catch (err) {
    if (err instanceof TerraformOutputsError)
      throw new CliError(err.message, EXIT.usage, { cause: err });
    throw err;
  }
}

export async function gather(kube: Kube, opts: GatherOptions): Promise<DoctorData> {
  const terraform = loadTerraform(opts.terraformOutputs);
  const { namespace: ns, collectorNamespace: cns } = opts;
  const [
    version,
    collectorCrd,
    certManagerCrd,
    webhookConfigs,
    nsObject,
    deployments,
    pods,
    sas,
    collectorPods,
    collectorSas,
  ] = await Promise.all([
    maybe(kube.call({ verb: 'get', resource: 'version' }, () => kube.version.getCode())),
    maybe(
      kube.call(
        {
          verb: 'get',
          resource: 'customresourcedefinitions.apiextensions.k8s.io',
          name: COLLECTOR_CRD,
        },
        () => kube.extensions.readCustomResourceDefinition({ name: COLLECTOR_CRD }),
      ),
    ),
    maybe(
      kube.call(
        {
          verb: 'get',
          resource: 'customresourcedefinitions.apiextensions.k8s.io',
          name: CERT_MANAGER_CRD,
        },
        () => kube.extensions.readCustomResourceDefinition({ name: CERT_MANAGER_CRD }),
      ),
    ),
    maybe(
      kube.call(
        { verb: 'list', resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io' },
        () => kube.admission.listMutatingWebhookConfiguration(),
      ),
    ),
    maybe(
      kube.call({ verb: 'get', resource: 'namespaces', name: ns }, () =>
        kube.core.readNamespace({ name: ns }),
      ),
    ),
    kube.call({ verb: 'list', resource: 'deployments.apps', namespace: ns }, () =>
      kube.apps.listNamespacedDeployment({ namespace: ns }),
    ),
    kube.call({ verb: 'list', resource: 'pods', namespace: ns }, () =>
      kube.core.listNamespacedPod({ namespace: ns }),
    ),
    kube.call({ verb: 'list', resource: 'serviceaccounts', namespace: ns }, () =>
      kube.core.listNamespacedServiceAccount({ namespace: ns }),
    ),
    kube.call({ verb: 'list', resource: 'pods', namespace: cns }, () =>
      kube.core.listNamespacedPod({ namespace: cns, labelSelector: COLLECTOR_POD_SELECTOR }),
    ),
    kube.call({ verb: 'list', resource: 'serviceaccounts', namespace: cns }, () =>
      kube.core.listNamespacedServiceAccount({ namespace: cns }),
    ),
  ]);
  if (!nsObject.ok && nsObject.notFound) {
    throw new CliError(
      `namespace "${ns}" does not exist in this cluster; pass the one your workloads run in with --namespace`,
      EXIT.usage,
    );
  }
  const namespaceAnnotations = nsObject.ok ? nsObject.value.metadata?.annotations : undefined;
  const webhook: Maybe<WebhookTarget | undefined> = webhookConfigs.ok
    ? { ok: true, value: findPodWebhook(webhookConfigs.value.items) }
    : webhookConfigs;
  const injectValues = deployments.items.map((d) =>
    effectiveInjectValue(d.spec?.template.metadata?.annotations, namespaceAnnotations),
  );
  const target = webhook.ok ? webhook.value : undefined;

  const [collectors, webhookEndpoints, operatorDeployments] = await Promise.all([
    listCollectors(kube, [...namespacesToLoad(injectValues, ns), cns]),
    target
      ? maybe(
          kube.call(
            {
              verb: 'list',
              resource: 'endpointslices.discovery.k8s.io',
              namespace: target.namespace,
            },
            () =>
              kube.discovery
                .listNamespacedEndpointSlice({
                  namespace: target.namespace,
                  labelSelector: `kubernetes.io/service-name=${target.service}`,
                })
                .then((l) => l.items),
          ),
        )
      : undefined,
    target
      ? maybe(
          kube.call(
            { verb: 'list', resource: 'deployments.apps', namespace: target.namespace },
            () =>
              kube.apps
                .listNamespacedDeployment({ namespace: target.namespace })
                .then((l) => l.items),
          ),
        )
      : undefined,
  ]);

  return {
    namespace: ns,
    collectorNamespace: cns,
    version,
    collectorCrd,
    certManagerCrd,
    webhook,
    webhookEndpoints,
    operatorDeployments,
    namespaceAnnotations,
    deployments: deployments.items,
    pods: pods.items,
    serviceAccounts: sas.items,
    collectorPods: collectorPods.items,
    collectorServiceAccounts: collectorSas.items,
    collectors,
    terraform,
    kubeconfigCluster: kube.kc.getCurrentCluster()?.name,
  };
}
