/**
 * Which hops of the service map a verify run proved, from what it sent and what X-Ray showed,
 * and for each missing one its most likely cause and the next command to run. Pure: the run
 * (run.ts) gathers the evidence, this decides.
 */
import { TASK_SERVICE_NAME, TASKS_PATH } from '../../../apps/task-service/src/contract.js';
import { TASK_WEB_SERVICE_NAME } from '../../../apps/task-web/src/contract.js';
import { XRAY_NODE_TYPES } from '../../../apps/xray-preview/src/contract.js';
import { TERRAFORM_BACKED_FIELDS } from '../../config.js';
import { ok, type ApiCall } from './api.js';
import type { BatchPost } from './browser-batch.js';
import { isLocalEndpoint, type MapEdge, type TraceDoc, type XrayFailure } from './xray.js';

/** X-Ray's origin for a segment from a container on EKS (the exporter's cloud.platform aws_eks). */
export const EKS_ORIGIN = XRAY_NODE_TYPES.eksContainer;
export const TABLE_TYPE = XRAY_NODE_TYPES.dynamoDbTable;
/** Type of the node X-Ray draws for callers that sent no segment. */
export const CLIENT_TYPE = XRAY_NODE_TYPES.client;

export type HopId = 'task-web' | 'client' | 'table' | 'origin';
export type HopStatus = 'found' | 'missing' | 'skipped';

export interface HopResult {
  readonly id: HopId;
  readonly hop: string;
  readonly status: HopStatus;
  /** The run's trace holds the hop (BatchGetTraces). */
  readonly inTrace: boolean;
  /** The service graph over the run's window draws it (GetServiceGraph). */
  readonly onMap: boolean;
  readonly detail: string;
  readonly cause?: string;
  readonly next?: string;
}

export interface Evidence {
  readonly traceId: string;
  readonly apiUrl: string;
  /** --xray-endpoint; undefined for X-Ray itself. */
  readonly xrayEndpoint?: string;
  readonly region: string;
  readonly calls: readonly ApiCall[];
  /** The browser span batch; undefined without --collector-url. */
  readonly batch?: BatchPost;
  /** Undefined while X-Ray has not answered once. */
  readonly docs?: readonly TraceDoc[];
  readonly edges?: readonly MapEdge[];
  /** The last failure talking to X-Ray, if its last attempt failed. */
  readonly xrayError?: XrayFailure;
}

const PROD = TERRAFORM_BACKED_FIELDS.prodNamespace.default;
const TRACING = TERRAFORM_BACKED_FIELDS.tracingNamespace.default;
const SERVICE = TASK_SERVICE_NAME;
const WEB = TASK_WEB_SERVICE_NAME;

const MAP_LAG = {
  cause:
    'the trace holds this hop but GetServiceGraph does not draw it yet: the map trails the traces',
  next: 'run tracectl verify again with a longer --timeout',
};

function xrayCause(e: Evidence, failure: XrayFailure): { cause: string; next: string } {
  switch (failure.kind) {
    case 'unreachable':
      return {
        cause: `cannot reach the X-Ray API at ${e.xrayEndpoint ?? `region ${e.region}`} (${failure.message})`,
        next: isLocalEndpoint(e.xrayEndpoint)
          ? 'start the local stack (npm start), or point --xray-endpoint at it'
          : 'check --xray-endpoint and --region, and your network path to X-Ray',
      };
    case 'credentials':
      return {
        cause: `no AWS credentials to call X-Ray with (${failure.message})`,
        next: 'log in (aws sso login, or set AWS_PROFILE), then check: aws sts get-caller-identity',
      };
    case 'denied':
      return {
        cause: `X-Ray refused the read (${failure.message})`,
        next: 'grant your identity xray:BatchGetTraces and xray:GetServiceGraph',
      };
    case 'not-xray':
      return {
        cause: `${e.xrayEndpoint ?? `X-Ray in ${e.region}`} answered ${failure.message} without an X-Ray error in it: it is not an X-Ray API`,
        next: isLocalEndpoint(e.xrayEndpoint)
          ? "point --xray-endpoint at the preview's X-Ray API (npm start prints its URL), not at the task API or a collector"
          : 'point --xray-endpoint at an X-Ray API endpoint, or leave it out to read X-Ray of --region',
      };
    case 'throttled':
      return {
        cause: `X-Ray throttled the reads until the timeout (${failure.message})`,
        next: 'run tracectl verify again later, or with a longer --timeout',
      };
    default:
      return {
        cause: `X-Ray answered with an error (${failure.message})`,
        next: 'check --xray-endpoint and --region',
      };
  }
}

