/**
 * The real requests verify sends to the task API: create, get and delete of its own task, each
 * with an X-Amzn-Trace-Id naming the run's trace, sampled, and for a call made as task-web the
 * browser fetch span that the span batch reports as its parent.
 */
import { TASKS_PATH } from '../../../apps/task-service/src/contract.js';
import type { TASK_WEB_SERVICE_NAME } from '../../../apps/task-web/src/contract.js';
import { firstLine } from '../errors.js';
import { newSpanId, xrayTraceHeader, type TraceIds } from './ids.js';

/** Who the task service should see as the caller. */
export type Caller = typeof TASK_WEB_SERVICE_NAME | 'client';

export type Operation = 'create' | 'get' | 'delete';

export interface ApiCall {
  readonly operation: Operation;
  readonly method: 'POST' | 'GET' | 'DELETE';
  /** Full URL requested. */
  readonly url: string;
  readonly caller: Caller;
  /**
   * Parent span id in the trace header: for a task-web call, the browser fetch span that the
   * span batch reports. A client call names none: its segment is a root of the trace, which X-Ray
   * draws as called by "client".
   */
  readonly parentId?: string;
  readonly startMs: number;
  readonly endMs: number;
  /** HTTP status, when the API answered. */
  readonly status?: number;
  /** Why the call failed (network error, or the error body of a non-2xx answer). */
  readonly error?: string;
  /** The task id, from a successful create. */
  readonly taskId?: string;
}

export const ok = (call: ApiCall): boolean =>
  call.status !== undefined && call.status >= 200 && call.status < 300;

const REQUEST_TIMEOUT_MS = 15_000;

/** Why a fetch got no answer, in a few words: the socket error code, or the timeout. */
export function noAnswer(err: unknown, timeoutMs: number): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return `no answer (${cause.code})`;
  if ((err as { name?: unknown } | null)?.name === 'TimeoutError')
    return `no answer within ${timeoutMs / 1000}s`;
  return `no answer (${firstLine(cause ?? err)})`;
}

async function errorText(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).slice(0, 2000);
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not the service's JSON error body (a proxy or load balancer page): show its start.
  }
  return firstLine(text) || response.statusText || 'no body';
}

export class TaskApi {
  constructor(
    private readonly apiUrl: string,
    private readonly trace: TraceIds,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async send(
    operation: Operation,
    caller: Caller,
    taskId?: string,
    body?: unknown,
  ): Promise<ApiCall> {
    const method = ({ create: 'POST', get: 'GET', delete: 'DELETE' } as const)[operation];
    const path = taskId === undefined ? TASKS_PATH : `${TASKS_PATH}/${encodeURIComponent(taskId)}`;
    const url = `${this.apiUrl}${path}`;
    const parentId = caller === 'client' ? undefined : newSpanId();
    const startMs = Date.now();
    const base = { operation, method, url, caller, ...(parentId && { parentId }), startMs };
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        method,
        headers: {
          accept: 'application/json',
          'x-amzn-trace-id': xrayTraceHeader(this.trace, parentId),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      return { ...base, endMs: Date.now(), error: noAnswer(err, REQUEST_TIMEOUT_MS) };
    }
    const status = response.status;
    if (status < 200 || status >= 300)
      return { ...base, endMs: Date.now(), status, error: await errorText(response) };
    if (operation !== 'create') {
      await response.body?.cancel();
      return { ...base, endMs: Date.now(), status };
    }
    const id = ((await response.json().catch(() => ({}))) as { id?: unknown }).id;
    return typeof id === 'string'
      ? { ...base, endMs: Date.now(), status, taskId: id }
      : { ...base, endMs: Date.now(), status, error: 'the answer to the create has no task id' };
  }
}
