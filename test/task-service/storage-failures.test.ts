import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testkit/process/ports.js';
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
    expect(body.error.message).toContain('did not answer PutItem');
  });

  it('WHEN readiness is probed THEN 503 JSON while liveness stays 200', async () => {
    expect((await fetch(`${service.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
  });
});
