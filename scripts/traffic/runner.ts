// Runs the plan against the task service: `concurrency` workers take its steps in order, under one
// deadline. Steps on the same task wait for the earlier ones on that task, so each task sees the
// same history, and gets the same answers, whatever the concurrency.
import { randomUUID } from 'node:crypto';
import type { Operation } from './mix.js';
import type { TrafficOptions } from './options.js';
import { planTraffic } from './plan.js';
import type { PlannedStep } from './plan.js';

export interface RequestRecord {
  /** The plan step that sent it. */
  readonly step: number;
  readonly operation: Operation | 'rename';
  readonly method: string;
  /** HTTP status, or 0 when the request failed at the network level. */
  readonly status: number;
  readonly ms: number;
}

export interface TrafficResult {
  /** In plan order (by step, then in the order the step sent them). */
  readonly records: readonly RequestRecord[];
  readonly elapsedMs: number;
  /** Why the run ended. */
  readonly stoppedBy: 'requests' | 'duration' | 'unreachable';
}

/** A task a create step made, as far as the steps on it have seen it. */
interface KnownTask {
  readonly id: string;
  version: number;
}

const BAD_PAYLOADS: readonly { method: string; body: string }[] = [
  { method: 'POST', body: JSON.stringify({ title: '' }) },
  { method: 'POST', body: JSON.stringify({ title: 42 }) },
  { method: 'POST', body: '{"title": "unterminated' },
  { method: 'POST', body: JSON.stringify({ title: 'ok', priority: 'high' }) },
];

const versionOf = (json: unknown): number | undefined => {
  const v = (json as { version?: unknown } | undefined)?.version;
  return typeof v === 'number' ? v : undefined;
};

export async function runTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const plan = planTraffic(options.seed, options.requests);
  /** Create step -> its task (undefined when the create failed). */
  const tasks = new Map<number, KnownTask | undefined>();
  /** Create step -> when the last step taken on that task so far has finished. */
  const tails = new Map<number, Promise<void>>();
  const records: RequestRecord[] = [];
  const started = Date.now();
  const deadline = started + options.durationSeconds * 1000;
  let next = 0;
  let consecutiveNetworkErrors = 0;
  let unreachable = false;

  const send = async (
    step: number,
    operation: RequestRecord['operation'],
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: unknown }> => {
    const t0 = performance.now();
    let status = 0;
    let json: unknown;
    try {
      const response = await fetch(`${options.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...init.headers },
        ...(init.body !== undefined && { body: init.body }),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      json = status === 204 ? undefined : await response.json().catch(() => undefined);
      consecutiveNetworkErrors = 0;
    } catch {
      consecutiveNetworkErrors += 1;
      if (consecutiveNetworkErrors >= 10) unreachable = true;
    }
    records.push({ step, operation, method, status, ms: performance.now() - t0 });
    return { status, json };
  };

  /** A write with the expected version in If-Match or in the body, as `pick` says. */
  const versioned = (pick: number, version: number, body: Record<string, unknown>) =>
    pick < 0.5
      ? { body: JSON.stringify(body), headers: { 'if-match': `"${version}"` } }
      : { body: JSON.stringify({ ...body, version }) };

  const onTask = async (planned: PlannedStep, task: KnownTask | undefined): Promise<void> => {
    const { step, operation, pick } = planned;
    // A task whose create failed: the step still sends its request(s), to an id nobody has.
    const id = task?.id ?? randomUUID();
    const version = task?.version ?? 1;
    const seen = (json: unknown, fallback: number): void => {
      if (task !== undefined) task.version = versionOf(json) ?? fallback;
    };
    switch (operation) {
      case 'get': {
        const { status, json } = await send(step, 'get', 'GET', `/tasks/${id}`);
        if (status === 200) seen(json, version);
        return;
      }
      case 'complete': {
        const { status, json } = await send(step, 'complete', 'PATCH', `/tasks/${id}`, {
          ...versioned(pick, version, { done: true }),
        });
        if (status === 200) seen(json, version + 1);
        return;
      }
      case 'delete':
        await send(step, 'delete', 'DELETE', `/tasks/${id}`, {
          headers: { 'if-match': `"${version}"` },
        });
        return;
      case 'stale-version': {
        // Move the task on by one version, then write again with the version held before: a
        // lost update the service must refuse (409 with a body version, 412 with If-Match).
        const { status, json } = await send(step, 'rename', 'PATCH', `/tasks/${id}`, {
          body: JSON.stringify({ title: `renamed ${id.slice(0, 8)}`, version }),
        });
        if (status === 200) seen(json, version + 1);
        await send(step, 'stale-version', 'PATCH', `/tasks/${id}`, {
          ...versioned(pick, version, { done: true }),
        });
        return;
      }
    }
  };

  const run = async (planned: PlannedStep): Promise<void> => {
    const { step, operation, pick, target } = planned;
    switch (operation) {
      case 'create': {
        const { status, json } = await send(step, 'create', 'POST', '/tasks', {
          body: JSON.stringify({ title: `traffic task ${step + 1}` }),
        });
        const id = (json as { id?: unknown } | undefined)?.id;
        tasks.set(
          step,
          status === 201 && typeof id === 'string'
            ? { id, version: versionOf(json) ?? 1 }
            : undefined,
        );
        return;
      }
      case 'list':
        await send(step, 'list', 'GET', `/tasks?limit=${1 + Math.floor(pick * 20)}`);
        return;
      case 'bad-payload': {
        const bad = BAD_PAYLOADS[Math.floor(pick * BAD_PAYLOADS.length)]!;
        await send(step, 'bad-payload', bad.method, '/tasks', { body: bad.body });
        return;
      }
      case 'unknown-id':
        await send(step, 'unknown-id', pick < 0.5 ? 'GET' : 'DELETE', `/tasks/${randomUUID()}`);
        return;
      default:
        await onTask(planned, target === undefined ? undefined : tasks.get(target));
    }
  };

  /** Starts a step once the earlier steps on its task are done; registers it as the new tail. */
  const take = async (planned: PlannedStep): Promise<void> => {
    const task = planned.operation === 'create' ? planned.step : planned.target;
    if (task === undefined) return run(planned);
    const before = tails.get(task) ?? Promise.resolve();
    const done = before.then(() => run(planned));
    tails.set(task, done);
    return done;
  };

  const worker = async (): Promise<void> => {
    while (next < plan.length && Date.now() < deadline && !unreachable) {
      const planned = plan[next]!;
      next += 1;
      await take(planned);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));

  records.sort((a, b) => a.step - b.step);
  return {
    records,
    elapsedMs: Date.now() - started,
    stoppedBy: unreachable ? 'unreachable' : next >= plan.length ? 'requests' : 'duration',
  };
}
