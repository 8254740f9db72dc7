// tracectl verify against loopback stand-ins for the task API and an X-Ray-compatible endpoint:
// the answers a local stack does not give (a wrong --api-url, AccessDenied, an endpoint that is
// not an X-Ray API), read by the real @aws-sdk/client-xray.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { describe, expect, it, onTestFinished } from 'vitest';
import { run } from '../../src/cli/main.js';
import { renderHuman } from '../../src/cli/verify/report.js';
import { tracectl } from '../../testkit/kube/fixtures.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly trace: string;
}

/** A loopback HTTP server answering with `answer`; `seen` logs every request it got. */
async function standIn(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      trace: String(req.headers['x-amzn-trace-id']),
    });
    req.resume();
    answer(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Answers the three calls of a task API that works. */
const taskApi = (req: IncomingMessage, res: ServerResponse): void => {
  if (req.method === 'POST')
    res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"t1"}');
  else if (req.method === 'GET')
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"t1"}');
  else res.writeHead(204).end();
};

/** An X-Ray-compatible endpoint with nothing in it yet. */
const emptyXray = (req: IncomingMessage, res: ServerResponse): void => {
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(req.url === '/Traces' ? '{"Traces":[]}' : '{"Services":[]}');
};

interface JsonReport {
  traceId: string;
  cleanup: { deleted: boolean } | null;
  requests: { method: string; status: number | null }[];
  hops: { status: string; cause?: string; next?: string }[];
}

/** tracectl verify with these two stand-ins as the task API and X-Ray. */
const verify = (apiUrl: string, xrayUrl: string, ...more: string[]): ReturnType<typeof tracectl> =>
  tracectl(undefined, ['verify', '--api-url', apiUrl, '--xray-endpoint', xrayUrl, ...more]);

const checked = (r: JsonReport): JsonReport['hops'] => r.hops.filter((h) => h.status !== 'skipped');

describe('tracectl verify with an X-Ray that refuses the reads', () => {
  it('GIVEN a task API and an X-Ray-compatible endpoint answering AccessDenied WHEN verify runs THEN the three requests share one fresh trace, the task is deleted, and it stops after a few polls naming the missing permission', async () => {
    const api = await standIn(taskApi);
    const xray = await standIn((_req, res) => {
      res
        .writeHead(403, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'AccessDeniedException',
        })
        .end('{"Message":"not authorized to perform: xray:BatchGetTraces"}');
    });

    const r = await verify(api.url, xray.url, '--timeout', '120', '--json');

    expect(r.code).toBe(1);
    expect(api.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /tasks',
      'GET /tasks/t1',
      'DELETE /tasks/t1',
    ]);
    // Without --collector-url every call is a direct one: the run's trace, sampled, no parent.
    const headers = api.seen.map((s) =>
      /^Root=(1-[0-9a-f]{8}-[0-9a-f]{24});Sampled=1$/.exec(s.trace),
    );
    expect(headers.every(Boolean)).toBe(true);
    expect(new Set(headers.map((h) => h![1])).size).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.traceId).toBe(headers[0]![1]);
    expect(report.cleanup?.deleted).toBe(true);
    for (const hop of checked(report)) {
      expect(hop.cause).toContain('X-Ray refused the read');
      expect(hop.next).toBe('grant your identity xray:BatchGetTraces and xray:GetServiceGraph');
    }
  });
});

describe('tracectl verify when --api-url is not the task API', () => {
  it('GIVEN an HTTP server that refuses POST /tasks WHEN verify runs THEN it exits 1 at once without reading X-Ray, naming the failed create and --api-url, not the sidecar', async () => {
    const api = await standIn((_req, res) => {
      res.writeHead(405, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"use GET"}}');
    });
    const xray = await standIn(emptyXray);

    const r = await verify(api.url, xray.url, '--timeout', '120', '--json');

    expect(r.code).toBe(1);
    expect(api.seen.map((s) => `${s.method} ${s.url}`)).toEqual(['POST /tasks']);
    expect(xray.seen).toEqual([]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.cleanup).toBeNull();
    for (const hop of checked(report)) {
      expect(hop.cause).toBe(
        `the task API at ${api.url} did not create verify's task (POST /tasks answered 405 (use GET)), so there is no trace to look for`,
      );
      expect(hop.next).toBe(
        "check that --api-url is the task API's base URL (POST <api-url>/tasks creates a task)",
      );
    }
    expect(r.stderr).toMatch(/^error: verify failed: .*; failed request: POST \/tasks;/m);
  });
});

