import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig, parseRuntimeConfig } from '../../apps/task-web/src/runtime-config.js';
import { localRuntimeConfig, webOrigins } from '../../scripts/local-stack/runtime-config.js';

describe('task-web runtime config', () => {
  it('GIVEN the file npm start generates WHEN parsed THEN it is accepted as is', () => {
    const generated = localRuntimeConfig(8080, 4318);
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(generated)))).toEqual({
      apiUrl: 'http://127.0.0.1:8080',
      collectorUrl: 'http://127.0.0.1:4318/v1/traces',
    });
  });

  it('GIVEN an API URL with a trailing slash WHEN parsed THEN the slash is dropped', () => {
    const config = parseRuntimeConfig({
      apiUrl: 'https://api.example.com/',
      collectorUrl: 'https://otel.example.com/v1/traces',
    });
    expect(config.apiUrl).toBe('https://api.example.com');
  });

  it('GIVEN a missing or relative field WHEN parsed THEN the error names the field and value', () => {
    expect(() => parseRuntimeConfig({ collectorUrl: 'http://x/v1/traces' })).toThrow(
      'runtime-config.json: "apiUrl" must be a non-empty URL string, got undefined',
    );
    expect(() => parseRuntimeConfig({ apiUrl: '/api', collectorUrl: 'http://x' })).toThrow(
      '"apiUrl" is not an absolute URL: "/api"',
    );
    expect(() => parseRuntimeConfig({ apiUrl: 'ftp://x', collectorUrl: 'http://x' })).toThrow(
      '"apiUrl" must use http or https',
    );
    expect(() => parseRuntimeConfig([])).toThrow('must be a JSON object');
  });

  it('GIVEN a server without the file WHEN loaded THEN the error says where it should come from', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(loadRuntimeConfig(`http://127.0.0.1:${port}/some/page`)).rejects.toThrow(
        'GET /runtime-config.json answered 404',
      );
    } finally {
      server.close();
    }
  });

  it('GIVEN a task-web port WHEN origins are listed THEN both loopback spellings are allowed', () => {
    expect(webOrigins(5173)).toEqual(['http://127.0.0.1:5173', 'http://localhost:5173']);
  });
});
