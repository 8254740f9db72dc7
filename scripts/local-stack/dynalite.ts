// dynalite in-process: an in-memory DynamoDB API on loopback. The task service creates its table
// when DYNAMODB_ENDPOINT is set, so this only needs to listen.
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from './runtime-config.js';

type DynaliteFactory = (options: {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}) => Server;

// dynalite is CommonJS without type declarations; type just the one call we make.
const dynalite = createRequire(import.meta.url)('dynalite') as DynaliteFactory;

export interface LocalDynamo {
  readonly port: number;
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startDynalite(port: number): Promise<LocalDynamo> {
  // Tables become ACTIVE at once: nothing here benefits from simulated provisioning delays.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    endpoint: `http://${LOOPBACK}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
