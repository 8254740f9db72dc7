import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  resolveUnderRoot,
  startStaticServer,
  streamFile,
} from '../../scripts/local-stack/static-server.js';
import type { StaticServer } from '../../scripts/local-stack/static-server.js';

describe('task-web static server', () => {
  let root: string;
  let server: StaticServer;
  let config: unknown = {
    apiUrl: 'http://127.0.0.1:1',
    collectorUrl: 'http://127.0.0.1:2/v1/traces',
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'task-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><main id="app"></main>');
    await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    // A stale runtime-config.json in the build must not win over the generated one.
    await writeFile(join(root, 'runtime-config.json'), '{"apiUrl":"stale"}');
    server = await startStaticServer({ root, port: 0, runtimeConfig: () => config });
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('GIVEN the root path WHEN fetched THEN index.html is served, never cached', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toContain('id="app"');
  });

  it('GIVEN a fingerprinted asset WHEN fetched THEN it is JavaScript and cached for good', async () => {
    const response = await fetch(`${server.url}/assets/index-abc.js`);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('GIVEN the config changes after start WHEN /runtime-config.json is fetched THEN the current value is served', async () => {
    config = { apiUrl: 'http://127.0.0.1:9', collectorUrl: 'http://127.0.0.1:8/v1/traces' };
    const response = await fetch(`${server.url}/runtime-config.json`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(config);
  });

  it('GIVEN an app route or a missing file WHEN fetched THEN routes get the shell and files 404', async () => {
    expect(await (await fetch(`${server.url}/tasks/123`)).text()).toContain('id="app"');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
  });

  it('GIVEN a path escaping the root WHEN resolved THEN it is refused', () => {
    expect(resolveUnderRoot('/srv/web', '/assets/a.js')).toBe('/srv/web/assets/a.js');
    expect(resolveUnderRoot('/srv/web', '/../etc/passwd')).toBeUndefined();
    expect(resolveUnderRoot('/srv/web', '/%2e%2e/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveUnderRoot('/srv/web', '/%E0%A4%A')).toBeUndefined();
  });

  it('GIVEN a rebinding Host, or none (HTTP/1.0) WHEN a request comes THEN 403 names the Host and nothing is served', async () => {
    const { port } = new URL(server.url);
    const ask = (request: string): Promise<string> =>
      new Promise((resolve, reject) => {
        // HTTP/1.0 and the 403 both end with the server closing; a half-close would cut the answer.
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    const rebound = await ask(
      'GET /runtime-config.json HTTP/1.1\r\nHost: rebind.example\r\nConnection: close\r\n\r\n',
    );
    expect(rebound).toMatch(/^HTTP\/1\.1 403 /);
    expect(rebound).toContain('Host "rebind.example" is not a loopback name');
    expect(rebound).not.toContain('apiUrl');
    const noHost = await ask('GET / HTTP/1.0\r\n\r\n');
    expect(noHost).toMatch(/^HTTP\/1\.1 403 /);
    expect(noHost).toContain('no Host header is not a loopback name');
    expect(await ask(`GET / HTTP/1.0\r\nHost: localhost:${port}\r\n\r\n`)).toMatch(
      /^HTTP\/1\.1 200 /,
    );
  });

  it('GIVEN a POST WHEN sent THEN it is refused with 405', async () => {
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
  });
  it('GIVEN a file that vanished after stat WHEN streamed THEN only that response is cut and the server keeps serving', async () => {
    let served = 0;
    const probe = createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'content-length': 10 });
      void streamFile(join(root, 'removed-by-a-rebuild.js'), res);
    });
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
    try {
      await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
      await expect(fetch(url).then((r) => r.text())).rejects.toThrow();
      expect(served).toBe(2);
    } finally {
      probe.closeAllConnections();
      await new Promise<void>((done) => probe.close(() => done()));
    }
  });
});
