import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig, parseRuntimeConfig } from '../../apps/task-web/src/runtime-config.js';
import { traceDeepLink, xrayTraceIdOf } from '../../apps/xray-preview/src/contract.js';
import { localRuntimeConfig, webOrigins } from '../../scripts/local-stack/runtime-config.js';

describe('task-web runtime config', () => {
  it('GIVEN the file npm start generates WHEN parsed THEN it is accepted as is', () => {
    const generated = localRuntimeConfig({
      taskService: 8080,
      previewHttp: 4318,
      previewApi: 2000,
    });
    expect(parseRuntimeConfig(JSON.parse(JSON.stringify(generated)))).toEqual({
      apiUrl: 'http://127.0.0.1:8080',
      collectorUrl: 'http://127.0.0.1:4318/v1/traces',
      traceViewerUrl: 'http://127.0.0.1:2000/',
    });
  });

  it('GIVEN no traceViewerUrl (EKS) WHEN parsed THEN the config has none', () => {
    const config = parseRuntimeConfig({
      apiUrl: 'https://api.example.com',
      collectorUrl: 'https://otel.example.com/v1/traces',
    });
    expect(config).not.toHaveProperty('traceViewerUrl');
  });

  it('GIVEN a bad traceViewerUrl WHEN parsed THEN the error names the field, the value and the fix', () => {
    const base = { apiUrl: 'http://127.0.0.1:1', collectorUrl: 'http://127.0.0.1:2/v1/traces' };
    expect(() => parseRuntimeConfig({ ...base, traceViewerUrl: '' })).toThrow(
      'runtime-config.json: "traceViewerUrl" must be a non-empty URL string, got "". Set the trace viewer\'s base URL, or leave the field out',
    );
    expect(() => parseRuntimeConfig({ ...base, traceViewerUrl: 2000 })).toThrow(
      '"traceViewerUrl" must be a non-empty URL string, got 2000',
    );
    expect(() => parseRuntimeConfig({ ...base, traceViewerUrl: 'localhost:2000' })).toThrow(
      '"traceViewerUrl" must use http or https, got "localhost:2000"',
    );
    expect(() => parseRuntimeConfig({ ...base, traceViewerUrl: '/preview' })).toThrow(
      '"traceViewerUrl" is not an absolute URL: "/preview"',
    );
    expect(() => parseRuntimeConfig({ ...base, traceViewerUrl: 'javascript:alert(1)' })).toThrow(
      '"traceViewerUrl" must use http or https',
    );
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

describe('task-web trace link (the preview contract it links with)', () => {
  it('GIVEN the OpenTelemetry trace id of an action WHEN shown THEN it is in X-Ray form', () => {
    expect(xrayTraceIdOf('6b15cc9b0123456789abcdef01234567')).toBe(
      '1-6b15cc9b-0123456789abcdef01234567',
    );
  });

  it('GIVEN the viewer URL the local stack sets WHEN linked THEN the X-Ray id is in the #trace= fragment', () => {
    const viewer = localRuntimeConfig({
      taskService: 1,
      previewHttp: 2,
      previewApi: 2000,
    }).traceViewerUrl!;
    expect(traceDeepLink(viewer, '1-6b15cc9b-0123456789abcdef01234567')).toBe(
      'http://127.0.0.1:2000/#trace=1-6b15cc9b-0123456789abcdef01234567',
    );
  });
});
