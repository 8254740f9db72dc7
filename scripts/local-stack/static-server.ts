// A small static file server for the task-web production build, plus the generated
// /runtime-config.json. It plays the part nginx plays in the EKS image.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  contentTypeFor,
  resolveUnderRoot,
} from '../../apps/xray-preview/src/server/static-files.js';
import { guardLoopbackHost, isLoopbackName } from './loopback.js';
import { LOOPBACK } from './runtime-config.js';

export interface StaticServerOptions {
  /** Directory holding the Vite build (index.html, assets/). */
  readonly root: string;
  readonly port: number;
  /** Address to bind; on loopback, requests to other names are refused. @default 127.0.0.1 */
  readonly host?: string;
  /** Served as /runtime-config.json; a function so it can be filled in after the server starts. */
  readonly runtimeConfig: () => unknown;
}

export interface StaticServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export { resolveUnderRoot };

/**
 * Streams a file stat'ed a moment ago. A read error (say a rebuild emptied dist/ in between)
 * cuts this one response; with a bare pipe() it was an unhandled 'error' that ended the stack.
 */
export async function streamFile(file: string, res: ServerResponse): Promise<void> {
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    res.destroy();
  }
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const host = options.host ?? LOOPBACK;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      if (path === '/runtime-config.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : JSON.stringify(options.runtimeConfig()));
        return;
      }
      let file = resolveUnderRoot(options.root, path === '/' ? '/index.html' : path);
      if (file === undefined) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path\n');
        return;
      }
      let info = await stat(file).catch(() => undefined);
      // History-API fallback: unknown paths without an extension get the app shell.
      if ((info === undefined || info.isDirectory()) && extname(path) === '') {
        file = join(resolve(options.root), 'index.html');
        info = await stat(file).catch(() => undefined);
      }
      if (info === undefined || !info.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      res.writeHead(200, {
        'content-type': contentTypeFor(file),
        'content-length': info.size,
        // Vite fingerprints everything under assets/; the shell must always be re-read.
        'cache-control': path.startsWith('/assets/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      else await streamFile(file, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`static server error: ${String(error)}\n`);
    });
  });
  if (isLoopbackName(host)) guardLoopbackHost(server);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
  };
}
