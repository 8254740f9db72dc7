import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

interface TaskJson {
  id: string;
  title: string;
  done: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

const ORIGIN = 'https://tasks.example.test';
let dynamo: Dynalite;
let service: RunningService;

const call = (path: string, init: RequestInit = {}) => fetch(`${service.baseUrl}${path}`, init);
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
async function create(title: string): Promise<TaskJson> {
  const res = await call('/tasks', { method: 'POST', ...json({ title }) });
  expect(res.status).toBe(201);
  return (await res.json()) as TaskJson;
}

beforeAll(async () => {
  dynamo = await startDynalite();
  service = await startInProcessService({
    dynamodbEndpoint: dynamo.endpoint,
    corsAllowedOrigins: [ORIGIN],
  });
});
afterAll(async () => {
  await service?.close();
  await dynamo?.close();
});

describe('GIVEN the task service on dynalite', () => {
  it('WHEN a task is created THEN 201 with Location, ETag and every field, and GET returns it', async () => {
    const res = await call('/tasks', { method: 'POST', ...json({ title: '  write tests ' }) });
    expect(res.status).toBe(201);
    const task = (await res.json()) as TaskJson;
    expect(task).toMatchObject({ title: 'write tests', done: false, version: 1 });
    expect(task.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(task.createdAt)).not.toBeNaN();
    expect(task.updatedAt).toBe(task.createdAt);
    expect(res.headers.get('location')).toBe(`/tasks/${task.id}`);
    expect(res.headers.get('etag')).toBe('"1"');

    const read = await call(`/tasks/${task.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(task);
  });

  it('WHEN tasks are listed with a limit THEN pages follow the opaque cursor without repeats', async () => {
    const created = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((t) => create(`page ${t}`)));
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ limit: '2', ...(cursor && { cursor }) });
      const res = await call(`/tasks?${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: TaskJson[]; nextCursor?: string };
      expect(body.items.length).toBeLessThanOrEqual(2);
      for (const item of body.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = body.nextCursor;
      if (cursor === undefined) break;
    }
    expect(cursor).toBeUndefined();
    for (const task of created) expect(seen.has(task.id)).toBe(true);
  });

  it('WHEN a task is patched with its version THEN fields change and the version grows', async () => {
    const task = await create('patch me');
    const res = await call(`/tasks/${task.id}`, {
      method: 'PATCH',
      ...json({ done: true, version: 1 }),
    });
    expect(res.status).toBe(200);
    const updated = (await res.json()) as TaskJson;
    expect(updated).toMatchObject({ id: task.id, title: 'patch me', done: true, version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
    expect(updated.createdAt).toBe(task.createdAt);
  });

  it('WHEN If-Match carries the current ETag THEN the update succeeds; a stale one gets 412', async () => {
    const task = await create('if-match');
    const ok = await call(`/tasks/${task.id}`, {
      method: 'PATCH',
      ...json({ title: 'renamed' }, { 'if-match': '"1"' }),
    });
    expect(ok.status).toBe(200);
    const stale = await call(`/tasks/${task.id}`, {
      method: 'PATCH',
      ...json({ title: 'again' }, { 'if-match': '"1"' }),
    });
    expect(stale.status).toBe(412);
    expect(await stale.json()).toMatchObject({ error: { code: 'precondition_failed' } });
  });

  it('WHEN the body version is stale THEN 409 and the task is unchanged', async () => {
    const task = await create('stale');
    await call(`/tasks/${task.id}`, { method: 'PATCH', ...json({ done: true, version: 1 }) });
    const res = await call(`/tasks/${task.id}`, {
      method: 'PATCH',
      ...json({ title: 'lost update', version: 1 }),
    });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('version_conflict');
    expect(body.error.message).toContain('version 2');
    expect(((await (await call(`/tasks/${task.id}`)).json()) as TaskJson).title).toBe('stale');
  });

  it('WHEN a PATCH names no version THEN 428 explains how to send one', async () => {
    const task = await create('no version');
    const res = await call(`/tasks/${task.id}`, { method: 'PATCH', ...json({ done: true }) });
    expect(res.status).toBe(428);
    expect(await res.json()).toMatchObject({ error: { code: 'precondition_required' } });
  });

  it('WHEN a task is deleted THEN 204, then 404 for GET and for a second DELETE', async () => {
    const task = await create('delete me');
    expect((await call(`/tasks/${task.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(`/tasks/${task.id}`)).status).toBe(404);
    expect((await call(`/tasks/${task.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('WHEN DELETE carries a stale If-Match THEN 412 and the task stays', async () => {
    const task = await create('guarded delete');
    const res = await call(`/tasks/${task.id}`, {
      method: 'DELETE',
      headers: { 'if-match': '"7"' },
    });
    expect(res.status).toBe(412);
    expect((await call(`/tasks/${task.id}`)).status).toBe(200);
  });

  it('WHEN probed THEN /healthz and /readyz answer 200 JSON', async () => {
    expect(await (await call('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await call('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('GIVEN CORS_ALLOWED_ORIGINS lists one origin', () => {
  it('WHEN that origin sends a preflight THEN exactly it and the trace headers are allowed', async () => {
    const res = await call('/tasks', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,traceparent',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(',').sort();
    expect(allowed).toEqual(['content-type', 'traceparent', 'tracestate', 'x-amzn-trace-id']);
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('WHEN another origin calls THEN no CORS header is sent and its preflight gets 403 JSON', async () => {
    const get = await call('/tasks', { headers: { origin: 'https://evil.example.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call('/tasks', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(await preflight.json()).toMatchObject({ error: { code: 'cors_origin_denied' } });
  });

  it('WHEN the allowed origin reads a task THEN ETag and Location are exposed to scripts', async () => {
    const res = await call('/tasks', {
      method: 'POST',
      ...json({ title: 'cors' }, { origin: ORIGIN }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag,Location');
  });
});
