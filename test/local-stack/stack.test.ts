// The orchestration with real dynalite, the real in-process xray-preview and a real child
// process. The child is a small stand-in for the task service (clearly not it: `npm test` runs
// without a build, and the real service is covered by `npm run test:e2e`).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack/stack.js';
import type { LocalStack } from '../../scripts/local-stack/stack.js';
import { ANY_FREE_PORTS } from '../../scripts/local-stack/ports.js';
import { portIsFree } from '../../testkit/process/ports.js';
import type { TaskServiceSettings } from '../../scripts/local-stack/task-service.js';

/** Serves /readyz and echoes its environment at /env; exits with code 7 on GET /crash. */
const STAND_IN = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  if (req.url === '/crash') { console.error('stand-in: crashing on request'); process.exit(7); }
  if (req.url === '/env') return res.end(JSON.stringify(process.env));
  res.end('ok');
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('stand-in listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

function standIn(settings: TaskServiceSettings, env: NodeJS.ProcessEnv) {
  return {
    command: process.execPath,
    args: ['-e', STAND_IN],
    env: {
      ...env,
      PORT: String(settings.port),
      DYNAMODB_ENDPOINT: settings.dynamodbEndpoint,
      OTEL_EXPORTER_OTLP_ENDPOINT: settings.otlpGrpcEndpoint,
      CORS_ALLOWED_ORIGINS: settings.corsAllowedOrigins.join(','),
    },
  };
}

describe('local stack orchestration', () => {
  let webRoot: string;
  const lines: string[] = [];

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'stack-web-'));
    await writeFile(join(webRoot, 'index.html'), '<main id="app"></main>');
  });

  afterAll(async () => {
    await rm(webRoot, { recursive: true, force: true });
  });

  const start = (): Promise<LocalStack> =>
    startLocalStack({
      repoRoot: process.cwd(),
      ports: ANY_FREE_PORTS,
      webRoot,
      launchTaskService: standIn,
      onServiceLine: (line) => lines.push(line),
    });

  it('GIVEN free ports WHEN the stack starts THEN every part is wired to the others and stop frees all ports', async () => {
    const stack = await start();
    try {
      const env = (await (await fetch(`${stack.urls.api}/env`)).json()) as Record<string, string>;
      expect(env.DYNAMODB_ENDPOINT).toBe(stack.urls.dynamodb);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(stack.urls.otlpGrpc);
      expect(env.CORS_ALLOWED_ORIGINS).toBe(
        `http://127.0.0.1:${stack.ports.taskWeb},http://localhost:${stack.ports.taskWeb}`,
      );

      const config = await (await fetch(`${stack.urls.app}/runtime-config.json`)).json();
      expect(config).toEqual({ apiUrl: stack.urls.api, collectorUrl: stack.urls.otlpHttp });

      // The browser's OTLP/HTTP preflight from the task-web origin is allowed by the preview.
      const preflight = await fetch(stack.urls.otlpHttp, {
        method: 'OPTIONS',
        headers: {
          origin: `http://127.0.0.1:${stack.ports.taskWeb}`,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(
        `http://127.0.0.1:${stack.ports.taskWeb}`,
      );
      // dynalite answers the DynamoDB API.
      const dynamo = await fetch(stack.urls.dynamodb, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20260101T000000Z',
        },
        body: '{}',
      });
      expect(dynamo.status).toBe(200);
      expect(lines).toContain('stand-in listening');
    } finally {
      await stack.stop();
    }
    for (const port of Object.values(stack.ports)) expect(await portIsFree(port)).toBe(true);
  });

  it('GIVEN a running stack WHEN the task service dies THEN failure names it with its last output', async () => {
    const stack = await start();
    try {
      await fetch(`${stack.urls.api}/crash`).catch(() => undefined);
      const failure = await stack.failure;
      expect(failure.message).toContain('task-service exited with code 7');
      expect(failure.message).toContain('stand-in: crashing on request');
    } finally {
      await stack.stop();
    }
  });

  it('GIVEN a task service that cannot start WHEN the stack starts THEN it start fails with the message of the child', async () => {
    const failing = await startLocalStack({
      repoRoot: process.cwd(),
      ports: ANY_FREE_PORTS,
      webRoot,
      launchTaskService: (settings, env) => ({
        ...standIn(settings, env),
        args: ['-e', 'console.error("invalid configuration: TASKS_TABLE"); process.exit(1)'],
      }),
      onServiceLine: () => {},
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failing?.message).toContain('task-service exited with code 1');
    expect(failing?.message).toContain('invalid configuration: TASKS_TABLE');
  });
});

describe('local stack on a busy port', () => {
  it('GIVEN the task-web port is taken WHEN the stack starts THEN the error names TASK_WEB_PORT', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const error = await startLocalStack({
        repoRoot: process.cwd(),
        ports: { ...ANY_FREE_PORTS, taskWeb: busy },
        webRoot: tmpdir(),
        launchTaskService: standIn,
        onServiceLine: () => {},
      }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toContain(`A port is already in use (TASK_WEB_PORT=${busy})`);
    } finally {
      blocker.close();
    }
  });
});
