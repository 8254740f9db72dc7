// The request shapes the parsers must refuse or accept exactly: deep nesting, If-Match, limit,
// DELETE bodies by any framing, and content encodings.
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_CONTENT_ENCODINGS, BODY_MAX_DEPTH } from '../../apps/task-service/src/contract.js';
import { preview } from '../../apps/task-service/src/http/validate.js';
import type { Logger } from '../../apps/task-service/src/log.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';
import { rawRequest } from '../../testkit/task-service/raw-http.js';

const errors: string[] = [];
const log: Logger = { info() {}, warn() {}, error: (msg) => errors.push(msg) };
let service: RunningService;
let taskPath: string;

const JSON_TYPE = { 'content-type': 'application/json' };
const json = async (res: Response) => ({
  status: res.status,
  body: (await res.json()) as { error?: { code: string; message: string }; version?: number },
});

beforeAll(async () => {
  service = await startInProcessService({ log });
  const res = await fetch(`${service.baseUrl}/tasks`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: '{"title":"target"}',
  });
  taskPath = res.headers.get('location') ?? '';
});
afterAll(() => service?.close());

describe('GIVEN a 10 KB title nested 5,000 levels deep', () => {
  const deep = `{"title":${'['.repeat(5000)}${']'.repeat(5000)}}`;

  it.each(['POST', 'PATCH'])(
    'WHEN it is sent with %s THEN 400 bad_json naming the depth limit, and nothing is logged as an error',
    async (method) => {
      const path = method === 'POST' ? '/tasks' : taskPath;
      const { status, body } = await json(
        await fetch(`${service.baseUrl}${path}`, { method, headers: JSON_TYPE, body: deep }),
      );
      expect(status).toBe(400);
      expect(body.error?.code).toBe('bad_json');
      expect(body.error?.message).toContain(`deeper than ${BODY_MAX_DEPTH} levels`);
      expect(errors).toEqual([]);
    },
  );

  it('WHEN an error message quotes a value 100,000 levels deep THEN the quote is short and nothing overflows', () => {
    let value: unknown = 'core';
    for (let i = 0; i < 100_000; i++) value = i % 2 === 0 ? [value] : { a: value };
    const quoted = preview(value);
    expect(quoted.length).toBeLessThanOrEqual(80);
    expect(quoted.startsWith('{"a":[{"a":[')).toBe(true);
    expect(preview({ title: 'x'.repeat(70_000) }).length).toBeLessThanOrEqual(80);
    expect(preview({ title: 'x', done: [1, null, true] })).toBe(
      '{"title":"x","done":[1,null,true]}',
    );
  });
});

describe('GIVEN If-Match on a PATCH', () => {
  it.each([
    ['"1', 400, 'validation_failed', 'not an entity-tag'],
    ['1', 400, 'validation_failed', 'not an entity-tag'],
    ['"1"x', 400, 'validation_failed', 'not an entity-tag'],
    ['"1", "2"', 400, 'validation_failed', 'exactly one ETag'],
    ['W/"1"', 412, 'precondition_failed', 'weak ETag'],
    ['"01"', 412, 'precondition_failed', 'not an ETag this API issued'],
    ['"abc"', 412, 'precondition_failed', 'not an ETag this API issued'],
  ])(
    'WHEN it is %j THEN %i %s, and the message names the header and the form',
    async (header, status, code, says) => {
      const res = await fetch(`${service.baseUrl}${taskPath}`, {
        method: 'PATCH',
        headers: { ...JSON_TYPE, 'if-match': header },
        body: '{"done":true}',
      });
      const { body } = await json(res);
      expect(res.status).toBe(status);
      expect(body.error?.code).toBe(code);
      expect(body.error?.message).toContain('If-Match');
      expect(body.error?.message).toContain(says);
      expect(body.error?.message).toContain('"3"');
    },
  );

  it('WHEN it is the strong ETag of the current version, then * THEN both writes succeed', async () => {
    const current = await fetch(`${service.baseUrl}${taskPath}`);
    const etag = current.headers.get('etag') ?? '';
    const first = await fetch(`${service.baseUrl}${taskPath}`, {
      method: 'PATCH',
      headers: { ...JSON_TYPE, 'if-match': etag },
      body: '{"done":true}',
    });
    expect(first.status).toBe(200);
    const second = await fetch(`${service.baseUrl}${taskPath}`, {
      method: 'PATCH',
      headers: { ...JSON_TYPE, 'if-match': '*' },
      body: '{"done":false}',
    });
    expect(second.status).toBe(200);
  });
});

