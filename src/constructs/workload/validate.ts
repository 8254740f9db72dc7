import { InvalidPropError, dns1123LabelProblem, pinnedImageProblem } from '../validation.js';
import type { SecureWorkloadProps } from './secure-workload.js';

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