describe('tracectl verify when --xray-endpoint is not an X-Ray API', () => {
  it.each([
    {
      what: 'the task API (a JSON 404)',
      answer: (_req: IncomingMessage, res: ServerResponse): void => {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end('{"error":{"code":"not_found","message":"no route"}}');
      },
      status: 404,
    },
    {
      what: 'a proxy error page (HTML 502)',
      answer: (_req: IncomingMessage, res: ServerResponse): void => {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
      },
      status: 502,
    },
  ])(
    'GIVEN an endpoint answering like $what WHEN verify reads X-Ray there THEN every hop says the endpoint is not an X-Ray API, with the HTTP status',
    async ({ answer, status }) => {
      const api = await standIn(taskApi);
      const xray = await standIn(answer);

      const r = await verify(api.url, xray.url, '--timeout', '120', '--json');

      expect(r.code).toBe(1);
      expect(xray.seen[0]).toMatchObject({ method: 'POST', url: '/Traces' });
      const report = JSON.parse(r.stdout) as JsonReport;
      for (const hop of checked(report)) {
        expect(hop.cause).toBe(
          `${xray.url} answered HTTP ${status} without an X-Ray error in it: it is not an X-Ray API`,
        );
        expect(hop.next).toContain("point --xray-endpoint at the preview's X-Ray API");
      }
    },
  );

  it("GIVEN an endpoint answering X-Ray's ThrottledException (HTTP 429) WHEN verify reads it THEN the hops say X-Ray throttled the reads until the timeout", async () => {
    const api = await standIn(taskApi);
    const xray = await standIn((_req, res) => {
      res
        .writeHead(429, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'ThrottledException',
        })
        .end('{"Message":"Rate exceeded"}');
    });

    const r = await verify(api.url, xray.url, '--timeout', '0', '--json');

    expect(r.code).toBe(1);
    for (const hop of checked(JSON.parse(r.stdout) as JsonReport))
      expect(hop.cause).toBe('X-Ray throttled the reads until the timeout (Rate exceeded)');
  });
});

describe('tracectl verify output', () => {
  it('GIVEN a terminal on stderr WHEN verify waits THEN the live line counts hops found (not rollouts ready), and the report names the X-Ray it read', async () => {
    const api = await standIn(taskApi);
    const xray = await standIn(emptyXray);
    let stdout = '';
    let stderr = '';

    const code = await run(
      ['verify', '--api-url', api.url, '--xray-endpoint', xray.url, '--timeout', '0'],
      {
        stdout: { write: (t: string) => (stdout += t), isTTY: false },
        stderr: { write: (t: string) => (stderr += t), isTTY: true, columns: 200 },
        env: {},
        cwd: tmpdir(),
        home: tmpdir(),
      },
    );

    expect(code).toBe(1);
    // Redrawn in place: clear the line, then spinner, count and the first pending hop.
    expect(stderr).toContain('\r\u001b[2K');
    expect(stderr).toMatch(/[|/\\-] waiting 0\/3 found \(\d+s\) · client -> task-service: waiting/);
    expect(stderr).not.toContain('ready');
    expect(stdout.split('\n')[0]).toMatch(
      new RegExp(
        `^tracectl verify: trace \\S+, API ${api.url}, X-Ray ${xray.url} \\(us-east-1\\)$`,
      ),
    );
  });

  it('GIVEN no --xray-endpoint WHEN the report is printed THEN its first line names X-Ray of the region', () => {
    const text = renderHuman({
      opts: { apiUrl: 'https://api.example.com', region: 'eu-west-1' },
      traceId: '1-6b15f5bc-4da7de21ed6389498c80ef5a',
      calls: [],
      hops: [],
      elapsedMs: 0,
      ok: false,
    });
    expect(text.split('\n')[0]).toBe(
      'tracectl verify: trace 1-6b15f5bc-4da7de21ed6389498c80ef5a, API https://api.example.com, X-Ray of region eu-west-1',
    );
  });
});
