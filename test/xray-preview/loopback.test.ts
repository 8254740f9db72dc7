// Loopback in fact: every listener is bound to 127.0.0.1 (read from the sockets), every port and
// route refuses a non-loopback Host (a DNS-rebinding page's), and CORS allows exactly the
// configured origins.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { bindsLoopback, isLoopbackName } from '../../apps/xray-preview/src/server/loopback.js';
import { startXrayPreview } from '../../scripts/local-stack/preview.js';
import { exportOverGrpc } from './preview-client.js';

let preview: RunningPreview;

beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
});
afterAll(() => preview.close());

/** Local addresses of listening TCP sockets on `port`, from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (local === undefined || state !== '0A') continue;
      const [hexAddress, hexPort] = local.split(':');
      if (Number.parseInt(hexPort ?? '', 16) !== port) continue;
      found.push(
        hexAddress?.length === 8
          ? (hexAddress.match(/../g) ?? [])
              .reverse()
              .map((b) => Number.parseInt(b, 16))
              .join('.')
          : `ipv6:${hexAddress}`,
      );
    }
  }
  return found;
}

interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

function send(port: number, method: string, path: string, host: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { Host: host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body }),
        );
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('preview listeners', () => {
  it('GIVEN the default host WHEN started THEN the OTLP/HTTP and query sockets report 127.0.0.1 and the gRPC socket listens on 127.0.0.1 only', () => {
    expect(preview.httpAddress).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(preview.apiAddress).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(listeningAddresses(preview.grpcPort)).toEqual(['127.0.0.1']);
  });

  it('GIVEN host names WHEN classified THEN only loopback names count as loopback', () => {
    for (const name of [
      '127.0.0.1',
      '127.1.2.3',
      'localhost',
      'LOCALHOST',
      '[::1]',
      'app.localhost',
    ]) {
      expect(isLoopbackName(name), name).toBe(true);
    }
    for (const name of ['rebind.example', '0.0.0.0', '10.0.0.1', '[::]', '127.0.0.1.nip.io', '']) {
      expect(isLoopbackName(name), name).toBe(false);
    }
    expect(bindsLoopback('0.0.0.0')).toBe(false);
  });

  const routes: [string, 'http' | 'api', string, string][] = [
    ['OTLP/HTTP export', 'http', 'POST', '/v1/traces'],
    ['OTLP/HTTP other path', 'http', 'GET', '/'],
    ['UI page', 'api', 'GET', '/'],
    ['UI asset', 'api', 'GET', '/assets/index.js'],
    ['stats', 'api', 'GET', '/api/stats'],
    [
      'segment documents',
      'api',
      'GET',
      '/api/segment-documents?traceId=1-00000000-000000000000000000000000',
    ],
    ['live events', 'api', 'GET', '/api/events'],
    ['GetTraceSummaries', 'api', 'POST', '/TraceSummaries'],
    ['GetSamplingRules', 'api', 'POST', '/GetSamplingRules'],
  ];

  it.each(routes)(
    'GIVEN a DNS-rebinding Host WHEN it requests the %s route THEN a 403 JSON error names the Host',
    async (_what, port, method, path) => {
      const answer = await send(
        port === 'http' ? preview.httpPort : preview.apiPort,
        method,
        path,
        'rebind.example:80',
      );
      expect(answer.status).toBe(403);
      expect(answer.contentType).toBe('application/json');
      expect((JSON.parse(answer.body) as { message: string }).message).toMatch(
        /Host "rebind.example:80" is not a loopback name/,
      );
    },
  );

  it('GIVEN a loopback Host WHEN the UI and stats are requested THEN they are served', async () => {
    expect(
      (await send(preview.apiPort, 'GET', '/api/stats', `localhost:${preview.apiPort}`)).status,
    ).toBe(200);
    expect((await send(preview.apiPort, 'GET', '/', `127.0.0.1:${preview.apiPort}`)).status).toBe(
      200,
    );
  });

  it('GIVEN a non-loopback :authority WHEN an export arrives over gRPC THEN it is refused with PERMISSION_DENIED', async () => {
    const error = await exportOverGrpc(
      preview.grpcPort,
      { resourceSpans: [] },
      {
        authority: 'rebind.example:4317',
      },
    );
    expect(error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(await exportOverGrpc(preview.grpcPort, { resourceSpans: [] })).toBeNull();
  });
});

describe('CORS origins are exactly the configured ones', () => {
  const preflight = (port: number, origin: string) =>
    fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });

  /** A preview started like the local stack's (task-web on 5999) with the given env origins. */
  async function withStack(
    envOrigins: string | undefined,
    check: (httpPort: number) => Promise<void>,
  ): Promise<void> {
    const saved = process.env.XRAY_PREVIEW_CORS_ALLOWED_ORIGINS;
    if (envOrigins === undefined) delete process.env.XRAY_PREVIEW_CORS_ALLOWED_ORIGINS;
    else process.env.XRAY_PREVIEW_CORS_ALLOWED_ORIGINS = envOrigins;
    const stack = await startXrayPreview({
      grpcPort: 0,
      httpPort: 0,
      apiPort: 0,
      corsAllowedOrigins: ['http://127.0.0.1:5999'],
    });
    try {
      await check(stack.httpPort);
    } finally {
      await stack.close();
      if (saved === undefined) delete process.env.XRAY_PREVIEW_CORS_ALLOWED_ORIGINS;
      else process.env.XRAY_PREVIEW_CORS_ALLOWED_ORIGINS = saved;
    }
  }

  it('GIVEN the local stack with task-web on port 5999 WHEN the old default origin preflights THEN it is refused and task-web is allowed', async () => {
    await withStack(undefined, async (port) => {
      expect((await preflight(port, 'http://localhost:5173')).status).toBe(403);
      expect((await preflight(port, 'http://127.0.0.1:5173')).status).toBe(403);
      expect((await preflight(port, 'http://127.0.0.1:5999')).status).toBe(204);
    });
  });

  it('GIVEN an origin listed in XRAY_PREVIEW_CORS_ALLOWED_ORIGINS WHEN the stack starts THEN it is allowed beside task-web', async () => {
    await withStack('http://127.0.0.1:6100', async (port) => {
      expect((await preflight(port, 'http://127.0.0.1:6100')).status).toBe(204);
      expect((await preflight(port, 'http://127.0.0.1:5999')).status).toBe(204);
      expect((await preflight(port, 'http://localhost:5173')).status).toBe(403);
    });
  });
});
