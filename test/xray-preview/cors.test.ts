import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCors } from '../../apps/xray-preview/src/server/cors.js';

// A real loopback server whose handler answers 200 whenever CORS lets the request through.
let server: Server;
let base: string;

beforeAll(async () => {
  const cors = createCors(['https://app.example.com'], ['GET', 'POST']);
  server = createServer((req, res) => {
    if (cors(req, res) === 'handled') return;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('preview CORS', () => {
  it('GIVEN a same-origin POST (the preview UI calling its own query API) WHEN it carries Origin THEN it is not treated as CORS', async () => {
    const res = await fetch(`${base}/ServiceGraph`, { method: 'POST', headers: { Origin: base } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  // fetch() drops a custom Host header, so these two use node:http, which sends it as given.
  it('GIVEN a DNS-rebinding page (Origin equals its own non-loopback Host) WHEN it posts THEN it is refused', async () => {
    const status = await postWithHost('rebind.example', 'http://rebind.example');
    expect(status).toBe(403);
  });

  it('GIVEN the UI opened as localhost WHEN it posts to its own origin THEN it is not treated as CORS', async () => {
    const status = await postWithHost('localhost', 'http://localhost');
    expect(status).toBe(200);
  });

  it('GIVEN a listed origin WHEN it posts THEN the origin is echoed with Vary: Origin', async () => {
    const res = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { Origin: 'https://app.example.com' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('GIVEN another origin on the same host but a different port WHEN it posts THEN it is refused', async () => {
    const other = base.replace(/:(\d+)$/, (_m, p: string) => `:${Number(p) + 1}`);
    const res = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { Origin: other } });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('XRAY_PREVIEW_CORS_ALLOWED_ORIGINS');
  });
});

/** POSTs with an explicit Host header (`<hostname>:<port>`) and Origin (`<origin>:<port>`). */
function postWithHost(hostname: string, origin: string): Promise<number> {
  const port = Number(new URL(base).port);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/ServiceGraph',
        headers: { Host: `${hostname}:${port}`, Origin: `${origin}:${port}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
