/**
 * The span batch task-web would export for verify's task-web calls, posted as task-web posts it
 * (OTLP/HTTP JSON to the web collector, with the browser's Origin and CORS preflight when
 * --web-origin is given). Same shapes as apps/task-web/src/tracing.ts makes: a root INTERNAL
 * span per user action, marked as task-web's local root (local-root-processor.ts), with the
 * fetch instrumentation's CLIENT span under it; the task service's segment then hangs under
 * that CLIENT span, which draws task-web -> task-service on the map.
 */
import {
  LOCAL_ROOT_ATTRIBUTES,
  TASK_WEB_SERVICE_NAME,
  TASK_WEB_SERVICE_VERSION,
  type TaskWebAction,
} from '../../../apps/task-web/src/contract.js';
import { firstLine } from '../errors.js';
import { noAnswer, type ApiCall, type Operation } from './api.js';
import { newSpanId, type TraceIds } from './ids.js';

/** The user action of task-web that makes each call verify makes as task-web. */
const ACTION: Partial<Record<Operation, TaskWebAction>> = {
  create: 'tasks.create',
  delete: 'tasks.delete',
};

/** Whether task-web has an action that makes this call. */
export const browserMakes = (operation: Operation): boolean => ACTION[operation] !== undefined;

/** OTLP span kinds (opentelemetry-proto trace.proto). */
const KIND_INTERNAL = 1;
const KIND_CLIENT = 3;
/** What @opentelemetry/instrumentation-fetch reports as its scope. */
const FETCH_SCOPE = { name: '@opentelemetry/instrumentation-fetch', version: '0.300.0' };

type AttrValue = string | number;
const attributes = (attrs: Record<string, AttrValue>): object[] =>
  Object.entries(attrs).map(([key, v]) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  }));

const nanos = (ms: number): string => `${BigInt(Math.round(ms)) * 1_000_000n}`;

/** ExportTraceServiceRequest (OTLP JSON) for the calls task-web made. */
export function browserBatch(trace: TraceIds, calls: readonly ApiCall[]): object {
  const actions: object[] = [];
  const fetches: object[] = [];
  for (const call of calls) {
    const action = ACTION[call.operation];
    if (action === undefined || call.parentId === undefined) continue;
    const actionId = newSpanId();
    const url = new URL(call.url);
    actions.push({
      traceId: trace.otel,
      spanId: actionId,
      name: action,
      kind: KIND_INTERNAL,
      startTimeUnixNano: nanos(call.startMs - 1),
      endTimeUnixNano: nanos(call.endMs + 1),
      attributes: attributes({
        [LOCAL_ROOT_ATTRIBUTES.spanKind]: LOCAL_ROOT_ATTRIBUTES.localRoot,
        [LOCAL_ROOT_ATTRIBUTES.localService]: TASK_WEB_SERVICE_NAME,
      }),
      status: {},
    });
    fetches.push({
      traceId: trace.otel,
      spanId: call.parentId,
      parentSpanId: actionId,
      name: call.method,
      kind: KIND_CLIENT,
      startTimeUnixNano: nanos(call.startMs),
      endTimeUnixNano: nanos(call.endMs),
      attributes: attributes({
        'http.request.method': call.method,
        'url.full': call.url,
        'server.address': url.hostname,
        'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        ...(call.status === undefined ? {} : { 'http.response.status_code': call.status }),
      }),
      status: call.status !== undefined && call.status < 400 ? {} : { code: 2 },
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: attributes({
            'service.name': TASK_WEB_SERVICE_NAME,
            'service.version': TASK_WEB_SERVICE_VERSION,
            'telemetry.sdk.language': 'webjs',
            'telemetry.sdk.name': 'opentelemetry',
          }),
        },
        scopeSpans: [
          {
            scope: { name: TASK_WEB_SERVICE_NAME, version: TASK_WEB_SERVICE_VERSION },
            spans: actions,
          },
          { scope: FETCH_SCOPE, spans: fetches },
        ],
      },
    ],
  };
}

export interface BatchPost {
  readonly url: string;
  readonly origin?: string;
  /** The CORS preflight refused the origin (a browser would not send the batch). */
  readonly corsRefused?: boolean;
  readonly status?: number;
  readonly error?: string;
  readonly accepted: boolean;
}

/** The collector's traces URL: a bare base URL gets the OTLP/HTTP path, as exporters add it. */
export function tracesUrl(collectorUrl: string): string {
  const url = new URL(collectorUrl);
  return url.pathname === '/' || url.pathname === '' ? `${url.origin}/v1/traces` : collectorUrl;
}

const TIMEOUT_MS = 15_000;

/** `partialSuccess.rejectedSpans` of an ExportTraceServiceResponse in JSON, when there is one. */
function rejectedSpans(text: string): number | undefined {
  try {
    const n = (JSON.parse(text) as { partialSuccess?: { rejectedSpans?: unknown } }).partialSuccess
      ?.rejectedSpans;
    return n === undefined ? undefined : Number(n);
  } catch {
    return undefined;
  }
}

export async function postBatch(
  collectorUrl: string,
  batch: object,
  origin: string | undefined,
  fetchFn: typeof fetch = fetch,
): Promise<BatchPost> {
  const url = tracesUrl(collectorUrl);
  const base = { url, ...(origin === undefined ? {} : { origin }) };
  try {
    if (origin !== undefined) {
      // A JSON POST is not a "simple" request: the browser asks first.
      const preflight = await fetchFn(url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await preflight.body?.cancel();
      const allowed = preflight.headers.get('access-control-allow-origin');
      if (!preflight.ok || (allowed !== origin && allowed !== '*'))
        return { ...base, corsRefused: true, status: preflight.status, accepted: false };
    }
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text().catch(() => '')).slice(0, 2000);
    if (!response.ok)
      return { ...base, status: response.status, error: firstLine(text), accepted: false };
    const rejected = rejectedSpans(text);
    if (rejected !== undefined && rejected > 0)
      return {
        ...base,
        status: response.status,
        error: `the collector rejected ${String(rejected)} of the spans`,
        accepted: false,
      };
    return { ...base, status: response.status, accepted: true };
  } catch (err) {
    return { ...base, error: noAnswer(err, TIMEOUT_MS), accepted: false };
  }
}
