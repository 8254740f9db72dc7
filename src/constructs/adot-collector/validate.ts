import {
  InvalidPropError,
  corsOriginProblem,
  dns1123LabelProblem,
  pinnedImageProblem,
  regionProblem,
} from '../validation.js';
import type { AdotCollectorProps, CollectorMode } from './props.js';

/** Service names end up inside OTTL string literals; keep them to plain characters. */
const SERVICE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Constructor-time checks for AdotCollector; each error names the prop, value and fix. */
export function validateCollectorProps(where: string, props: AdotCollectorProps): void {
  const nameProblem = dns1123LabelProblem(props.name);
  if (nameProblem) throw new InvalidPropError(where, 'name', props.name, nameProblem);
  const nsProblem = dns1123LabelProblem(props.namespace);
  if (nsProblem) throw new InvalidPropError(where, 'namespace', props.namespace, nsProblem);
  const regionIssue = regionProblem(props.region);
  if (regionIssue) throw new InvalidPropError(where, 'region', props.region, regionIssue);
  const imageIssue = props.image === undefined ? undefined : pinnedImageProblem(props.image);
  if (imageIssue) throw new InvalidPropError(where, 'image', props.image, imageIssue);
  validateMode(where, props);
  validateReceivers(where, props);
  const preStop = props.preStopSleepSeconds ?? 0;
  if (!Number.isInteger(preStop) || preStop < 0) {
    throw new InvalidPropError(
      where,
      'preStopSleepSeconds',
      preStop,
      'Use a whole number of seconds >= 0 (the sleep action counts whole seconds).',
    );
  }
  const names = props.allowedServiceNames;
  if (names !== undefined && names.length === 0) {
    throw new InvalidPropError(
      where,
      'allowedServiceNames',
      names,
      'An empty allow-list drops every span; list the service names to accept, or leave it unset to accept all.',
    );
  }
  const budget = props.spanBudget;
  if (budget !== undefined) {
    if (!Number.isInteger(budget.spansPerSecond) || budget.spansPerSecond < 1) {
      throw new InvalidPropError(
        where,
        'spanBudget.spansPerSecond',
        budget.spansPerSecond,
        'Use a whole number of spans per second >= 1 (per replica).',
      );
    }
    if (!Number.isInteger(budget.maxTraceBytes) || budget.maxTraceBytes < 1024) {
      throw new InvalidPropError(
        where,
        'spanBudget.maxTraceBytes',
        budget.maxTraceBytes,
        'Use a whole number of bytes >= 1024; a smaller cap drops ordinary traces.',
      );
    }
  }
  names?.forEach((name, i) => {
    if (!SERVICE_NAME.test(name)) {
      throw new InvalidPropError(
        where,
        `allowedServiceNames[${i}]`,
        name,
        'Use letters, digits, ".", "_" and "-" (at most 128), as service.name values are.',
      );
    }
  });
}

function validateMode(where: string, props: AdotCollectorProps): void {
  if (props.mode === 'sidecar' && props.serviceAccount !== undefined) {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      props.serviceAccount.name,
      "The OpenTelemetry Operator ignores serviceAccount in sidecar mode: the sidecar runs under the app pod's service account. Remove it and grant X-Ray write to the app's IRSA role instead.",
    );
  }
  if (props.mode === 'deployment' && props.serviceAccount === undefined) {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      undefined,
      'Deployment mode needs a service account carrying the IRSA role with X-Ray write; otherwise the exporter gets AccessDenied. Pass an IrsaServiceAccount.',
    );
  }
  if (props.serviceAccount && props.serviceAccount.namespace !== props.namespace) {
    throw new InvalidPropError(
      where,
      'serviceAccount',
      `${props.serviceAccount.namespace}/${props.serviceAccount.name}`,
      `Collector pods can only run as a service account of their own namespace "${props.namespace}"; create the IrsaServiceAccount there.`,
    );
  }
  for (const prop of ['replicas', 'minAvailable'] as const) {
    if (props.mode === 'sidecar' && props[prop] !== undefined) {
      throw new InvalidPropError(
        where,
        prop,
        props[prop],
        'A sidecar has one instance per app pod; scale and protect the app Deployment instead, and remove it.',
      );
    }
  }
  const replicas = props.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new InvalidPropError(where, 'replicas', replicas, 'Use a whole number >= 1.');
  }
  const minAvailable = props.minAvailable ?? 1;
  if (
    props.mode === 'deployment' &&
    (!Number.isInteger(minAvailable) || minAvailable < 0 || minAvailable >= replicas)
  ) {
    throw new InvalidPropError(
      where,
      'minAvailable',
      minAvailable,
      `It must be a whole number below replicas (${replicas}); otherwise the PodDisruptionBudget blocks every node drain. Lower minAvailable or raise replicas.`,
    );
  }
}

function validateReceivers(where: string, props: AdotCollectorProps): void {
  if (props.otlpGrpcEndpoint === undefined && props.otlpHttp === undefined) {
    throw new InvalidPropError(
      where,
      'otlpGrpcEndpoint/otlpHttp',
      undefined,
      'The collector needs at least one OTLP receiver protocol: set otlpGrpcEndpoint (e.g. "127.0.0.1:4317") and/or otlpHttp.',
    );
  }
  if (props.otlpGrpcEndpoint !== undefined) {
    checkEndpoint(where, 'otlpGrpcEndpoint', props.otlpGrpcEndpoint, props.mode);
  }
  if (props.otlpHttp?.endpoint !== undefined) {
    checkEndpoint(where, 'otlpHttp.endpoint', props.otlpHttp.endpoint, props.mode);
  }
  if (props.xraySamplingProxy !== undefined) {
    checkEndpoint(where, 'xraySamplingProxy', props.xraySamplingProxy, props.mode);
  }
  const maxBody = props.otlpHttp?.maxRequestBodyBytes;
  if (maxBody !== undefined && (!Number.isInteger(maxBody) || maxBody < 1)) {
    throw new InvalidPropError(
      where,
      'otlpHttp.maxRequestBodyBytes',
      maxBody,
      'Use a whole number of bytes >= 1, e.g. 524288 for 512 KiB.',
    );
  }
  const origins = props.otlpHttp?.corsAllowedOrigins ?? [];
  origins.forEach((origin, i) => {
    const problem = corsOriginProblem(origin);
    if (problem) {
      throw new InvalidPropError(where, `otlpHttp.corsAllowedOrigins[${i}]`, origin, problem);
    }
  });
}

const ENDPOINT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A listener endpoint is "host:port"; a deployment-mode one must be reachable from other pods. */
function checkEndpoint(where: string, prop: string, value: string, mode: CollectorMode): void {
  const match = ENDPOINT.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port < 1 || port > 65535) {
    throw new InvalidPropError(where, prop, value, 'Use "host:port", e.g. "0.0.0.0:4318".');
  }
  if (mode === 'deployment' && LOOPBACK_HOSTS.has(match[1])) {
    throw new InvalidPropError(
      where,
      prop,
      value,
      `A deployment-mode collector is reached from other pods through its Service, never on loopback; bind to "0.0.0.0:${port}".`,
    );
  }
}
