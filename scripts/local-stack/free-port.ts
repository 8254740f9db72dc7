// A free loopback port for a child that must be told its port up front (the task service).
// Another process could take it between close() and the child's listen(); the stack then fails
// with the child's EADDRINUSE message, which is rare and clear.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from './runtime-config.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
