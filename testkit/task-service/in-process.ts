// The task service's app in this process: for API tests that need no tracing and no child process.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../apps/task-service/src/app.js';
import { TASK_SERVICE_HOSTS } from '../../apps/task-service/src/contract.js';
import { serve } from '../../apps/task-service/src/http/server.js';
import { TaskService } from '../../apps/task-service/src/domain/task-service.js';
import { silentLogger, type Logger } from '../../apps/task-service/src/log.js';
import { ensureLocalTable } from '../../apps/task-service/src/storage/dynamodb-table.js';
import {
  createDynamoDbClient,
  DynamoDbTaskRepository,
} from '../../apps/task-service/src/storage/dynamodb-task-repository.js';
import { MemoryTaskRepository } from '../../apps/task-service/src/storage/memory-task-repository.js';

export interface RunningService {
  /** `http://127.0.0.1:<port>` (the server answers there whether it is bound to loopback or to all). */
  readonly baseUrl: string;
  /** What the listening socket itself reports. */
  readonly address: AddressInfo;
  close(): Promise<void>;
}

export interface InProcessOptions {
  /** A dynalite endpoint; omit for the memory repository. */
  readonly dynamodbEndpoint?: string;
  readonly table?: string;
  readonly corsAllowedOrigins?: readonly string[];
  /** Create the table first (main.ts does this when DYNAMODB_ENDPOINT is set). @default true */
  readonly createTable?: boolean;
  readonly maxAttempts?: number;
  /** Address to bind, as the `HOST` variable gives it. @default 127.0.0.1 */
  readonly host?: string;
  /** @default silent */
  readonly log?: Logger;
}

/**
 * `createApp()` on the service's own `serve()`, on port 0 (no tracing: that needs the --import
 * path).
 */
export async function startInProcessService(
  options: InProcessOptions = {},
): Promise<RunningService> {
  let repository;
  if (options.dynamodbEndpoint === undefined) {
    repository = new MemoryTaskRepository();
  } else {
    const table = options.table ?? `tasks-${Math.random().toString(36).slice(2, 10)}`;
    const client = createDynamoDbClient({
      table,
      endpoint: options.dynamodbEndpoint,
      maxAttempts: options.maxAttempts ?? 3,
      requestTimeoutMs: 3000,
    });
    if (options.createTable ?? true) await ensureLocalTable(client, table);
    repository = new DynamoDbTaskRepository(client, table);
  }
  const app = createApp({
    service: new TaskService(repository, options.dynamodbEndpoint ? 'dynamodb' : 'memory'),
    corsAllowedOrigins: options.corsAllowedOrigins ?? [],
    log: options.log ?? silentLogger,
  });
  const server: Server = await serve(app, {
    host: options.host ?? TASK_SERVICE_HOSTS.default,
    port: 0,
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
