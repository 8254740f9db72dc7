import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Logger } from '../log.js';
import { createDynamoDbClient, DynamoDbTaskRepository } from './dynamodb-task-repository.js';
import { ensureLocalTable } from './dynamodb-table.js';
import { MemoryTaskRepository } from './memory-task-repository.js';
import type { TaskRepository } from './task-repository.js';

export interface RepositoryOptions {
  readonly store: 'dynamodb' | 'memory';
  readonly table: string;
  /** A local DynamoDB-compatible endpoint (dynalite). @default AWS */
  readonly endpoint?: string;
  readonly region?: string;
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
  /** @default 1000 */
  readonly connectionTimeoutMs?: number;
  /**
   * Create the table when it is missing: at start, and again whenever it disappears (a local
   * endpoint restarted empty). Only for local endpoints: on AWS, Terraform owns the table, and a
   * missing one is reported as such.
   */
  readonly createMissingTable: boolean;
  readonly log: Logger;
}

/** The repository `TASKS_STORE` names, with its table ready when the service may create it. */
export async function createRepository(options: RepositoryOptions): Promise<TaskRepository> {
  if (options.store === 'memory') return new MemoryTaskRepository();
  const client = createDynamoDbClient({
    table: options.table,
    endpoint: options.endpoint,
    region: options.region,
    maxAttempts: options.maxAttempts,
    requestTimeoutMs: options.requestTimeoutMs,
    connectionTimeoutMs: options.connectionTimeoutMs,
  });
  const { table, log } = options;
  const createTable = async (): Promise<void> => {
    if (await ensureLocalTable(client, table)) {
      log.info('created table', { table, endpoint: options.endpoint });
    }
  };
  if (options.createMissingTable) {
    // At start there is no request to attach the calls to: they would be root spans of their own.
    await context.with(suppressTracing(context.active()), createTable);
  }
  return new DynamoDbTaskRepository(client, table, {
    ...(options.createMissingTable && { createTable }),
  });
}
