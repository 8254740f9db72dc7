// Where the service listens and whom it answers: loopback unless HOST says otherwise, and, on
// loopback, only requests addressed to this machine (a DNS-rebinding page addresses its own name).
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_SERVICE_HOSTS } from '../../apps/task-service/src/contract.js';
import { readServiceConfig } from '../../apps/task-service/src/config.js';
import { buildService } from '../../testkit/task-service/build.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';
import { startServiceProcess } from '../../testkit/task-service/process.js';
import { rawRequest } from '../../testkit/task-service/raw-http.js';

interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One request with the given `Host` header (fetch does not let a caller set it). */
function send(baseUrl: string, method: string, path: string, host: string, body?: string) {
  const url = new URL(path, baseUrl);
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname + url.search,
        headers: {
          host,
          ...(body !== undefined && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          }),
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('GIVEN no HOST in the environment', () => {
  it('WHEN the config is read and the service listens THEN its socket is bound to 127.0.0.1 only', async () => {
    const host = readServiceConfig({}).HOST;
    expect(host).toBe(TASK_SERVICE_HOSTS.default);
    const service = await startInProcessService({ host });
    try {
      expect(service.address.address).toBe('127.0.0.1');
    } finally {
      await service.close();
    }
  });

  it('WHEN the built service starts THEN it logs the address its socket reports: 127.0.0.1', async () => {
    await buildService();
    const service = await startServiceProcess({ TASKS_STORE: 'memory', OTEL_SDK_DISABLED: 'true' });
    try {
      expect(service.logs.find((l) => l.msg === 'listening')).toMatchObject({
        address: '127.0.0.1',
      });
    } finally {
      await service.stop();
    }
  }, 180_000);
});

describe('GIVEN the service bound to loopback', () => {
  let service: RunningService;
  let port: string;
  beforeAll(async () => {
    service = await startInProcessService();
    port = new URL(service.baseUrl).port;
  });
  afterAll(() => service?.close());

  it.each([
    'evil.example',
    'evil.example:PORT',
    '127.0.0.1.evil.example',
    'localhost.evil.example',
    'localhost:PORT@evil.example',
    '0.0.0.0:PORT',
    '10.0.0.1',
    '[::2]:PORT',
  ])(
    'WHEN a POST says Host %j THEN 421 host_not_allowed as JSON, and no task is created',
    async (host) => {
      const answer = await send(
        service.baseUrl,
        'POST',
        '/tasks',
        host.replace('PORT', port),
        JSON.stringify({ title: 'planted by a rebinding page' }),
      );
      expect(answer.status, answer.body).toBe(421);
      expect(answer.contentType).toMatch(/^application\/json/);
      const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('host_not_allowed');
      expect(body.error.message).toContain('HOST=0.0.0.0');
      const list = (await (await fetch(`${service.baseUrl}/tasks`)).json()) as { items: unknown[] };
      expect(list.items).toEqual([]);
    },
  );

  it.each([
    '127.0.0.1:PORT',
    'localhost:PORT',
    'LocalHost.',
    'tasks.localhost:PORT',
    '[::1]:PORT',
    '127.0.0.2',
  ])('WHEN a request says Host %j THEN it is served', async (host) => {
    const answer = await send(service.baseUrl, 'GET', '/healthz', host.replace('PORT', port));
    expect(answer.status, answer.body).toBe(200);
  });

  it('WHEN an HTTP/1.0 request has no Host THEN 421 host_not_allowed: nothing says it is for this machine', async () => {
    const answer = await rawRequest(Number(port), 'GET /tasks HTTP/1.0');
    expect(answer.status, answer.body).toBe(421);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
  });

  it('WHEN an HTTP/1.1 request has no Host THEN 400 malformed_request as JSON (RFC 9112 requires one)', async () => {
    const answer = await rawRequest(Number(port), 'GET /tasks HTTP/1.1\r\nConnection: close');
    expect(answer.status, answer.body).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'malformed_request' } });
  });

  it('WHEN a DELETE comes with a foreign Host THEN 421 and the task is still there', async () => {
    const created = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'keep me' }),
    });
    const location = created.headers.get('location') ?? '';
    const answer = await send(service.baseUrl, 'DELETE', location, 'evil.example');
    expect(answer.status).toBe(421);
    expect((await fetch(`${service.baseUrl}${location}`)).status).toBe(200);
  });
});

describe('GIVEN HOST=0.0.0.0 (the container image and the chart)', () => {
  it('WHEN the service listens THEN its socket is bound to every interface and any Host is served, as kubelet and the ALB need', async () => {
    const service = await startInProcessService({
      host: readServiceConfig({ HOST: TASK_SERVICE_HOSTS.container }).HOST,
    });
    try {
      expect(service.address.address).toBe('0.0.0.0');
      const probe = await send(service.baseUrl, 'GET', '/readyz', '10.1.2.3:8080');
      expect(probe.status, probe.body).toBe(200);
      const api = await send(service.baseUrl, 'GET', '/tasks', 'tasks.example.com');
      expect(api.status, api.body).toBe(200);
    } finally {
      await service.close();
    }
  });
});
