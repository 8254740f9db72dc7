// Where the task service's build output lives and how production starts it. The Dockerfile CMD
// and the `task-service` npm script spell the same command; test/task-service/container.test.ts
// checks that they agree with these constants.
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Build outputs, relative to the repo root (tsc mirrors apps/task-service/src into build/). */
export const TASK_SERVICE_MAIN = 'build/apps/task-service/src/main.js';
export const TASK_SERVICE_REGISTER = 'build/apps/task-service/src/register.js';

/**
 * The production command, run from the repo root. `--import` takes a module specifier, so a
 * relative path needs its `./` (a bare `build/...` would be looked up as a package).
 */
export const TASK_SERVICE_COMMAND: readonly string[] = [
  'node',
  '--import',
  `./${TASK_SERVICE_REGISTER}`,
  TASK_SERVICE_MAIN,
];
