// Shared by the local-stack tests: the real task service app on a free port (memory store), and
// a port probe.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { createApp } from '../../apps/task-service/src/app.js';
import { TaskService } from '../../apps/task-service/src/domain/task-service.js';
import { silentLogger } from '../../apps/task-service/src/log.js';
import { MemoryTaskRepository } from '../../apps/task-service/src/storage/memory-task-repository.js';

export interface RunningApi {
  readonly url: string;
  close(): Promise<void>;
}

export async function startTaskServiceApp(): Promise<RunningApi> {
  const app = createApp({
    service: new TaskService(new MemoryTaskRepository(), 'memory'),
    corsAllowedOrigins: [],
    log: silentLogger,
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
