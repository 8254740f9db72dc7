// Entry of dynalite's own process under the local stack (started by dynamo.ts): the local
// DynamoDB on loopback, answering only requests addressed to a loopback name.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { runComponent } from './component-host.js';
import type { DynamoConfig, DynamoReady } from './dynamo.js';
import { guardLoopbackHost, isLoopbackName } from './loopback.js';

runComponent<DynamoConfig, DynamoReady>('dynalite', async ({ host, port }) => {
  // Tables become ACTIVE at once: nothing local benefits from simulated provisioning delays.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  if (isLoopbackName(host)) guardLoopbackHost(server);
  server.listen(port, host);
  await once(server, 'listening');
  return {
    ready: { host, port: (server.address() as AddressInfo).port },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
});
