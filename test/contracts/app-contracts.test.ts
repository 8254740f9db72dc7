// The apps' contract files state what their images and bundles really do; these checks keep the
// statements true when a Dockerfile or the task-web controller changes.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASK_SERVICE_PORT, TASK_SERVICE_UID } from '../../apps/task-service/src/contract.js';
import { TASK_WEB_ACTIONS, TASK_WEB_PORT, TASK_WEB_UID } from '../../apps/task-web/src/contract.js';

const repoRoot = resolve(import.meta.dirname, '../..');

/** The `USER` uid and the `EXPOSE` port of a Dockerfile's final stage. */
function finalStage(dockerfile: string): { user: number; port: number } {
  const lines = readFileSync(join(repoRoot, dockerfile), 'utf8').split('\n');
  const stage = lines.slice(lines.findLastIndex((l) => l.startsWith('FROM ')));
  const user = stage
    .find((l) => l.startsWith('USER '))
    ?.slice(5)
    .split(':')[0];
  const port = stage
    .find((l) => l.startsWith('EXPOSE '))
    ?.slice(7)
    .trim();
  if (user === undefined || port === undefined) {
    throw new Error(`${dockerfile}: the final stage needs both USER and EXPOSE`);
  }
  return { user: Number(user), port: Number(port) };
}

describe('GIVEN the task-service contract', () => {
  it('WHEN the image is built THEN it runs as the contract uid and exposes the contract port', () => {
    expect(finalStage('apps/task-service/Dockerfile')).toEqual({
      user: TASK_SERVICE_UID,
      port: TASK_SERVICE_PORT,
    });
  });
});

describe('GIVEN the task-web contract', () => {
  it('WHEN the image is built THEN it runs as the contract uid and exposes the contract port', () => {
    expect(finalStage('apps/task-web/Dockerfile')).toEqual({
      user: TASK_WEB_UID,
      port: TASK_WEB_PORT,
    });
  });

  it('WHEN the controller names its actions THEN each name is one the contract lists', () => {
    const controller = readFileSync(join(repoRoot, 'apps/task-web/src/controller.ts'), 'utf8');
    const named = [...controller.matchAll(/'(tasks\.[a-z]+)'/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(TASK_WEB_ACTIONS).toContain(name);
  });
});
