// UI serving (build dir, index.html fallback, not-built page) and the main entry's lifecycle.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { defaultUiDir } from '../../apps/xray-preview/src/server/static-ui.js';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const started: RunningPreview[] = [];
afterAll(() => Promise.all(started.map((p) => p.close())));

async function previewWithUi(uiDir: string): Promise<string> {
  const preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, uiDir });
  started.push(preview);
  return `http://127.0.0.1:${preview.apiPort}`;
}

describe('UI serving', () => {
  it('GIVEN the module in the source tree or in build/ WHEN the default UI dir is resolved THEN it is <repo>/apps/xray-preview/ui/dist', () => {
    const expected = join(repoRoot, 'apps', 'xray-preview', 'ui', 'dist');
    expect(defaultUiDir(join(repoRoot, 'apps', 'xray-preview', 'src', 'server'))).toBe(expected);
    expect(defaultUiDir(join(repoRoot, 'build', 'apps', 'xray-preview', 'src', 'server'))).toBe(
      expected,
    );
  });

  it('GIVEN a built UI dir WHEN files and client routes are requested THEN files are served and unknown paths get index.html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xray-ui-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<title>map</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    const base = await previewWithUi(dir);
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(await asset.text()).toBe('console.log(1)');
    expect(await (await fetch(`${base}/traces/1-abc`)).text()).toBe('<title>map</title>');
    expect(await (await fetch(`${base}/..%2f..%2fetc/passwd`)).text()).toBe('<title>map</title>');
    // A badly percent-encoded path is not a file: the shell, not an error.
    const malformed = await fetch(`${base}/%E0%A4%A`);
    expect(malformed.status).toBe(200);
    expect(await malformed.text()).toBe('<title>map</title>');
  });

  it('GIVEN no built UI WHEN / is requested THEN a page explains how to build it', async () => {
    const base = await previewWithUi(mkdtempSync(join(tmpdir(), 'xray-empty-')));
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toMatch(/UI is not built/);
    expect(page).toMatch(/XRAY_PREVIEW_UI_DIR/);
  });

  it('GIVEN the preview WHEN /api/events is opened THEN the first SSE event carries the stats', async () => {
    const base = await previewWithUi(mkdtempSync(join(tmpdir(), 'xray-sse-')));
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    const { value } = await reader.read();
    controller.abort();
    expect(new TextDecoder().decode(value)).toMatch(/^event: stats\ndata: \{"spansReceived":0/);
  });
});

describe('main entry', () => {
  it('GIVEN npm run xray-preview settings WHEN started and sent SIGTERM THEN it prints its URLs and exits 0', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'apps/xray-preview/src/main.ts')],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          XRAY_PREVIEW_PORT: '0',
          XRAY_PREVIEW_GRPC_PORT: '0',
          XRAY_PREVIEW_HTTP_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines: string[] = [];
    const rl = createInterface({ input: child.stdout });
    await new Promise<void>((done) =>
      rl.on('line', (line) => (lines.push(line), line.includes('store cap') && done())),
    );
    const exit = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(lines.join('\n')).toMatch(/UI \+ query API +http:\/\/127\.0\.0\.1:\d+\//);
    expect(lines.join('\n')).toMatch(/OTLP\/HTTP +http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
  });

  it('GIVEN an invalid setting WHEN started THEN it exits 1 naming the variable', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'apps/xray-preview/src/main.ts')],
      {
        cwd: repoRoot,
        env: { ...process.env, XRAY_PREVIEW_MAX_SPANS: 'lots' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((done) => child.once('exit', done))).toBe(1);
    expect(stderr).toMatch(/XRAY_PREVIEW_MAX_SPANS="lots" is not a whole number/);
  });
});
