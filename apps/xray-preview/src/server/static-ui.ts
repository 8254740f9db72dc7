/**
 * Serves the built UI (Vite output) at `/`, falling back to index.html for client-side routes.
 * Without a build, `/` explains how to make one.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeFor, resolveUnderRoot } from './static-files.js';

const UI_DIST = join('apps', 'xray-preview', 'ui', 'dist');

/**
 * The UI build directory: walks up from this module (apps/xray-preview/src/server when run
 * through tsx, build/apps/xray-preview/src/server when compiled) to the first directory that
 * holds apps/xray-preview/ui — the repository root in both cases.
 */
export function defaultUiDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'apps', 'xray-preview', 'ui'))) return join(dir, UI_DIST);
    const parent = dirname(dir);
    if (parent === dir) return resolve(from, '..', '..', '..', '..', UI_DIST);
    dir = parent;
  }
}

const NOT_BUILT_PAGE = (dir: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>X-Ray preview</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>X-Ray preview: the UI is not built</h1>
<p>No <code>index.html</code> in <code>${dir.replace(/</g, '&lt;')}</code>.</p>
<p>Build it with <code>npm run build:preview-ui</code>, or point <code>XRAY_PREVIEW_UI_DIR</code>
at a built UI, then reload.</p>
<p>The query API works without the UI: <code>POST /TraceSummaries</code>, <code>POST /Traces</code>,
<code>POST /ServiceGraph</code>, <code>GET /api/segment-documents?traceId=…</code>,
<code>GET /api/stats</code>.</p>
</body></html>
`;

export async function serveUi(
  uiDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('use GET\n');
    return;
  }
  const root = resolve(uiDir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(NOT_BUILT_PAGE(root));
    return;
  }
  // Anything that is not a file under the UI directory (client-side routes, bad paths) gets the
  // app shell.
  const candidate = resolveUnderRoot(root, req.url ?? '/');
  const file =
    candidate !== undefined && existsSync(candidate) && statSync(candidate).isFile()
      ? candidate
      : index;
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': contentTypeFor(file),
    // Hashed assets can be cached; index.html must be re-read after a rebuild.
    'Cache-Control': file === index ? 'no-cache' : 'public, max-age=3600',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
