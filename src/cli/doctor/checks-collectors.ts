/** Collector checks: pods ready (web collector and injected sidecars), CORS of the web collector. */
import type { V1Pod } from '@kubernetes/client-node';
import { collectorMode, type CollectorCR } from '../inject.js';
import { isRunning, SIDECAR_CONTAINER, type SidecarWorkload } from '../workloads.js';
import { fail, few, pass, warn, type CheckResult, type DoctorData } from './types.js';

const isReady = (p: V1Pod): boolean =>
  isRunning(p) &&
  (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function sidecarReady(p: V1Pod): boolean {
  const statuses = [
    ...(p.status?.containerStatuses ?? []),
    ...(p.status?.initContainerStatuses ?? []),
  ];
  return statuses.some((s) => s.name === SIDECAR_CONTAINER && s.ready);
}

const webCollectors = (d: DoctorData): CollectorCR[] =>
  (d.collectors.byNamespace.get(d.collectorNamespace) ?? []).filter(
    (c) => collectorMode(c) === 'deployment',
  );

export function checkCollectorsReady(
  d: DoctorData,
  workloads: readonly SidecarWorkload[],
): CheckResult {
  const id = 'collectors-ready';
  const title = 'collector pods ready';
  const problems: string[] = [];
  const good: string[] = [];
  const crs = webCollectors(d);
  if (crs.length === 0)
    problems.push(
      `no deployment-mode collector in ${d.collectorNamespace}: browser spans have nowhere to go`,
    );
  for (const cr of crs) {
    const instance = `${d.collectorNamespace}.${cr.metadata.name}`;
    const pods = d.collectorPods.filter(
      (p) => p.metadata?.labels?.['app.kubernetes.io/instance'] === instance && isRunning(p),
    );
    const ready = pods.filter(isReady).length;
    if (ready === 0)
      problems.push(`${d.collectorNamespace}/${cr.metadata.name}: 0 of ${pods.length} pods ready`);
    else good.push(`${d.collectorNamespace}/${cr.metadata.name} ${ready}/${pods.length}`);
  }
  const injected = workloads
    .flatMap((w) => w.pods)
    .filter((p) =>
      p.spec?.containers
        .concat(p.spec.initContainers ?? [])
        .some((c) => c.name === SIDECAR_CONTAINER),
    );
  const notReady = injected.filter((p) => !sidecarReady(p));
  if (notReady.length > 0)
    problems.push(
      `sidecar not ready in ${few(
        notReady.map((p) => p.metadata?.name ?? '?'),
        2,
      )}`,
    );
  else if (injected.length > 0) good.push(`${injected.length} sidecars`);
  if (problems.length > 0) {
    return fail(
      id,
      title,
      few(problems, 2),
      `kubectl -n ${d.collectorNamespace} describe pods -l app.kubernetes.io/component=opentelemetry-collector, and kubectl logs -c ${SIDECAR_CONTAINER} for sidecars`,
    );
  }
  return pass(id, title, `${good.join(', ')} ready`);
}

/** `allowed_origins` of every OTLP receiver's HTTP protocol, by receiver name. */
export function corsOrigins(cr: CollectorCR): Map<string, string[] | undefined> {
  const receivers = ((cr.spec?.config as { receivers?: Record<string, unknown> } | undefined)
    ?.receivers ?? {}) as Record<string, unknown>;
  const out = new Map<string, string[] | undefined>();
  for (const [name, value] of Object.entries(receivers)) {
    if (name !== 'otlp' && !name.startsWith('otlp/')) continue;
    const http = (
      value as { protocols?: { http?: { cors?: { allowed_origins?: unknown } } | null } } | null
    )?.protocols?.http;
    if (http === undefined) continue;
    const origins = http?.cors?.allowed_origins;
    out.set(name, Array.isArray(origins) ? origins.map(String) : undefined);
  }
  return out;
}

export function checkWebCors(d: DoctorData): CheckResult {
  const id = 'web-cors';
  const title = 'web collector CORS';
  const crs = webCollectors(d);
  if (crs.length === 0)
    return warn(
      id,
      title,
      `no deployment-mode collector in ${d.collectorNamespace} to check`,
      `tracectl apply the charts, or pass --collector-namespace`,
    );
  const wildcard: string[] = [];
  const none: string[] = [];
  const listed: string[] = [];
  for (const cr of crs) {
    for (const [receiver, origins] of corsOrigins(cr)) {
      const where = `${cr.metadata.name} ${receiver}`;
      if (!origins || origins.length === 0) none.push(where);
      else if (origins.includes('*')) wildcard.push(where);
      else listed.push(...origins);
    }
  }
  if (wildcard.length > 0) {
    return fail(
      id,
      title,
      `${few(wildcard)} allows origin "*": any site can send spans with your collector's credentials`,
      'list the exact web origins in cors.allowed_origins (config corsAllowedOrigins)',
    );
  }
  if (none.length > 0 || listed.length === 0) {
    return warn(
      id,
      title,
      `${few(none) || 'no OTLP/HTTP receiver'}: no cors.allowed_origins, browsers will be refused`,
      'set cors.allowed_origins to the task-web origin(s)',
    );
  }
  return pass(id, title, `allowed origins: ${few([...new Set(listed)])}`);
}
