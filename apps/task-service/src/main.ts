/**
 * Starts the task service. Tracing, when on, was already started by `register.ts`
 * through `node --import`; this file only reads the config, wires the parts and listens.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { serviceConfig } from './config.js';
import { TaskService } from './domain/task-service.js';
import { serve } from './http/server.js';
import { installGracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { jsonLogger as log } from './log.js';
import { createRepository } from './storage/create-repository.js';

async function main(): Promise<void> {
  const config = serviceConfig();
  const repository = await createRepository({
    store: config.TASKS_STORE,
    table: config.TASKS_TABLE,
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    maxAttempts: config.DYNAMODB_MAX_ATTEMPTS,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
    // A local endpoint (dynalite) starts empty, and may restart empty; on AWS, Terraform owns it.
    createMissingTable: config.DYNAMODB_ENDPOINT !== undefined,
    log,
  });
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