describe('GIVEN a list limit', () => {
  it.each(['1e2', '0x10', '+5', '%205', '5.0', '-1'])(
    'WHEN it is %s THEN 400 validation_failed: digits only',
    async (limit) => {
      const { status, body } = await json(await fetch(`${service.baseUrl}/tasks?limit=${limit}`));
      expect(status).toBe(400);
      expect(body.error?.message).toContain('digits only');
    },
  );

  it('WHEN it is 05 THEN it is 5', async () => {
    expect((await fetch(`${service.baseUrl}/tasks?limit=05`)).status).toBe(200);
  });
});

describe('GIVEN a DELETE', () => {
  it.each([
    ['a chunked body', 'Transfer-Encoding: chunked', '7\r\n{"x":1}\r\n0\r\n\r\n'],
    ['an empty chunked body', 'Transfer-Encoding: chunked', '0\r\n\r\n'],
    ['a body with a length', 'Content-Length: 7', '{"x":1}'],
  ])(
    'WHEN it carries %s THEN 400 validation_failed and the task is still there',
    async (_name, framing, body) => {
      const head = [
        `DELETE ${taskPath} HTTP/1.1`,
        `Host: 127.0.0.1:${service.address.port}`,
        'Connection: close',
        'Content-Type: application/json',
        framing,
      ].join('\r\n');
      const answer = await rawRequest(service.address.port, head, body);
      expect(answer.status, answer.body).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({
        error: {
          code: 'validation_failed',
          message: expect.stringContaining('DELETE takes no body'),
        },
      });
      expect((await fetch(`${service.baseUrl}${taskPath}`)).status).toBe(200);
    },
  );
});

describe('GIVEN a compressed POST body', () => {
  const raw = Buffer.from('{"title":"compressed"}');
  const encoders: Record<string, (b: Buffer) => Buffer> = {
    identity: (b) => b,
    gzip: gzipSync,
    deflate: deflateSync,
  };

  it.each(BODY_CONTENT_ENCODINGS)('WHEN it is %s (an accepted encoding) THEN 201', async (name) => {
    const encode = encoders[name];
    if (encode === undefined) throw new Error(`no encoder in this test for ${name}`);
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { ...JSON_TYPE, 'content-encoding': name },
      body: new Uint8Array(encode(raw)),
    });
    expect(res.status).toBe(201);
  });

  it.each([
    ['br', brotliCompressSync(raw)],
    ['zstd', raw],
    ['gzip, gzip', gzipSync(gzipSync(raw))],
  ])(
    'WHEN it is %s (which body-parser could inflate, or a chain) THEN 415 naming what is accepted',
    async (name, body) => {
      const { status, body: answer } = await json(
        await fetch(`${service.baseUrl}/tasks`, {
          method: 'POST',
          headers: { ...JSON_TYPE, 'content-encoding': name },
          body,
        }),
      );
      expect(status).toBe(415);
      expect(answer.error?.message).toContain('send the body uncompressed, gzip or deflate');
    },
  );
});

describe('GIVEN a keep-alive connection that already carried an answered request', () => {
  it('WHEN the next request on it is not valid HTTP THEN that one still gets the JSON 400, after the first answer', async () => {
    const host = `Host: 127.0.0.1:${service.address.port}`;
    const socket = connect(service.address.port, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    const firstAnswer = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(`GET /healthz HTTP/1.1\r\n${host}\r\n\r\n`);
    await firstAnswer;
    socket.write(`GET /healthz HTTP/1.1\r\n${host}\r\nBad Header: x\r\n\r\n`);
    await closed;
    const text = Buffer.concat(received).toString('utf8');
    const answers = text.split(/(?=HTTP\/1\.1 \d{3} )/);
    expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400']);
    const body = answers[1]?.slice(answers[1].indexOf('\r\n\r\n') + 4) ?? '';
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'malformed_request' } });
  });
});
