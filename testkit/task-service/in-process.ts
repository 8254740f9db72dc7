// The task service's app in this process: for API tests that need no tracing and no child process.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../apps/task-service/src/app.js';
import { TASK_SERVICE_HOSTS } from '../../apps/task-service/src/contract.js';
import { serve } from '../../apps/task-service/src/http/server.js';
import { TaskService } from '../../apps/task-service/src/domain/task-service.js';
import { silentLogger, type Logger } from '../../apps/task-service/src/log.js';
import { createRepository } from '../../apps/task-service/src/storage/create-repository.js';

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
  /**
   * Create the table when it is missing, at start and whenever it disappears, as main.ts does
   * with DYNAMODB_ENDPOINT set; false behaves as against AWS, where Terraform owns the table.
   * @default true
   */
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
  const store = options.dynamodbEndpoint === undefined ? 'memory' : 'dynamodb';
  const log = options.log ?? silentLogger;
  const repository = await createRepository({
    store,
    table: options.table ?? `tasks-${Math.random().toString(36).slice(2, 10)}`,
    endpoint: options.dynamodbEndpoint,
    maxAttempts: options.maxAttempts ?? 3,
    // Margin for a loaded machine: dynalite shares this process's event loop with the service and
    // the test's clients, and a 200-request burst can hold the loop for seconds. Connection
    // timeouts then fire before the connection's own completion is processed.
    requestTimeoutMs: 30_000,
    connectionTimeoutMs: 30_000,
    createMissingTable: options.createTable ?? true,
    log,
  });
  const app = createApp({
    service: new TaskService(repository, store),
    corsAllowedOrigins: options.corsAllowedOrigins ?? [],
    log,
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
