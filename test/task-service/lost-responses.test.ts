// A write that DynamoDB applied but whose response never reached the service (connection reset on
// the way back) is retried by the SDK. The retry then meets its own earlier write.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

/**
 * A loopback proxy in front of dynalite that forwards every call, but for the first call of
 * `operation` cuts the connection once dynalite has answered: the write happened, the answer is lost.
 */
async function startLossyProxy(
  target: string,
  operation: string,
): Promise<{ endpoint: string; cut: () => number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  let cut = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (c: Buffer) => body.push(c));
          answer.on('end', () => {
            const target = String(req.headers['x-amz-target'] ?? '');
            if (cut === 0 && target.endsWith(`.${operation}`)) {
              cut += 1;
              req.socket.destroy();
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    cut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('GIVEN DynamoDB applies an update but the UpdateItem response is lost', () => {
  let dynamo: Dynalite;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;
  let service: RunningService;
  beforeAll(async () => {
    dynamo = await startDynalite();
    proxy = await startLossyProxy(dynamo.endpoint, 'UpdateItem');
    service = await startInProcessService({ dynamodbEndpoint: proxy.endpoint, maxAttempts: 3 });
  });
  afterAll(async () => {
    await service?.close();
    await proxy?.close();
    await dynamo?.close();
  });

  it('WHEN the SDK retries the update THEN the client gets 200 with its own write, not a 412 against itself', async () => {
    const created = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'before' }),
    });
    const { id } = (await created.json()) as { id: string };

    const res = await fetch(`${service.baseUrl}/tasks/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify({ title: 'after' }),
    });
    const text = await res.text();
    expect(proxy.cut()).toBe(1);
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ id, title: 'after', version: 2 });
    expect(res.headers.get('etag')).toBe('"2"');
  });

  it('WHEN another writer already moved the task on THEN the stale writer still gets 412', async () => {
    const created = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'contended' }),
    });
    const { id } = (await created.json()) as { id: string };
    const patch = (title: string) =>
      fetch(`${service.baseUrl}/tasks/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ title }),
      });
    expect((await patch('first')).status).toBe(200);
    expect((await patch('second')).status).toBe(412);
  });
});

describe('GIVEN DynamoDB stores a new task but the PutItem response is lost', () => {
  let dynamo: Dynalite;
  let proxy: Awaited<ReturnType<typeof startLossyProxy>>;
  let service: RunningService;
  beforeAll(async () => {
    dynamo = await startDynalite();
    proxy = await startLossyProxy(dynamo.endpoint, 'PutItem');
    service = await startInProcessService({ dynamodbEndpoint: proxy.endpoint, maxAttempts: 3 });
  });
  afterAll(async () => {
    await service?.close();
    await proxy?.close();
    await dynamo?.close();
  });

  it('WHEN the SDK retries the create THEN the client gets 201 for the stored task, not a 503 inviting a duplicate', async () => {
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'written once' }),
    });
    const text = await res.text();
    expect(proxy.cut()).toBe(1);
    expect(res.status, text).toBe(201);
    const created = JSON.parse(text) as { id: string };

    const list = (await (await fetch(`${service.baseUrl}/tasks`)).json()) as {
      items: { id: string; title: string }[];
    };
    expect(list.items).toEqual([
      expect.objectContaining({ id: created.id, title: 'written once' }),
    ]);
  });
});
