/**
 * Requests that make no spans. Pure module: the telemetry bootstrap imports it before Express
 * is loaded (importing Express earlier would leave it uninstrumented).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { TASK_SERVICE_PROBES } from '../contract.js';

export const UNTRACED_PATHS: readonly string[] = Object.values(TASK_SERVICE_PROBES);

/** `req.url` includes the query string, so `/healthz?x=1` must match too. */
export function isUntracedUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  // Every request passes here: no array, no substring unless there is a query.
  const q = url.indexOf('?');
  return UNTRACED_PATHS.includes(q === -1 ? url : url.slice(0, q));
}

/** The parts of an incoming request the decision needs (an `IncomingMessage` fits). */
export interface RequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/**
 * Probes, and CORS preflights: a browser sends an OPTIONS preflight before most API calls, and
 * tracing those would double the browser's traces on the service map with `client → task-service`
 * OPTIONS entries that are not operations of the service.
 */
export function isUntracedRequest(req: RequestHead): boolean {
  if (isUntracedUrl(req.url)) return true;
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}
