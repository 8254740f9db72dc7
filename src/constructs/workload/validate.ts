import { COLLECTOR_EXPORT_TIMEOUT_SECONDS, STOP_MARGIN_SECONDS } from '../../shutdown-budget.js';
import { InvalidPropError, dns1123LabelProblem, pinnedImageProblem } from '../validation.js';
import type { SecureWorkloadProps } from './props.js';

/** Constructor-time checks for SecureWorkload; each error names the prop, value and fix. */
export function validateWorkloadProps(props: SecureWorkloadProps): void {
  const where = `SecureWorkload "${props.name}"`;
  for (const prop of ['name', 'namespace'] as const) {
    const problem = dns1123LabelProblem(props[prop]);
    if (problem) throw new InvalidPropError(where, prop, props[prop], problem);
  }
  const imageProblem = pinnedImageProblem(props.image);
  if (imageProblem) throw new InvalidPropError(where, 'image', props.image, imageProblem);
  const replicas = props.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new InvalidPropError(where, 'replicas', replicas, 'Use a whole number >= 1.');
  }
  const minAvailable = props.minAvailable ?? 1;
  if (!Number.isInteger(minAvailable) || minAvailable < 0 || minAvailable >= replicas) {
    throw new InvalidPropError(
      where,
      'minAvailable',
      minAvailable,
      `It must be a whole number below replicas (${replicas}); otherwise the PodDisruptionBudget blocks every node drain. Lower minAvailable or raise replicas.`,
    );
  }
  if (!Number.isInteger(props.port) || props.port < 1024 || props.port > 65535) {
    throw new InvalidPropError(
      where,
      'port',
      props.port,
      'Use an unprivileged port between 1024 and 65535: the container runs as non-root with all capabilities dropped.',
    );
  }
  if (!Number.isInteger(props.runAsUser) || props.runAsUser < 1) {
    throw new InvalidPropError(
      where,
      'runAsUser',
      props.runAsUser,
      'Use a non-zero uid; root is refused.',
    );
  }
  for (const prop of ['livenessPath', 'readinessPath'] as const) {
    if (!props[prop].startsWith('/')) {
      throw new InvalidPropError(
        where,
        prop,
        props[prop],
        'Probe paths start with "/", e.g. "/healthz".',
      );
    }
  }
  validateShutdown(where, props);
  validateJoins(where, props);
  for (const [i, dir] of (props.writableDirs ?? []).entries()) {
    if (!dir.startsWith('/')) {
      throw new InvalidPropError(
        where,
        `writableDirs[${i}]`,
        dir,
        'Use an absolute path such as "/tmp".',
      );
    }
  }
}

function validateShutdown(where: string, props: SecureWorkloadProps): void {
  const grace = props.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || grace < 1) {
    throw new InvalidPropError(
      where,
      'terminationGracePeriodSeconds',
      grace,
      "Use a whole number of seconds >= 1 that covers the app's drain plus span flush.",
    );
  }
  const preStop = props.preStopSleepSeconds ?? 0;
  if (!Number.isInteger(preStop) || preStop < 0 || (preStop > 0 && preStop >= grace)) {
    throw new InvalidPropError(
      where,
      'preStopSleepSeconds',
      preStop,
      `It must be a whole number of seconds from 0 to below terminationGracePeriodSeconds (${grace}), which also has to cover the app's own drain and flush. Lower it or raise terminationGracePeriodSeconds.`,
    );
  }
  const sidecarStop = props.sidecar?.preStopSleepSeconds;
  if (sidecarStop !== undefined) {
    const needed = sidecarStop + COLLECTOR_EXPORT_TIMEOUT_SECONDS + STOP_MARGIN_SECONDS;
    if (grace < needed) {
      throw new InvalidPropError(
        where,
        'terminationGracePeriodSeconds',
        grace,
        `The sidecar "${props.sidecar?.name}" keeps receiving for ${sidecarStop} s (its preStop) and then needs ${COLLECTOR_EXPORT_TIMEOUT_SECONDS} s to flush; raise it to at least ${needed} (see shutdownBudget) or its last batch is killed.`,
      );
    }
  }
}

/** Objects passed by reference must live in the workload's namespace (and be the right kind). */
function validateJoins(where: string, props: SecureWorkloadProps): void {
  const { serviceAccount, sidecar } = props;
  if (serviceAccount && serviceAccount.namespace !== props.namespace) {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      `${serviceAccount.namespace}/${serviceAccount.name}`,
      `A pod can only run as a service account of its own namespace "${props.namespace}"; create the IrsaServiceAccount there (and trust that subject in the IAM role).`,
    );
  }
  if (sidecar && sidecar.mode !== 'sidecar') {
    throw new InvalidPropError(
      where,
      'sidecar',
      sidecar.name,
      `The collector is in ${sidecar.mode} mode; only a sidecar-mode AdotCollector can be injected. Create one with mode: 'sidecar'.`,
    );
  }
  if (sidecar && sidecar.namespace !== props.namespace) {
    throw new InvalidPropError(
      where,
      'sidecar',
      `${sidecar.namespace}/${sidecar.name}`,
      `The operator injects only collectors from the pod's own namespace "${props.namespace}"; create the sidecar AdotCollector there.`,
    );
  }
  for (const [i, file] of (props.files ?? []).entries()) {
    if (file.configMap.namespace !== props.namespace) {
      throw new InvalidPropError(
        where,
        `files[${i}].configMap`,
        `${file.configMap.namespace}/${file.configMap.name}`,
        `A pod can only mount ConfigMaps of its own namespace "${props.namespace}"; create the JsonConfigMap there.`,
      );
    }
    if (!file.mountPath.startsWith('/')) {
      throw new InvalidPropError(
        where,
        `files[${i}].mountPath`,
        file.mountPath,
        'Use an absolute path such as "/usr/share/nginx/html/runtime-config.json".',
      );
    }
  }
}
