// The table goes missing while the service runs: a local dynalite restarts empty, or on AWS the
// table was never created (or was deleted). Locally the service creates it again, once; on AWS it
// says what is wrong and who owns the table.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Logger } from '../../apps/task-service/src/log.js';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import { startInProcessService } from '../../testkit/task-service/in-process.js';

async function tableExists(dynamo: Dynalite, table: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return false;
    throw error;
  } finally {
    client.destroy();
  }
}

const post = (baseUrl: string, title: string) =>
  fetch(`${baseUrl}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });

describe('GIVEN the service on a local endpoint (DYNAMODB_ENDPOINT) whose dynalite restarts empty', () => {
  it('WHEN 30 requests arrive at once after the restart THEN every one is served and the table is created once more, not once per request', async () => {
    let dynamo = await startDynalite();
    onTestFinished(() => dynamo.close());
    const created: unknown[] = [];
    const log: Logger = {
      info: (msg, fields) => (msg === 'created table' ? created.push(fields) : undefined),
      warn() {},
      error() {},
    };
    const table = `restarted-${Date.now()}`;
    const service = await startInProcessService({ dynamodbEndpoint: dynamo.endpoint, table, log });
    onTestFinished(() => service.close());
    expect((await post(service.baseUrl, 'before the restart')).status).toBe(201);
    expect(created).toHaveLength(1);

    await dynamo.close();
    dynamo = await startDynalite({ port: dynamo.port });
    expect(await tableExists(dynamo, table)).toBe(false);

    const answers = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => post(service.baseUrl, `after ${i}`)),
      ...Array.from({ length: 5 }, () => fetch(`${service.baseUrl}/tasks`)),
      ...Array.from({ length: 5 }, () => fetch(`${service.baseUrl}/readyz`)),
    ]);
    const statuses = answers.map((a) => a.status);
    expect(statuses).toEqual([...Array(20).fill(201), ...Array(10).fill(200)]);
    expect(created).toHaveLength(2);
    expect(await tableExists(dynamo, table)).toBe(true);
    const list = (await (await fetch(`${service.baseUrl}/tasks?limit=100`)).json()) as {
      items: { title: string }[];
    };
    expect(list.items.map((t) => t.title).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `after ${i}`).sort(),
    );
  });
});

describe('GIVEN the service against AWS (no DYNAMODB_ENDPOINT) and no table', () => {
  it.each([
    ['GET', '/tasks', 'Scan'],
    ['POST', '/tasks', 'PutItem'],
    ['GET', '/readyz', 'GetItem'],
  ])(
    'WHEN %s %s THEN 503 names the missing table and that Terraform owns it, and nothing creates it',
    async (method, path, operation) => {
      const dynamo = await startDynalite();
      onTestFinished(() => dynamo.close());
      const table = `terraform-owned-${Date.now()}`;
      const service = await startInProcessService({
        dynamodbEndpoint: dynamo.endpoint,
        table,
        createTable: false,
      });
      onTestFinished(() => service.close());
      const res = await fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' && { body: '{"title":"x"}' }),
      });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('storage_unavailable');
      expect(body.error.message).toContain(`"${table}" does not exist`);
      expect(body.error.message).toContain(`${operation} got ResourceNotFoundException`);
      expect(body.error.message).toContain('Terraform');
      expect(body.error.message).not.toContain('did not answer');
      expect(await tableExists(dynamo, table)).toBe(false);
    },
  );
});
