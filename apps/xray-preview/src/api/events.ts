/**
 * GET /api/events: Server-Sent Events for live refresh. After ingest (at most once a second) the
 * server sends `event: stats` with the /api/stats JSON as data; a comment line every 15 s keeps
 * proxies from closing the stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PreviewStats } from '../contract.js';
import type { TraceStore } from '../store/trace-store.js';

const MIN_INTERVAL_MS = 1000;
const KEEPALIVE_MS = 15_000;

export function attachEvents(
  stats: () => PreviewStats,
  store: TraceStore,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  const send = (): void => {
    res.write(`event: stats\ndata: ${JSON.stringify(stats())}\n\n`);
  };
  send();
  let pending: NodeJS.Timeout | undefined;
  let last = Date.now();
  const unsubscribe = store.onChange(() => {
    if (pending !== undefined) return;
    const wait = Math.max(0, last + MIN_INTERVAL_MS - Date.now());
    pending = setTimeout(() => {
      pending = undefined;
      last = Date.now();
      send();
    }, wait);
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const stop = (): void => {
    unsubscribe();
    clearInterval(keepalive);
    if (pending !== undefined) clearTimeout(pending);
  };
  req.on('close', stop);
  res.on('close', stop);
}
