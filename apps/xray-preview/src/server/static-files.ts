/**
 * What every static file server in this repo needs: the preview serving its UI, and the local
 * stack serving task-web's build (scripts/local-stack/static-server.ts).
 */
import { extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * Maps a URL path (query ignored) to a file under root, or undefined when it is badly encoded or
 * tries to leave root (`..`, also percent-encoded).
 */
export function resolveUnderRoot(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  const absoluteRoot = resolve(root);
  const file = normalize(join(absoluteRoot, decoded));
  return file === absoluteRoot || file.startsWith(absoluteRoot + sep) ? file : undefined;
}
