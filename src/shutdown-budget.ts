/**
 * The shutdown arithmetic of a pod whose app exports spans to an injected collector sidecar, so
 * that no span is lost when the pod stops (rollout, scale-in, node drain). Pure functions: the
 * charts use them to set the fields, the tests check the numbers, and `tracectl doctor` judges a
 * live pod with them.
 *
 * Timeline, counted from the moment the kubelet starts terminating the pod (t = 0):
 * - the app waits `preStop` seconds (ALB deregistration), gets SIGTERM, drains in-flight
 *   requests, then flushes its spans: its last export happens no later than
 *   preStop + drain + flush;
 * - a classic sidecar (an ordinary container) gets its own preStop at t = 0 and SIGTERM when it
 *   returns; a native sidecar (an init container with restartPolicy Always) also runs its preStop
 *   at t = 0, but gets SIGTERM only once the app container has exited (Kubernetes >= 1.29). A
 *   preStop `sleep` that outlasts the app's last export covers both kinds;
 * - after SIGTERM the collector stops receiving and flushes its batch in one export;
 * - everything must end before terminationGracePeriodSeconds, when the kubelet sends SIGKILL.
 * @see https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/753-sidecar-containers
 */
import { SHUTDOWN_DEFAULTS } from '../apps/task-service/src/contract.js';
import { SIDECAR_CONTAINER_NAME } from './contracts.js';

/**
 * Slack for what no timer in the app counts: the kubelet starting an exec hook, delivering a
 * signal, and the last export's round trip on loopback.
 */
export const STOP_MARGIN_SECONDS = 2;

/**
 * One export by the collector after SIGTERM. The awsxray exporter runs under the exporter
 * helper's default 5 s timeout (its config has no timeout key); the otlp_http exporter is given
 * this timeout explicitly. Retries stop at shutdown, so one attempt is all that is waited for.
 */
export const COLLECTOR_EXPORT_TIMEOUT_SECONDS = 5;

/**
 * Oldest Kubernetes minor on which the preStop `sleep` action both collectors use takes effect:
 * PodLifecycleSleepAction is beta and on by default from 1.30 (KEP-3960). On 1.29 the API server
 * drops the field from a pod it admits (pkg/api/pod, dropPodLifecycleSleepAction), so the hook
 * silently disappears and a classic sidecar closes its receiver at once.
 */
export const SLEEP_ACTION_MIN_KUBERNETES = '1.30';

/** Kubernetes' default when a pod sets no terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

/** What the app does between the start of termination and its last export. */
export interface AppShutdown {
  /** Seconds the app container waits in its preStop hook before SIGTERM. */
  readonly preStopSeconds: number;
  /** Bound on draining in-flight requests after SIGTERM. */
  readonly drainTimeoutMs: number;
  /** Bound on the final span flush after draining. */
  readonly telemetryFlushTimeoutMs: number;
}

/** The task service's own bounds with a given preStop wait (its contract's defaults). */
export function taskServiceShutdown(preStopSeconds: number): AppShutdown {
  return {
    preStopSeconds,
    drainTimeoutMs: SHUTDOWN_DEFAULTS.drainTimeoutMs,
    telemetryFlushTimeoutMs: SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs,
  };
}

export interface ShutdownBudget {
  readonly app: AppShutdown;
  /** Latest second after t = 0 at which the app may still export: preStop + drain + flush. */
  readonly appLastExportSeconds: number;
  /** The sidecar's preStop sleep: it keeps receiving until the app's last export, plus margin. */
  readonly sidecarPreStopSeconds: number;
  /** When the sidecar has sent its last batch: its preStop plus one export. */
  readonly collectorDoneSeconds: number;
  /** The pod's terminationGracePeriodSeconds: the collector's end plus margin. */
  readonly terminationGracePeriodSeconds: number;
}

/** preStop + drain + flush, rounded up to whole seconds. */
export function appLastExportSeconds(app: AppShutdown): number {
  return Math.ceil(
    (app.preStopSeconds * 1000 + app.drainTimeoutMs + app.telemetryFlushTimeoutMs) / 1000,
  );
}

/** The fields a pod with an app and a collector sidecar needs so the sidecar outlives every export. */
export function shutdownBudget(app: AppShutdown): ShutdownBudget {
  const lastExport = appLastExportSeconds(app);
  const sidecarPreStopSeconds = lastExport + STOP_MARGIN_SECONDS;
  const collectorDoneSeconds = sidecarPreStopSeconds + COLLECTOR_EXPORT_TIMEOUT_SECONDS;
  return {
    app,
    appLastExportSeconds: lastExport,
    sidecarPreStopSeconds,
    collectorDoneSeconds,
    terminationGracePeriodSeconds: collectorDoneSeconds + STOP_MARGIN_SECONDS,
  };
}

/** Grace period of a collector pod of its own that waits `preStopSeconds`, then flushes once. */
export function collectorGracePeriodSeconds(preStopSeconds: number): number {
  return preStopSeconds + COLLECTOR_EXPORT_TIMEOUT_SECONDS + STOP_MARGIN_SECONDS;
}

/** The parts of a container spec the judge reads (a @kubernetes/client-node V1Container fits). */
export interface ContainerLike {
  readonly name: string;
  readonly restartPolicy?: string;
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly lifecycle?: {
    readonly preStop?: {
      readonly sleep?: { readonly seconds: number };
      readonly exec?: { readonly command?: readonly string[] };
    };
  };
}

