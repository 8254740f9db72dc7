// dynalite: an in-memory DynamoDB API on loopback, for tests, benchmarks and the local stack.
// Tables become ACTIVE at once: nothing here benefits from simulated provisioning delays.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { startChild } from './process/child.js';

const NO_DELAYS = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };

export interface Dynalite {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for DYNAMODB_ENDPOINT. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export interface DynaliteOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

/** dynalite in this process. */
export async function startDynalite(options: DynaliteOptions = {}): Promise<Dynalite> {
  const host = options.host ?? '127.0.0.1';
  const server = dynalite(NO_DELAYS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * dynalite in a child process on a free port, so its CPU shows up as its own process (as DynamoDB
 * would be remote) rather than inside a load generator.
 */
export async function startDynaliteProcess(): Promise<Dynalite> {
  const module = createRequire(import.meta.url).resolve('dynalite');
  const script = `
    const server = require(${JSON.stringify(module)})(${JSON.stringify(NO_DELAYS)});
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
  `;
  const child = startChild({
    name: 'dynalite',
    command: process.execPath,
    args: ['-e', script],
    detached: false,
    onLine: () => undefined,
  });
  const line = await child
    .waitForLine((l) => l.startsWith('{"port":'), { what: 'its port as {"port":N}' })
    .catch(async (error: unknown) => {
      await child.stop();
      throw error;
    });
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await child.stop();
    },
  };
}
