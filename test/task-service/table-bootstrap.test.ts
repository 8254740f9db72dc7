import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import { buildService } from '../../testkit/task-service/build.js';
import { startServiceProcess } from '../../testkit/task-service/process.js';

let dynamo: Dynalite;
beforeAll(async () => {
  await buildService();
  dynamo = await startDynalite();
}, 120_000);
afterAll(() => dynamo?.close());

async function tableExists(table: string): Promise<boolean> {
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: table }));
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

describe('GIVEN a missing tasks table', () => {
  it('WHEN DYNAMODB_ENDPOINT names a local endpoint THEN the service creates the table and is ready', async () => {
    const table = `bootstrap-${Date.now()}`;
    const service = await startServiceProcess({
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      TASKS_TABLE: table,
      OTEL_SDK_DISABLED: 'true',
    });
    expect(await tableExists(table)).toBe(true);
    expect((await fetch(`${service.baseUrl}/readyz`)).status).toBe(200);
    expect(service.logs.some((l) => l.msg === 'created table')).toBe(true);
    expect(await service.stop()).toBe(0);
  });

  it('WHEN DYNAMODB_ENDPOINT is unset (AWS: Terraform owns the table) THEN the service never creates it', async () => {
    const table = `terraform-owned-${Date.now()}`;
    // The SDK's own per-service endpoint variable points it at dynalite without DYNAMODB_ENDPOINT,
    // standing in for real DynamoDB.
    const service = await startServiceProcess({
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TASKS_TABLE: table,
      OTEL_SDK_DISABLED: 'true',
      DYNAMODB_MAX_ATTEMPTS: '1',
    });
    const ready = await fetch(`${service.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      error: {
        code: 'storage_unavailable',
        message: expect.stringContaining(`"${table}" does not exist`),
      },
    });
    expect(await tableExists(table)).toBe(false);
    expect(await service.stop()).toBe(0);
  });
});
