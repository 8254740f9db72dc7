import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface Dynalite {
  readonly endpoint: string;
  close(): Promise<void>;
}

/** An in-memory DynamoDB-compatible server on an ephemeral loopback port. */
export async function startDynalite(): Promise<Dynalite> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
