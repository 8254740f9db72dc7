// The orchestration with real dynalite and the real xray-preview (each in its own process, as
// under npm start) and a stand-in for the task service (support/stand-in.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack } from '../../scripts/local-stack/stack.js';
import type { LocalStack } from '../../scripts/local-stack/stack.js';
import { ANY_FREE_PORTS } from '../../scripts/local-stack/ports.js';
import { listeningAddresses } from '../../testkit/process/listening.js';
import { portIsFree } from '../../testkit/process/ports.js';
import { listTables, requestWithHost } from './support/http.js';
import { standIn } from './support/stand-in.js';

/**
 * Above the stack's own waits (each component process 60 s, the service 60 s), so that on a loaded
 * machine a slow start fails with what it waited for, not with a bare test timeout.
 */
const STACK_TEST_TIMEOUT = { timeout: 180_000 };

describe('local stack orchestration', STACK_TEST_TIMEOUT, () => {
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
      print: (line) => lines.push(line),
    });

  it('GIVEN free ports WHEN the stack starts THEN every part is wired to the others and stop frees all ports', async () => {
    const stack = await start();
    try {
      const env = (await (await fetch(`${stack.urls.api}/env`)).json()) as Record<string, string>;
      expect(env.HOST).toBe('127.0.0.1');
      expect(env.DYNAMODB_ENDPOINT).toBe(stack.urls.dynamodb);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(stack.urls.otlpGrpc);
      expect(env.CORS_ALLOWED_ORIGINS).toBe(
        `http://127.0.0.1:${stack.ports.taskWeb},http://localhost:${stack.ports.taskWeb}`,
      );

      const config = await (await fetch(`${stack.urls.app}/runtime-config.json`)).json();
      expect(config).toEqual({
        apiUrl: stack.urls.api,
        collectorUrl: stack.urls.otlpHttp,
        traceViewerUrl: stack.urls.previewUi,
      });

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
      expect((await listTables(stack.urls.dynamodb)).status).toBe(200);
      expect(lines).toContain('stand-in listening');
    } finally {
      await stack.stop();
    }
    for (const port of Object.values(stack.ports)) expect(await portIsFree(port)).toBe(true);
  });

  it('GIVEN a running stack WHEN the kernel socket table is read THEN every port listens on 127.0.0.1 only', async () => {
    const stack = await start();
    try {
      const bound = Object.fromEntries(
        await Promise.all(
          Object.entries(stack.ports).map(
            async ([part, port]) => [part, await listeningAddresses(port)] as const,
          ),
        ),
      );
      expect(bound).toEqual({
        dynamodb: ['127.0.0.1'],
        taskService: ['127.0.0.1'],
        taskWeb: ['127.0.0.1'],
        previewGrpc: ['127.0.0.1'],
        previewHttp: ['127.0.0.1'],
        previewApi: ['127.0.0.1'],
      });
    } finally {
      await stack.stop();
    }
  });

  it('GIVEN a request for another host name (DNS rebinding) WHEN task-web, dynalite or the preview gets it THEN it is refused with 403 and the loopback names work', async () => {
    const stack = await start();
    try {
      const web = await requestWithHost(
        `${stack.urls.app}/`,
        `rebind.example:${stack.ports.taskWeb}`,
      );
      expect(web.status).toBe(403);
      expect(web.body).toContain('Host "rebind.example:');
      expect(web.body).toContain('answers only requests to 127.0.0.1, localhost or [::1]');
      const config = await requestWithHost(
        `${stack.urls.app}/runtime-config.json`,
        'rebind.example',
      );
      expect(config.status).toBe(403);
      expect((await listTables(stack.urls.dynamodb, 'rebind.example')).status).toBe(403);
      // The preview's own check, as the stack starts it.
      expect(
        (await requestWithHost(`${stack.urls.previewApi}/api/stats`, 'rebind.example')).status,
      ).toBe(403);
      expect(
        (
          await requestWithHost(stack.urls.otlpHttp, 'rebind.example', {
            method: 'POST',
            body: '{}',
          })
        ).status,
      ).toBe(403);

      for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
        const name = `${host}:${stack.ports.taskWeb}`;
        expect((await requestWithHost(`${stack.urls.app}/`, name)).status).toBe(200);
        expect(
          (await listTables(stack.urls.dynamodb, `${host}:${stack.ports.dynamodb}`)).status,
        ).toBe(200);
      }
    } finally {
      await stack.stop();
    }
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
      print: () => {},
    }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failing?.message).toContain('task-service exited with code 1');
    expect(failing?.message).toContain('invalid configuration: TASKS_TABLE');
  });
});

describe('local stack on a busy port', STACK_TEST_TIMEOUT, () => {
  const blocked = async (
    part: 'taskWeb' | 'dynamodb' | 'previewHttp',
    variable: string,
  ): Promise<void> => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const error = await startLocalStack({
        repoRoot: process.cwd(),
        ports: { ...ANY_FREE_PORTS, [part]: busy },
        webRoot: tmpdir(),
        launchTaskService: standIn,
        onServiceLine: () => {},
        print: () => {},
      }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/^A port is already in use \(/);
      expect(error?.message).toContain(`${variable}=${busy}`);
    } finally {
      blocker.close();
    }
  };

  it('GIVEN the task-web port is taken WHEN the stack starts THEN the error names TASK_WEB_PORT', () =>
    blocked('taskWeb', 'TASK_WEB_PORT'));

  it('GIVEN the dynalite port is taken WHEN the stack starts THEN the error names DYNAMODB_PORT', () =>
    blocked('dynamodb', 'DYNAMODB_PORT'));

  it('GIVEN a preview port is taken WHEN the stack starts THEN the error names XRAY_PREVIEW_HTTP_PORT', () =>
    blocked('previewHttp', 'XRAY_PREVIEW_HTTP_PORT'));
});
