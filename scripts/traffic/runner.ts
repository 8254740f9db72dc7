// Runs the mix against the task service: `concurrency` workers share one request budget and one
// deadline, and a pool of tasks they created (id -> last known version).
import { randomUUID } from 'node:crypto';
import { pickOperation, seededRandom } from './mix.js';
import type { Operation } from './mix.js';
import type { TrafficOptions } from './options.js';

export interface RequestRecord {
  readonly operation: Operation | 'rename';
  readonly method: string;
  /** HTTP status, or 0 when the request failed at the network level. */
  readonly status: number;
  readonly ms: number;
}

export interface TrafficResult {
  readonly records: readonly RequestRecord[];
  readonly elapsedMs: number;
  /** Why the run ended. */
  readonly stoppedBy: 'requests' | 'duration' | 'unreachable';
}

interface Budget {
  remaining: number;
  readonly deadline: number;
}

const BAD_PAYLOADS: readonly { method: string; body: string }[] = [
  { method: 'POST', body: JSON.stringify({ title: '' }) },
  { method: 'POST', body: JSON.stringify({ title: 42 }) },
  { method: 'POST', body: '{"title": "unterminated' },
  { method: 'POST', body: JSON.stringify({ title: 'ok', priority: 'high' }) },
];

export async function runTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const random = seededRandom(options.seed);
  const pool = new Map<string, number>();
  const records: RequestRecord[] = [];
  const started = Date.now();
  const budget: Budget = {
    remaining: options.requests,
    deadline: started + options.durationSeconds * 1000,
  };
  let consecutiveNetworkErrors = 0;
  let unreachable = false;

  const send = async (
    operation: RequestRecord['operation'],
    method: string,
    path: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: unknown }> => {
    budget.remaining -= 1;
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
    records.push({ operation, method, status, ms: performance.now() - t0 });
    return { status, json };
  };

  const versionOf = (json: unknown): number | undefined => {
    const v = (json as { version?: unknown } | undefined)?.version;
    return typeof v === 'number' ? v : undefined;
  };

  const anyTask = (): [string, number] | undefined => {
    const ids = [...pool.keys()];
    const id = ids[Math.floor(random() * ids.length)];
    return id === undefined ? undefined : [id, pool.get(id)!];
  };

  const runOne = async (operation: Operation): Promise<void> => {
    const picked = anyTask();
    switch (operation) {
      case 'create': {
        const { status, json } = await send('create', 'POST', '/tasks', {
          body: JSON.stringify({ title: `traffic task ${records.length + 1}` }),
        });
        const id = (json as { id?: unknown } | undefined)?.id;
        if (status === 201 && typeof id === 'string') pool.set(id, versionOf(json) ?? 1);
        return;
      }
      case 'list':
        await send('list', 'GET', `/tasks?limit=${1 + Math.floor(random() * 20)}`);
        return;
      case 'bad-payload': {
        const bad = BAD_PAYLOADS[Math.floor(random() * BAD_PAYLOADS.length)]!;
        await send('bad-payload', bad.method, '/tasks', { body: bad.body });
        return;
      }
      case 'unknown-id':
        await send('unknown-id', random() < 0.5 ? 'GET' : 'DELETE', `/tasks/${randomUUID()}`);
        return;
    }
    if (picked === undefined) return;
    const [id, version] = picked;
    switch (operation) {
      case 'get': {
        const { status, json } = await send('get', 'GET', `/tasks/${id}`);
        if (status === 200) pool.set(id, versionOf(json) ?? version);
        if (status === 404) pool.delete(id);
        return;
      }
      case 'complete': {
        // Alternate the two ways the API takes the expected version.
        const viaHeader = random() < 0.5;
        const { status, json } = await send('complete', 'PATCH', `/tasks/${id}`, {
          body: JSON.stringify(viaHeader ? { done: true } : { done: true, version }),
          ...(viaHeader && { headers: { 'if-match': `"${version}"` } }),
        });
        if (status === 200) pool.set(id, versionOf(json) ?? version + 1);
        return;
      }
      case 'delete': {
        pool.delete(id);
        await send('delete', 'DELETE', `/tasks/${id}`, { headers: { 'if-match': `"${version}"` } });
        return;
      }
      case 'stale-version': {
        // Move the task on by one version, then write again with the version we had: a lost
        // update the service must refuse (409 with a body version, 412 with If-Match).
        const { status, json } = await send('rename', 'PATCH', `/tasks/${id}`, {
          body: JSON.stringify({ title: `renamed ${id.slice(0, 8)}`, version }),
        });
        if (status !== 200) return;
        pool.set(id, versionOf(json) ?? version + 1);
        if (budget.remaining <= 0) return;
        const viaHeader = random() < 0.5;
        await send('stale-version', 'PATCH', `/tasks/${id}`, {
          body: JSON.stringify(viaHeader ? { done: true } : { done: true, version }),
          ...(viaHeader && { headers: { 'if-match': `"${version}"` } }),
        });
        return;
      }
    }
  };

  const worker = async (): Promise<void> => {
    while (budget.remaining > 0 && Date.now() < budget.deadline && !unreachable) {
      await runOne(pickOperation(random, pool.size));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));

  return {
    records,
    elapsedMs: Date.now() - started,
    stoppedBy: unreachable ? 'unreachable' : budget.remaining <= 0 ? 'requests' : 'duration',
  };
}
