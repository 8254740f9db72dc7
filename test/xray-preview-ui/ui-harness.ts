// What the UI browser tests share: a production Vite build of the UI in a temporary directory,
// served by the test-only fixture server, and Debian chromium.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
// Shared launcher: Debian chromium with the team's flags, and a clear error when it is missing.
import { launchChromium } from '../e2e/chromium.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';

export const REPO = resolve(import.meta.dirname, '../..');
const UI_ROOT = join(REPO, 'apps/xray-preview/ui');

export interface UiHarness {
  readonly server: FixtureServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startUiHarness(): Promise<UiHarness> {
  const outDir = await mkdtemp(join(tmpdir(), 'xray-preview-ui-'));
  // A child process keeps vitest's NODE_ENV=test out of the production build.
  await promisify(execFile)(
    process.execPath,
    [
      join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      UI_ROOT,
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: REPO, env: { ...process.env, NODE_ENV: 'production' } },
  );
  const server = await startFixtureServer(outDir);
  const browser = await launchChromium();
  return {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}
