// `npm run task-service:build` (tsc of the service only, into build/), once at a time: test files
// run in parallel workers, and two tsc runs writing the same files could expose a half-written one.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths.js';

const LOCK = join(REPO_ROOT, 'build', '.task-service-build.lock');
/** A lock older than this is left over from a killed run; also how long we wait for another. */
const LOCK_LIMIT_MS = 180_000;
const LOCK_RETRY_MS = 250;

async function acquireLock(): Promise<void> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + LOCK_LIMIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch {
      // Someone else builds; a lock is a directory, so there is no event to wait on but its removal.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > LOCK_LIMIT_MS) rmSync(LOCK, { recursive: true });
      } catch {
        // Removed meanwhile.
      }
      if (Date.now() > deadline) {
        throw new Error(
          `waited ${LOCK_LIMIT_MS / 1000} s for the task-service build lock ${LOCK}, held by ` +
            'another test worker building; remove the directory if no build is running',
        );
      }
      await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
    }
  }
}

export async function buildService(): Promise<void> {
  await acquireLock();
  try {
    await promisify(execFile)(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
        '-p',
        'apps/task-service/tsconfig.build.json',
      ],
      { cwd: REPO_ROOT },
    ).catch((error: { code?: unknown; stdout?: unknown }) => {
      // Exit 2: type errors, JS emitted anyway. Those are `npm run typecheck`'s to report; these
      // tests check behaviour. Anything else (exit 1: nothing emitted) is fatal.
      if (error.code !== 2) throw error;
      console.warn(`tsc reported type errors (output emitted):\n${String(error.stdout)}`);
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
