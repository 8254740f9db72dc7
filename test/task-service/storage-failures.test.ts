import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testkit/process/ports.js';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';

describe('GIVEN DynamoDB cannot be reached', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startInProcessService({
      dynamodbEndpoint: `http://127.0.0.1:${await freePort()}`,
      createTable: false,
      maxAttempts: 2,
    });
  });
  afterAll(() => service?.close());

  it('WHEN a task is created THEN after retries the answer is 503 JSON, not a hang or a 500', async () => {
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x' }),
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('storage_unavailable');
    expect(body.error.message).toContain('PutItem');
  });

  it('WHEN readiness is probed THEN 503 JSON while liveness stays 200', async () => {
    expect((await fetch(`${service.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe('GIVEN the table does not exist', () => {
  let dynamo: Dynalite;
  let service: RunningService;
  beforeAll(async () => {
    dynamo = await startDynalite();
    service = await startInProcessService({
      dynamodbEndpoint: dynamo.endpoint,
      createTable: false,
    });
  });
  afterAll(async () => {
    await service?.close();
    await dynamo?.close();
  });

  it('WHEN a task is read THEN 503 storage_unavailable (a missing table is not a client error)', async () => {
    const res = await fetch(`${service.baseUrl}/tasks`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'storage_unavailable' } });
  });
});
