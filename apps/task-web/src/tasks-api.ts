// Typed client for the task service REST API. DOM-free (only `fetch`), so Node tests can run it
// against a real task service. Every call is one fetch, which the fetch instrumentation turns
// into a CLIENT span that carries traceparent / X-Amzn-Trace-Id to the service.

import {
  TASKS_PATH,
  type CreateTaskRequest,
  type ErrorBody,
  type PatchTaskRequest,
  type Task,
  type TaskPage,
} from '../../task-service/src/contract.js';

export type { Task, TaskPage };

/** A non-2xx answer from the task service (or a network failure, with `status` 0). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** 409 or 412: someone else changed the task since we read it (optimistic concurrency). */
  get isConflict(): boolean {
    return this.status === 409 || this.status === 412;
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }
}

export function parseTask(raw: unknown): Task {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (
    typeof r.id !== 'string' ||
    typeof r.title !== 'string' ||
    typeof r.version !== 'number' ||
    typeof r.createdAt !== 'string' ||
    typeof r.updatedAt !== 'string'
  ) {
    throw new ApiError(
      `Unexpected task from the API: ${JSON.stringify(raw)} (needs string id, title, createdAt, updatedAt and number version).`,
      0,
    );
  }
  return {
    id: r.id,
    title: r.title,
    done: r.done === true,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

async function errorFrom(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`.trim();
  let code: string | undefined;
  try {
    // Typed as the contract says, but read defensively: a proxy can answer with anything.
    const body = (await response.json()) as Partial<ErrorBody> | null;
    if (typeof body?.error?.message === 'string') message = body.error.message;
    if (typeof body?.error?.code === 'string') code = body.error.code;
  } catch {
    // Not JSON (e.g. a proxy error page): keep the status line.
  }
  return new ApiError(message, response.status, code);
}

export class TasksClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, {
        ...init,
        headers: { accept: 'application/json', ...init.headers },
      });
    } catch (cause) {
      throw new ApiError(
        `Cannot reach the task service at ${this.baseUrl} (${String(cause)}). Is it running?`,
        0,
      );
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async list(options: { limit?: number; cursor?: string } = {}): Promise<TaskPage> {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    if (options.cursor !== undefined) query.set('cursor', options.cursor);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    const body = (await (await this.call(`${TASKS_PATH}${suffix}`)).json()) as Record<
      string,
      unknown
    >;
    const items = Array.isArray(body.items) ? body.items.map(parseTask) : [];
    return {
      items,
      ...(typeof body.nextCursor === 'string' ? { nextCursor: body.nextCursor } : {}),
    };
  }

  async get(id: string): Promise<Task> {
    return parseTask(await (await this.call(`${TASKS_PATH}/${encodeURIComponent(id)}`)).json());
  }

  async create(title: string): Promise<Task> {
    const body: CreateTaskRequest = { title };
    const response = await this.call(TASKS_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return parseTask(await response.json());
  }

  /**
   * Marks a task done (or not), guarded by the version we last saw: a stale version gets 409.
   * The version goes in the body, not If-Match: the service's CORS allow-list does not include
   * If-Match, so a cross-origin browser cannot send it.
   */
  async setDone(task: Task, done: boolean): Promise<Task> {
    const body: PatchTaskRequest = { done, version: task.version };
    const response = await this.call(`${TASKS_PATH}/${encodeURIComponent(task.id)}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return parseTask(await response.json());
  }

  /** Deletes unconditionally (a browser cannot send If-Match cross-origin, see setDone). */
  async remove(task: Task): Promise<void> {
    await this.call(`${TASKS_PATH}/${encodeURIComponent(task.id)}`, { method: 'DELETE' });
  }
}