/** The parts of a pod spec the judge reads (a @kubernetes/client-node V1PodSpec fits). */
export interface PodSpecLike {
  readonly containers: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly terminationGracePeriodSeconds?: number;
}

/** `native`: init container with restartPolicy Always; `classic`: ordinary container. */
export type SidecarKind = 'native' | 'classic' | 'none';

export interface ShutdownVerdict {
  readonly sidecarKind: SidecarKind;
  /** True when the sidecar is still receiving at the app's last export and flushes before SIGKILL. */
  readonly covered: boolean;
  /** One sentence per problem, naming the field, its value and the fix; empty when covered. */
  readonly problems: readonly string[];
  /** The budget computed from this pod's own app preStop and shutdown env. */
  readonly required: ShutdownBudget;
  readonly observed: {
    readonly sidecarPreStopSeconds: number;
    readonly terminationGracePeriodSeconds: number;
  };
}

export interface JudgeOptions {
  /** Name of the app container whose spans the sidecar receives. */
  readonly appContainer: string;
  /** @default SIDECAR_CONTAINER_NAME, the name the OpenTelemetry Operator gives its sidecar */
  readonly sidecarContainer?: string;
}

/**
 * Judges a pod spec as it runs (after injection): which sidecar kind it has, and whether that
 * sidecar outlives the app's last export and flushes within the grace period.
 */
export function judgePodShutdown(pod: PodSpecLike, options: JudgeOptions): ShutdownVerdict {
  const sidecarName = options.sidecarContainer ?? SIDECAR_CONTAINER_NAME;
  const app = pod.containers.find((c) => c.name === options.appContainer);
  const native = pod.initContainers?.find(
    (c) => c.name === sidecarName && c.restartPolicy === 'Always',
  );
  const classic = pod.containers.find((c) => c.name === sidecarName);
  const sidecar = native ?? classic;
  const sidecarKind: SidecarKind = native ? 'native' : classic ? 'classic' : 'none';
  const required = shutdownBudget(appShutdownOf(app));
  const grace = pod.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const sidecarPreStop = sidecar ? preStopSeconds(sidecar) : 0;
  const observed = { sidecarPreStopSeconds: sidecarPreStop, terminationGracePeriodSeconds: grace };
  const problems: string[] = [];
  if (!app) {
    problems.push(
      `no container "${options.appContainer}" in the pod; pass the name of the app container that exports spans.`,
    );
  }
  if (sidecarKind === 'none') {
    problems.push(
      `no "${sidecarName}" sidecar in the pod, so the app's spans have nowhere to go; check the inject annotation and that the collector CR existed before the pod.`,
    );
  }
  const lastExport = required.appLastExportSeconds;
  if (sidecarKind === 'classic' && sidecarPreStop < required.sidecarPreStopSeconds) {
    problems.push(
      `the classic sidecar's preStop sleep is ${sidecarPreStop} s, but it gets SIGTERM when that ends while the app may export until ${lastExport} s (preStop ${required.app.preStopSeconds} s + drain + flush): set spec.lifecycle.preStop.sleep.seconds on the sidecar OpenTelemetryCollector to at least ${required.sidecarPreStopSeconds} (the sleep action needs Kubernetes >= ${SLEEP_ACTION_MIN_KUBERNETES}).`,
    );
  }
  // A classic sidecar stops receiving when its preStop ends; a native one when the app has
  // exited, which may be as late as the app's last export.
  const receivingUntil =
    sidecarKind === 'native'
      ? Math.max(sidecarPreStop, lastExport + STOP_MARGIN_SECONDS)
      : sidecarPreStop;
  const neededGrace = receivingUntil + COLLECTOR_EXPORT_TIMEOUT_SECONDS + STOP_MARGIN_SECONDS;
  if (sidecarKind !== 'none' && grace < neededGrace) {
    problems.push(
      `terminationGracePeriodSeconds is ${grace}, but the ${sidecarKind} sidecar receives until ${receivingUntil} s and then needs ${COLLECTOR_EXPORT_TIMEOUT_SECONDS} s to flush: raise it to at least ${neededGrace}, or the last batch is killed.`,
    );
  }
  return { sidecarKind, covered: problems.length === 0, problems, required, observed };
}

function appShutdownOf(app: ContainerLike | undefined): AppShutdown {
  return {
    preStopSeconds: app ? preStopSeconds(app) : 0,
    drainTimeoutMs: envMs(app, 'SHUTDOWN_DRAIN_TIMEOUT_MS', SHUTDOWN_DEFAULTS.drainTimeoutMs),
    telemetryFlushTimeoutMs: envMs(
      app,
      'OTEL_SHUTDOWN_TIMEOUT_MS',
      SHUTDOWN_DEFAULTS.telemetryFlushTimeoutMs,
    ),
  };
}

/** Seconds a preStop hook waits: the `sleep` action, or an exec of `sleep N`. */
function preStopSeconds(container: ContainerLike): number {
  const hook = container.lifecycle?.preStop;
  if (hook?.sleep) return hook.sleep.seconds;
  const command = hook?.exec?.command ?? [];
  const [program, seconds] = command;
  if (command.length === 2 && /(^|\/)sleep$/.test(program ?? '')) {
    const n = Number(seconds);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  return 0;
}

/** A literal integer env value, or the app's default when unset or not a literal. */
function envMs(container: ContainerLike | undefined, name: string, fallback: number): number {
  const text = container?.env?.find((e) => e.name === name)?.value;
  if (text === undefined || !/^\d+$/.test(text.trim())) return fallback;
  return Number(text);
}
