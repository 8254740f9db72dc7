import { createServer, type Server } from 'node:http';
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
