/** Cluster prerequisites: operator CRD and version, cert-manager, the webhook, Kubernetes version. */
import type { V1Deployment } from '@kubernetes/client-node';
import { SLEEP_ACTION_MIN_KUBERNETES } from '../../shutdown-budget.js';
import { OTEL_VERSION } from '../manifests.js';
import { COLLECTOR_CRD, INSTALL_OPERATOR } from '../preflight.js';
import { CERT_MANAGER_CRD } from './gather.js';
import { fail, pass, warn, type CheckResult, type DoctorData, type Maybe } from './types.js';

/**
 * Native sidecars: Kubernetes >= 1.29 (SidecarContainers beta, on by default) and operator >= 0.132,
 * where the `operator.sidecarcontainers.native` gate is beta (on) and auto-detection turns it on for
 * clusters >= 1.29 (opentelemetry-operator v0.132.0 pkg/featuregate, internal/autodetect); in 0.131
 * the gate is alpha (off), so the sidecar is an ordinary container.
 */
export const NATIVE_SIDECAR_K8S: readonly [number, number] = [1, 29];
/**
 * Both collectors wait in a preStop `sleep` action (the ADOT image has no shell for an exec
 * hook): the web collector while the ALB deregisters it, the classic sidecar until the app's last
 * export. Older clusters drop the field.
 */
const SLEEP_ACTION_K8S = SLEEP_ACTION_MIN_KUBERNETES.split('.').map(Number);
export const NATIVE_SIDECAR_OPERATOR: readonly [number, number, number] = [0, 132, 0];

