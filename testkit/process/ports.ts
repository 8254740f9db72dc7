// A free loopback port: bound, then released. For a child that must be told its port up front,
// and for "the collector is down" tests (nothing listens there). Another process could take it
// between close() and the child's listen(); the child then fails with EADDRINUSE, which is rare
// and says so.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Whether nothing listens on `port` (a stopped child must free its port). */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
