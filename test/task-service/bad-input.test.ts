import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

interface Case {
  readonly name: string;
  readonly method: string;
  /** `:id` is replaced by an existing task's id. */
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const post = (body: string, status: number, code: string, name: string): Case => ({
  name,
  method: 'POST',
  path: '/tasks',
  body,
  headers: JSON_TYPE,
  status,
  code,
});
const patch = (body: string, status: number, code: string, name: string): Case => ({
  name,
  method: 'PATCH',
  path: '/tasks/:id',
  body,
  headers: JSON_TYPE,
  status,
  code,
});

const CASES: readonly Case[] = [
  post('{"title":', 400, 'bad_json', 'truncated JSON'),
  post('{title: "x"}', 400, 'bad_json', 'unquoted key'),
  post("{'title':'x'}", 400, 'bad_json', 'single quotes'),
  post('"just a string"', 400, 'bad_json', 'a JSON string (not an object)'),
  post('42', 400, 'bad_json', 'a JSON number'),
  post('[]', 400, 'validation_failed', 'an array'),
  post('null', 400, 'bad_json', 'null'),
  post('{}', 400, 'validation_failed', 'missing title'),
  post('{"title":42}', 400, 'validation_failed', 'title as number'),
  post('{"title":null}', 400, 'validation_failed', 'title null'),
  post('{"title":""}', 400, 'validation_failed', 'empty title'),
  post('{"title":"   "}', 400, 'validation_failed', 'blank title'),
  post(JSON.stringify({ title: 'x'.repeat(501) }), 400, 'validation_failed', 'title too long'),
  post('{"title":"x","done":"yes"}', 400, 'validation_failed', 'done as string'),
  post('{"title":"x","priority":1}', 400, 'validation_failed', 'unknown field'),
  post('{"title":"x","id":"abc"}', 400, 'validation_failed', 'client-chosen id'),
  post('{"title":"x","version":3}', 400, 'validation_failed', 'version on create'),
  post('{"title":"x","__proto__":{"admin":true}}', 400, 'validation_failed', '__proto__ key'),
  post(
    JSON.stringify({ title: 'x', pad: 'y'.repeat(70_000) }),
    413,
    'payload_too_large',
    'body over 64 KiB',
  ),
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/tasks',
    body: '{"title":"x"}',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'form-encoded body',
    method: 'POST',
    path: '/tasks',
    body: 'title=x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'JSON in latin1',
    method: 'POST',
    path: '/tasks',
    body: '{"title":"x"}',
    headers: { 'content-type': 'application/json; charset=latin1' },
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'no body and no content type',
    method: 'POST',
    path: '/tasks',
    status: 400,
    code: 'validation_failed',
  },
  patch('{}', 400, 'validation_failed', 'patch with nothing to change'),
  patch('{"version":1}', 400, 'validation_failed', 'patch with only a version'),
  patch('{"done":1,"version":1}', 400, 'validation_failed', 'patch done as number'),
  patch('{"done":true,"version":"1"}', 400, 'validation_failed', 'patch version as string'),
  patch('{"done":true,"version":0}', 400, 'validation_failed', 'patch version zero'),
  patch('{"done":true,"version":1.5}', 400, 'validation_failed', 'patch version fraction'),
  patch(
    '{"createdAt":"2020-01-01T00:00:00Z","version":1}',
    400,
    'validation_failed',
    'patch createdAt',
  ),
  patch('{"done":true', 400, 'bad_json', 'patch malformed JSON'),
  {
    name: 'patch with a garbage If-Match',
    method: 'PATCH',
    path: '/tasks/:id',
    body: '{"done":true}',
    headers: { ...JSON_TYPE, 'if-match': 'banana' },
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'If-Match and body version disagree',
    method: 'PATCH',
    path: '/tasks/:id',
    body: '{"done":true,"version":1}',
    headers: { ...JSON_TYPE, 'if-match': '"2"' },
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'limit zero',
    method: 'GET',
    path: '/tasks?limit=0',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'limit 101',
    method: 'GET',
    path: '/tasks?limit=101',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'limit text',
    method: 'GET',
    path: '/tasks?limit=ten',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'limit repeated',
    method: 'GET',
    path: '/tasks?limit=1&limit=2',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'forged cursor',
    method: 'GET',
    path: '/tasks?cursor=bm9wZQ',
    status: 400,
    code: 'validation_failed',
  },
  {
    // A well-formed cursor whose key DynamoDB itself rejects (empty string) must not become a 503.
    name: 'tampered cursor with an empty key',
    method: 'GET',
    path: `/tasks?cursor=${Buffer.from('{"after":""}').toString('base64url')}`,
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'tampered cursor with a key that is not a task id',
    method: 'GET',
    path: `/tasks?cursor=${Buffer.from('{"after":"zzz"}').toString('base64url')}`,
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown query parameter',
    method: 'GET',
    path: '/tasks?sort=title',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'unknown id',
    method: 'GET',
    path: '/tasks/3f1c1c1e-0000-4000-8000-000000000000',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'id that is not a UUID',
    method: 'GET',
    path: '/tasks/not-a-uuid',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'id with SQL',
    method: 'GET',
    path: "/tasks/1'%20OR%20'1'='1",
    status: 404,
    code: 'not_found',
  },
  patch404('3f1c1c1e-0000-4000-8000-000000000000', 'patch unknown id'),
  {
    name: 'delete unknown id',
    method: 'DELETE',
    path: '/tasks/3f1c1c1e-0000-4000-8000-000000000000',
    status: 404,
    code: 'not_found',
  },
  { name: 'unknown route', method: 'GET', path: '/nope', status: 404, code: 'not_found' },
  {
    name: 'unknown nested route',
    method: 'GET',
    path: '/tasks/:id/comments',
    status: 404,
    code: 'not_found',
  },
  {
    name: 'unsupported method on collection',
    method: 'PUT',
    path: '/tasks',
    body: '{}',
    headers: JSON_TYPE,
    status: 404,
    code: 'not_found',
  },
  {
    name: 'delete with a body',
    method: 'DELETE',
    path: '/tasks/:id',
    body: '{"x":1}',
    headers: JSON_TYPE,
    status: 400,
    code: 'validation_failed',
  },
];

