/**
 * Starts the task service. Tracing, when on, was already started by `register.ts`
 * through `node --import`; this file only reads the config, wires the parts and listens.
 */
import { createApp } from './app.js';
import { serviceConfig, type ServiceConfig } from './config.js';
import { TaskService } from './domain/task-service.js';
import { serve } from './http/server.js';
import { installGracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { jsonLogger as log } from './log.js';
import {
  createDynamoDbClient,
  DynamoDbTaskRepository,
} from './storage/dynamodb-task-repository.js';
import { ensureLocalTable } from './storage/dynamodb-table.js';
import { MemoryTaskRepository } from './storage/memory-task-repository.js';
import type { TaskRepository } from './storage/task-repository.js';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { AddressInfo } from 'node:net';

async function createRepository(config: ServiceConfig): Promise<TaskRepository> {
  if (config.TASKS_STORE === 'memory') return new MemoryTaskRepository();
  const client = createDynamoDbClient({
    table: config.TASKS_TABLE,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    maxAttempts: config.DYNAMODB_MAX_ATTEMPTS,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  if (config.DYNAMODB_ENDPOINT !== undefined) {
    // Local endpoint only: against AWS, Terraform owns the table. Startup calls are not traced.
    const created = await context.with(suppressTracing(context.active()), () =>
      ensureLocalTable(client, config.TASKS_TABLE),
    );
    if (created)
      log.info('created table', { table: config.TASKS_TABLE, endpoint: config.DYNAMODB_ENDPOINT });
  }
  return new DynamoDbTaskRepository(client, config.TASKS_TABLE);
}

async function main(): Promise<void> {
  const config = serviceConfig();
  const repository = await createRepository(config);
  let shuttingDown = false;
  const app = createApp({
    service: new TaskService(repository, config.TASKS_STORE),
    corsAllowedOrigins: config.CORS_ALLOWED_ORIGINS,
    lifecycle: { isShuttingDown: () => shuttingDown },
    log,
  });
  const server = await serve(app, { host: config.HOST, port: config.PORT });
  server.on('error', (error) => {
    log.error('server error', { error: error.message });
    process.exit(1);
  });
  installGracefulShutdown({
    server,
    log,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_TIMEOUT_MS,
    telemetryTimeoutMs: config.OTEL_SHUTDOWN_TIMEOUT_MS,
    onBegin: () => {
      shuttingDown = true;
    },
  });
  // Last: a supervisor may signal the process as soon as it reads this line, and a signal that
  // arrives before the handlers exist kills the process without a drain.
  const { address, port } = server.address() as AddressInfo;
  log.info('listening', { address, port, store: config.TASKS_STORE, table: config.TASKS_TABLE });
}

main().catch((error: unknown) => {
  log.error('startup failed', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
