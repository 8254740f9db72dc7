/** Checks that must pass before anything is applied. */
import { CliError, EXIT, isHttpStatus } from './errors.js';
import type { Kube } from './kube.js';
import { OTEL_GROUP, OTEL_VERSION } from './manifests.js';

export const COLLECTOR_PLURAL = 'opentelemetrycollectors';
export const COLLECTOR_CRD = `${COLLECTOR_PLURAL}.${OTEL_GROUP}`;

/** One line: how to get the CRD (the README's prerequisites section says the same). */
export const INSTALL_OPERATOR =
  'install cert-manager and the OpenTelemetry Operator: aws eks create-addon --cluster-name <cluster> --addon-name adot, or helm install opentelemetry-operator open-telemetry/opentelemetry-operator -n opentelemetry-operator-system --create-namespace';

export function crdMissingError(): CliError {
  return new CliError(
    `the OpenTelemetryCollector CRD (${COLLECTOR_CRD}, ${OTEL_VERSION}) is not served by this cluster. First ${INSTALL_OPERATOR}; then re-run`,
    EXIT.cluster,
  );
}

/**
 * Asks discovery, not the CRD object: "served" is what matters (a CRD can exist without
 * v1beta1 being served, e.g. an operator older than 0.89), and discovery needs no
 * cluster-scoped read permission on CRDs.
 */
export async function requireCollectorCrd(kube: Kube): Promise<void> {
  let resources;
  try {
    resources = await kube.call(
      { verb: 'get', resource: `apis/${OTEL_GROUP}/${OTEL_VERSION}` },
      () => kube.custom.getAPIResources({ group: OTEL_GROUP, version: OTEL_VERSION }),
    );
  } catch (err) {
    if (isHttpStatus((err as CliError).cause, 404)) throw crdMissingError();
    throw err;
  }
  if (!resources.resources.some((r) => r.name === COLLECTOR_PLURAL)) throw crdMissingError();
}