export function parseVersion(text: string | undefined): number[] | undefined {
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

export function atLeast(v: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const a = v[i] ?? 0;
    const b = min[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function cannotCheck(id: string, title: string, m: Maybe<unknown>): CheckResult {
  const msg = m.ok ? '' : m.error.message;
  return warn(
    id,
    title,
    `could not check: ${msg}`,
    'run doctor with a role that can read it, or check by hand with kubectl',
  );
}

export function checkOperatorCrd(d: DoctorData): CheckResult {
  const id = 'operator-crd';
  const title = 'OpenTelemetryCollector CRD';
  if (!d.collectorCrd.ok) {
    if (d.collectorCrd.notFound)
      return fail(id, title, `${COLLECTOR_CRD} is not installed`, INSTALL_OPERATOR);
    return cannotCheck(id, title, d.collectorCrd);
  }
  const served = (d.collectorCrd.value.spec.versions ?? [])
    .filter((v) => v.served)
    .map((v) => v.name);
  if (!served.includes(OTEL_VERSION)) {
    return fail(
      id,
      title,
      `${COLLECTOR_CRD} serves ${served.join(', ') || 'nothing'}, not ${OTEL_VERSION}`,
      'upgrade the OpenTelemetry Operator (the charts use v1beta1)',
    );
  }
  return pass(id, title, `${COLLECTOR_CRD} serves ${served.join(', ')}`);
}

/**
 * The operator's manager image: upstream (ghcr.io/open-telemetry/opentelemetry-operator/
 * opentelemetry-operator) or the ADOT build that the EKS `adot` add-on runs (.../adot-operator,
 * whose sibling images adot-operator-targetallocator etc. are not the operator).
 */
const OPERATOR_IMAGE = /opentelemetry-operator|\/adot-operator(?::|@|$)/;

function operatorImage(
  deployments: readonly V1Deployment[],
): { d: V1Deployment; image: string } | undefined {
  for (const d of deployments) {
    const image = d.spec?.template.spec?.containers
      .map((c) => c.image ?? '')
      .find((i) => OPERATOR_IMAGE.test(i));
    if (image) return { d, image };
  }
  return undefined;
}

export function checkOperatorVersion(d: DoctorData): CheckResult {
  const id = 'operator-version';
  const title = 'OpenTelemetry Operator';
  if (!d.operatorDeployments) {
    return warn(
      id,
      title,
      'no operator found (no pod webhook registered, see the webhook check)',
      INSTALL_OPERATOR,
    );
  }
  if (!d.operatorDeployments.ok) return cannotCheck(id, title, d.operatorDeployments);
  const found = operatorImage(d.operatorDeployments.value);
  const ns = d.webhook.ok ? d.webhook.value?.namespace : undefined;
  if (!found)
    return warn(
      id,
      title,
      `no Deployment running an opentelemetry-operator image in ${ns}`,
      INSTALL_OPERATOR,
    );
  const name = `${found.d.metadata?.namespace}/${found.d.metadata?.name}`;
  if ((found.d.status?.availableReplicas ?? 0) < 1) {
    return fail(
      id,
      title,
      `${name} has no available replica: nothing reconciles collectors or injects sidecars`,
      `kubectl -n ${ns} describe deployment ${found.d.metadata?.name} and read the operator logs`,
    );
  }
  const tag = found.image.slice(found.image.lastIndexOf(':') + 1);
  const v = parseVersion(tag);
  if (!v)
    return warn(
      id,
      title,
      `${name} runs ${found.image}; version unknown`,
      'pin the operator image to a released version tag',
    );
  if (!atLeast(v, NATIVE_SIDECAR_OPERATOR)) {
    return warn(
      id,
      title,
      `${name} is ${v.join('.')}: sidecars are injected as regular containers, not native sidecars`,
      `upgrade the operator to >= ${NATIVE_SIDECAR_OPERATOR.join('.')}`,
    );
  }
  return pass(id, title, `${name} is ${v.join('.')}`);
}

export function checkCertManager(d: DoctorData): CheckResult {
  const id = 'cert-manager';
  const title = 'cert-manager';
  if (d.certManagerCrd.ok) return pass(id, title, `${CERT_MANAGER_CRD} is installed`);
  if (d.certManagerCrd.notFound) {
    return fail(
      id,
      title,
      `${CERT_MANAGER_CRD} is not installed: the operator's webhook has no certificate`,
      'install cert-manager (EKS add-on cert-manager, or helm install cert-manager jetstack/cert-manager -n cert-manager --create-namespace --set crds.enabled=true)',
    );
  }
  return cannotCheck(id, title, d.certManagerCrd);
}

export function checkWebhook(d: DoctorData): CheckResult {
  const id = 'webhook-endpoints';
  const title = 'injection webhook';
  if (!d.webhook.ok) return cannotCheck(id, title, d.webhook);
  const wh = d.webhook.value;
  if (!wh) {
    return fail(
      id,
      title,
      'no MutatingWebhookConfiguration for pods from the OpenTelemetry Operator: sidecars are never injected',
      INSTALL_OPERATOR,
    );
  }
  const svc = `${wh.namespace}/${wh.service}`;
  if (!d.webhookEndpoints?.ok)
    return cannotCheck(id, title, d.webhookEndpoints ?? { ok: true, value: undefined });
  // EndpointSlice: a nil ready condition means "unknown, treat as ready" (discovery.k8s.io/v1 docs).
  const ready = d.webhookEndpoints.value
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.conditions?.ready !== false).length;
  if (ready === 0) {
    const silent =
      wh.failurePolicy === 'Ignore'
        ? '; failurePolicy Ignore: new pods start without a sidecar, silently'
        : '';
    return fail(
      id,
      title,
      `service ${svc} (${wh.configName}) has no ready endpoints${silent}`,
      `kubectl -n ${wh.namespace} get pods,endpointslices and read the operator logs`,
    );
  }
  return pass(
    id,
    title,
    `service ${svc} has ${ready} ready endpoint${ready > 1 ? 's' : ''} (failurePolicy ${wh.failurePolicy})`,
  );
}

export function checkKubernetesVersion(d: DoctorData): CheckResult {
  const id = 'kubernetes-version';
  const title = 'Kubernetes version';
  if (!d.version.ok) return cannotCheck(id, title, d.version);
  const v =
    parseVersion(d.version.value.gitVersion) ??
    parseVersion(`${d.version.value.major}.${d.version.value.minor}`);
  if (!v)
    return warn(id, title, `cannot parse ${d.version.value.gitVersion}`, 'check kubectl version');
  const version = d.version.value.gitVersion;
  const fix = `upgrade the cluster to >= ${SLEEP_ACTION_MIN_KUBERNETES}`;
  if (!atLeast(v, NATIVE_SIDECAR_K8S)) {
    return warn(
      id,
      title,
      `${version}: no native sidecars and no preStop sleep action, so the collectors stop before the app flushes its last spans and while the ALB still sends browser spans`,
      fix,
    );
  }
  if (!atLeast(v, SLEEP_ACTION_K8S)) {
    return warn(
      id,
      title,
      `${version}: the preStop sleep action is off, so the API server drops the collectors' preStop waits and spans in flight during a rollout are lost`,
      fix,
    );
  }
  return pass(id, title, `${version}: native sidecars and the preStop sleep action supported`);
}
