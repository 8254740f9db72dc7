import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_SERVICE_HOSTS } from '../../apps/task-service/src/contract.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../testkit/otlp/receiver.js';
import { buildService } from '../../testkit/task-service/build.js';
import { REPO_ROOT, TASK_SERVICE_COMMAND } from '../../testkit/task-service/paths.js';
import { startServiceProcess } from '../../testkit/task-service/process.js';

const DOCKERFILE = readFileSync(join(REPO_ROOT, 'apps/task-service/Dockerfile'), 'utf8');
const lines = DOCKERFILE.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
const finalStage = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));

/** The exec-form CMD of the final stage, as an argv array. */
function dockerCmd(): string[] {
  const cmd = finalStage.find((l) => l.startsWith('CMD '));
  if (!cmd) throw new Error('the final stage of apps/task-service/Dockerfile has no CMD');
  return JSON.parse(cmd.slice(4)) as string[];
}

/** The final stage's `ENV` settings (continuation lines joined). */
function dockerEnv(): Record<string, string> {
  const text = finalStage.join('\n').replace(/\\\n/g, ' ');
  const settings = text
    .split('\n')
    .filter((l) => l.startsWith('ENV '))
    .flatMap((l) => l.slice(4).trim().split(/\s+/));
  return Object.fromEntries(settings.map((s) => s.split('=', 2) as [string, string]));
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? jsFiles(join(dir, e.name))
      : e.name.endsWith('.js')
        ? [join(dir, e.name)]
        : [],
  );
}

let receiver: OtlpReceiver;
beforeAll(async () => {
  await buildService();
  receiver = await startOtlpReceiver();
}, 120_000);
afterAll(() => receiver?.close());

describe('GIVEN the Dockerfile of the task service', () => {
  it('WHEN its CMD runs exactly as written, with its ENV, on the build output THEN the service listens on every interface, answers 200 and exits 0 on SIGTERM', async () => {
    const cmd = dockerCmd();
    expect(cmd[0]).toBe('node');
    expect(cmd).toContain('--import');
    const env = dockerEnv();
    // kubelet probes and the ALB reach the pod IP, not loopback.
    expect(env['HOST']).toBe(TASK_SERVICE_HOSTS.container);
    const service = await startServiceProcess(
      {
        ...env,
        PORT: '0',
        TASKS_STORE: 'memory',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        NODE_ENV: 'production',
      },
      { command: cmd },
    );
    expect(service.logs.find((l) => l.msg === 'listening')).toMatchObject({
      address: TASK_SERVICE_HOSTS.container,
    });
    const health = await fetch(`${service.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // Idle keep-alive connections outlive the ALB's 60 s idle timeout (else the ALB answers 502).
    const keepAlive = /timeout=(\d+)/.exec(health.headers.get('keep-alive') ?? '');
    expect(Number(keepAlive?.[1])).toBeGreaterThan(60);
    const created = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"from the container command"}',
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${service.baseUrl}${created.headers.get('location')}`)).status).toBe(200);
    expect(await service.stop()).toBe(0);
  });

  it('WHEN its CMD and the task-service npm script are read THEN both run the one production command the tests and the local stack run', () => {
    expect(dockerCmd()).toEqual(TASK_SERVICE_COMMAND);
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [node, ...args] = TASK_SERVICE_COMMAND;
    // Locally the script adds source maps to the same command.
    const local = [node, '--enable-source-maps', ...args].join(' ');
    expect(pkg.scripts['task-service']).toBe(`npm run task-service:build && ${local}`);
  });

  it('WHEN its stages are read THEN it is multi-stage on Node 24 slim, production deps only, non-root', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(DOCKERFILE).toMatch(/ARG NODE_IMAGE=node:24-[a-z]+-slim/);
    expect(DOCKERFILE).toContain('npm ci --omit=dev');
    expect(finalStage.find((l) => l.startsWith('USER '))).toBe('USER 1000:1000');
    // The runtime stage copies no sources and no dev tree.
    const copies = finalStage.filter((l) => l.startsWith('COPY '));
    expect(copies.every((l) => l.includes('--from='))).toBe(true);
  });

  it('WHEN the build output is scanned THEN every package it imports is a root "dependency"', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = new Set<string>();
    for (const file of jsFiles(join(REPO_ROOT, 'build/apps/task-service/src'))) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(
        /(?:from\s+|import\s*\(\s*|import\s+)['"]([^'".][^'"]*)['"]/g,
      )) {
        const spec = m[1] as string;
        if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
        const parts = spec.split('/');
        imported.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
      }
    }
    // tsx is only used when the service runs from TypeScript sources, never from build output.
    imported.delete('tsx');
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    expect(missing).toEqual([]);
    expect(imported.has('express')).toBe(true);
  });

  it('WHEN file modes are read THEN the build output is readable by any uid', () => {
    const unreadable = jsFiles(join(REPO_ROOT, 'build/apps/task-service/src')).filter(
      (f) => (statSync(f).mode & 0o004) === 0,
    );
    expect(unreadable).toEqual([]);
  });

  it('WHEN the .dockerignore is read THEN local node_modules, build output and .git stay out of the context', () => {
    const ignored = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['.git', '**/node_modules', 'build', 'terraform-outputs.json']) {
      expect(ignored).toContain(entry);
    }
  });
});