function patch404(id: string, name: string): Case {
  return {
    name,
    method: 'PATCH',
    path: `/tasks/${id}`,
    body: '{"done":true,"version":1}',
    headers: JSON_TYPE,
    status: 404,
    code: 'not_found',
  };
}

let dynamo: Dynalite;
let service: RunningService;
let existingId: string;

beforeAll(async () => {
  dynamo = await startDynalite();
  service = await startInProcessService({ dynamodbEndpoint: dynamo.endpoint });
  const res = await fetch(`${service.baseUrl}/tasks`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ title: 'target of bad requests' }),
  });
  existingId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await service?.close();
  await dynamo?.close();
});

describe('GIVEN a bad request', () => {
  it('THEN the table has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('WHEN $name THEN $status $code as JSON error, never 5xx', async (c) => {
    const res = await fetch(`${service.baseUrl}${c.path.replace(':id', existingId)}`, {
      method: c.method,
      headers: c.headers,
      body: c.body,
    });
    const text = await res.text();
    expect(res.status, text).toBe(c.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text) as Record<string, unknown>;
    // Exactly { error: { code, message } }: nothing else at either level.
    expect(Object.keys(body)).toEqual(['error']);
    const error = body['error'] as Record<string, unknown>;
    expect(Object.keys(error).sort()).toEqual(['code', 'message']);
    expect(error['code']).toBe(c.code);
    expect(typeof error['message']).toBe('string');
    expect((error['message'] as string).length).toBeGreaterThan(10);
  });

  it('WHEN all of them were sent THEN the task they targeted is untouched', async () => {
    const res = await fetch(`${service.baseUrl}/tasks/${existingId}`);
    expect(await res.json()).toMatchObject({
      title: 'target of bad requests',
      version: 1,
      done: false,
    });
  });
});