/**
 * The API answered, but not with a task: there is nothing of verify's to trace. A 4xx (or a 2xx
 * without a task id) means --api-url is not the task API (another service, a default backend);
 * a 5xx is the service failing the create, which its own log explains.
 */
function createFailed(e: Evidence, create: ApiCall): { cause: string; next: string } {
  const answer = create.status === undefined ? '' : ` answered ${create.status}`;
  const why = create.error === undefined ? '' : ` (${create.error})`;
  return {
    cause: `the task API at ${e.apiUrl} did not create verify's task (${create.method} ${new URL(create.url).pathname}${answer}${why}), so there is no trace to look for`,
    next:
      create.status !== undefined && create.status >= 500
        ? `kubectl -n ${PROD} logs deployment/${SERVICE}`
        : `check that --api-url is the task API's base URL (POST <api-url>${TASKS_PATH} creates a task)`,
  };
}

/** The task service's spans never arrived: the cause users meet most on EKS. */
const NO_SERVICE_SEGMENT = {
  cause: `the API answered, but no ${SERVICE} segment reached X-Ray: the service's spans never got to a collector that exports there (on EKS: the sidecar was not injected or is not running, or IAM denied the export)`,
  next: 'tracectl doctor',
};

export function evaluateHops(e: Evidence): HopResult[] {
  const docs = e.docs ?? [];
  const edges = e.edges ?? [];
  const services = docs.filter((d) => d.isSegment && d.name === SERVICE);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const answered = e.calls.some((c) => c.status !== undefined);
  const tableDocs = docs.filter(
    (d) => !d.isSegment && d.segment === SERVICE && d.namespace === 'aws' && d.tableName,
  );
  const table = tableDocs[0]?.tableName;
  const origins = [...new Set(services.map((s) => s.origin ?? 'none'))];

  /** Causes that hold for every hop: X-Ray or the API could not be used at all. */
  const blocking = (): { cause: string; next: string } | undefined => {
    if (!answered) {
      const first = e.calls[0];
      const why = first
        ? `${first.method} ${new URL(first.url).pathname}: ${first.error}`
        : 'no request was sent';
      return {
        cause: `the task API at ${e.apiUrl} did not answer (${why}), so nothing reached the service`,
        next: `check --api-url; on EKS: kubectl -n ${PROD} get ingress,pods and the load balancer's target health`,
      };
    }
    const create = e.calls.find((c) => c.operation === 'create');
    if (create !== undefined && create.taskId === undefined) return createFailed(e, create);
    if (e.docs === undefined && e.xrayError) return xrayCause(e, e.xrayError);
    if (services.length === 0) return NO_SERVICE_SEGMENT;
    return undefined;
  };

  const result = (
    id: HopId,
    hop: string,
    inTrace: boolean,
    onMap: boolean,
    detail: string,
    why: () => { cause: string; next: string },
  ): HopResult => {
    if (inTrace && onMap) return { id, hop, status: 'found', inTrace, onMap, detail };
    const { cause, next } = blocking() ?? (inTrace ? MAP_LAG : why());
    return { id, hop, status: 'missing', inTrace, onMap, detail, cause, next };
  };

  const hops: HopResult[] = [];
  const webHop = `${WEB} -> ${SERVICE}`;
  if (e.batch === undefined) {
    hops.push({
      id: 'task-web',
      hop: webHop,
      status: 'skipped',
      inTrace: false,
      onMap: false,
      detail: 'not checked: no --collector-url',
    });
  } else {
    const batch = e.batch;
    const webIds = new Set(e.calls.filter((c) => c.caller === WEB).map((c) => c.parentId));
    const underWeb = services.filter(
      (s) =>
        s.parentId !== undefined && webIds.has(s.parentId) && byId.get(s.parentId)?.segment === WEB,
    );
    const webSegments = docs.filter((d) => d.isSegment && d.name === WEB);
    hops.push(
      result(
        'task-web',
        webHop,
        underWeb.length > 0,
        edges.some((x) => x.from.name === WEB && x.to.name === SERVICE),
        `${underWeb.length} ${SERVICE} segment(s) under ${WEB}'s calls, ${webSegments.length} ${WEB} segment(s)`,
        () => {
          if (batch.corsRefused)
            return {
              cause: `the web collector at ${batch.url} refused origin ${batch.origin} in its CORS preflight (HTTP ${batch.status}), so browsers cannot send it spans`,
              next: `add ${batch.origin} to the web origins (TRACING_WEB_ORIGINS), then npm run synth and tracectl apply`,
            };
          if (!batch.accepted)
            return {
              cause: `the web collector at ${batch.url} did not take the span batch: ${batch.error ?? `HTTP ${batch.status}`}`,
              next: `check --collector-url; on EKS: kubectl -n ${TRACING} get pods,ingress`,
            };
          if (webSegments.length === 0)
            return {
              cause: `the web collector took the browser spans, but no ${WEB} segment reached X-Ray: its export failed (its IAM role) or its pods are not ready`,
              next: `tracectl doctor, then kubectl -n ${TRACING} logs -l app.kubernetes.io/component=opentelemetry-collector`,
            };
          return {
            cause: `${SERVICE}'s segments are not under ${WEB}'s calls: the service did not continue the trace from X-Amzn-Trace-Id`,
            next: `check the service's propagators; kubectl -n ${PROD} logs deployment/${SERVICE}`,
          };
        },
      ),
    );
  }

  // The direct calls name no parent, so their segments are the trace's root task-service
  // segments; every other task-service segment of the run has a task-web parent.
  const fromClient = services.filter((s) => s.parentId === undefined);
  hops.push(
    result(
      'client',
      `${CLIENT_TYPE} -> ${SERVICE}`,
      fromClient.length > 0,
      edges.some((x) => x.from.type === CLIENT_TYPE && x.to.name === SERVICE),
      `${fromClient.length} ${SERVICE} segment(s) for the direct calls`,
      () => ({
        cause: `${SERVICE} traced other calls of this run but not the direct ones (a failed call, or spans dropped on the way)`,
        next: `kubectl -n ${PROD} logs deployment/${SERVICE}`,
      }),
    ),
  );

  hops.push(
    result(
      'table',
      `${SERVICE} -> ${table ?? 'the DynamoDB table'}`,
      tableDocs.length > 0,
      edges.some(
        (x) =>
          x.from.name === SERVICE &&
          x.to.type === TABLE_TYPE &&
          (table === undefined || x.to.name === table),
      ),
      table ? `DynamoDB calls on table ${table}` : 'no DynamoDB call in the trace',
      () => ({
        cause: `${SERVICE} made no traced DynamoDB call: it runs with TASKS_STORE=memory, or its AWS SDK instrumentation is off`,
        next: `kubectl -n ${PROD} get deployment ${SERVICE} -o jsonpath='{.spec.template.spec.containers[0].env}'`,
      }),
    ),
  );

  hops.push(
    result(
      'origin',
      `${SERVICE} origin ${EKS_ORIGIN}`,
      services.length > 0 && services.every((s) => s.origin === EKS_ORIGIN),
      edges.some(
        (x) =>
          (x.to.name === SERVICE && x.to.type === EKS_ORIGIN) ||
          (x.from.name === SERVICE && x.from.type === EKS_ORIGIN),
      ),
      `segment origin: ${origins.join(', ') || 'no segment'}`,
      () => ({
        cause: `${SERVICE}'s segments have origin ${origins.join(', ')}, not ${EKS_ORIGIN}: its resource lacks cloud.provider=aws and cloud.platform=aws_eks (OTEL_RESOURCE_ATTRIBUTES, which the chart sets)`,
        next: `kubectl -n ${PROD} get deployment ${SERVICE} -o yaml | grep -A1 OTEL_RESOURCE_ATTRIBUTES`,
      }),
    ),
  );
  return hops;
}

/** Every hop that was checked was found, and every request succeeded. */
export function passed(hops: readonly HopResult[], calls: readonly ApiCall[]): boolean {
  return hops.every((h) => h.status !== 'missing') && calls.length > 0 && calls.every(ok);
}
