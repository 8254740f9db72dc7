/** Lists OpenTelemetryCollector CRs, one list call per namespace. */
import { isHttpStatus, type CliError } from './errors.js';
import type { CollectorCR } from './inject.js';
import type { Kube } from './kube.js';
import { OTEL_GROUP, OTEL_VERSION } from './manifests.js';
import { COLLECTOR_PLURAL } from './preflight.js';

export interface CollectorIndex {
  readonly byNamespace: Map<string, CollectorCR[]>;
  /** The CRD is not served (404 on the list): every namespace reads as empty. */
  readonly crdMissing: boolean;
}

export async function listCollectors(
  kube: Kube,
  namespaces: Iterable<string>,
): Promise<CollectorIndex> {
  const byNamespace = new Map<string, CollectorCR[]>();
  let crdMissing = false;
  await Promise.all(
    [...new Set(namespaces)].map(async (namespace) => {
      try {
        const list = (await kube.call(
          { verb: 'list', resource: `${COLLECTOR_PLURAL}.${OTEL_GROUP}`, namespace },
          () =>
            kube.custom.listNamespacedCustomObject({
              group: OTEL_GROUP,
              version: OTEL_VERSION,
              namespace,
              plural: COLLECTOR_PLURAL,
            }),
        )) as { items?: CollectorCR[] };
        byNamespace.set(namespace, list.items ?? []);
      } catch (err) {
        if (!isHttpStatus((err as CliError).cause, 404)) throw err;
        crdMissing = true;
        byNamespace.set(namespace, []);
      }
    }),
  );
  return { byNamespace, crdMissing };
}
