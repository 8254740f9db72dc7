// TEST-ONLY fixture server. It is NOT the preview server (apps/xray-preview/src): it serves the
// built UI from a directory and answers the X-Ray-shaped API routes with canned fixture data, so
// the UI can be checked in a real browser without the ingest pipeline. Loopback, port 0.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type {
  PreviewStats,
  ServiceGraphResponse,
  WarningReason,
} from '../../apps/xray-preview/src/contract.js';
import { MIRRORED_EXPORTER, WARNING_REASONS } from '../../apps/xray-preview/src/contract.js';
import {
  BROWSER_TRACE_ID,
  browserTraceDocuments,
  segmentDocuments,
  serviceGraph,
  traceEntries,
  traceSummaries,
  TRACE_ID,
} from './fixtures.js';

export interface FixtureState {
  /** Answer every API route with HTTP 500. */
  failing: boolean;
  /** Answer with an empty graph and no traces. */
  empty: boolean;
  /** Replaces the fixture service graph, to check that the UI picks up changes live. */
  graph: ServiceGraphResponse | undefined;
}

export interface RecordedCall {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export interface FixtureServer {
  readonly url: string;
  readonly state: FixtureState;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export async function startFixtureServer(staticRoot: string): Promise<FixtureServer> {
  const state: FixtureState = { failing: false, empty: false, graph: undefined };
  const calls: RecordedCall[] = [];

  const api = (path: string, query: URLSearchParams, body: Record<string, unknown>): unknown => {
    if (path === '/ServiceGraph') {
      return state.empty
        ? { Services: [], StartTime: 0, EndTime: 0 }
        : (state.graph ?? serviceGraph);
    }
    if (path === '/TraceSummaries') return { TraceSummaries: state.empty ? [] : traceSummaries };
    if (path === '/api/segment-documents') {
      if (state.empty) return [];
      const traceId = query.get('traceId');
      if (traceId === TRACE_ID) return segmentDocuments;
      return traceId === BROWSER_TRACE_ID ? browserTraceDocuments : [];
    }
    if (path === '/api/trace-entries') {
      const ids = Array.isArray(body.TraceIds) ? (body.TraceIds as string[]) : [];
      return {
        Entries: Object.fromEntries(
          ids.flatMap((id) => (traceEntries[id] ? [[id, traceEntries[id]]] : [])),
        ),
      };
    }
    if (path === '/api/stats') {
      const stats: PreviewStats = {
        spansReceived: 1234,
        spansRejected: 0,
        documentsStored: 1200,
        documentsEvicted: 34,
        tracesStored: 310,
        tracesEvicted: 9,
        maxDocuments: 50_000,
        storeBytes: 2_400_000,
        maxStoreBytes: 128 * 1024 * 1024,
        refusedSpans: {
          service_not_allowed: 2,
          too_many_spans: 0,
          attribute_too_long: 0,
          document_too_large: 0,
        },
        refusedRequests: {
          body_too_large: 0,
          too_many_bodies_in_flight: 0,
          body_too_slow: 0,
          host_not_loopback: 0,
        },
        bodiesInFlight: 0,
        maxBodiesInFlight: 8,
        rssBytes: 150_000_000,
        heapUsedBytes: 60_000_000,
        translation: {
          exporter: MIRRORED_EXPORTER,
          settings: {
            indexedAttributes: ['task.id'],
            indexAllAttributes: false,
            skipTimestampValidation: true,
            allowDot: true,
          },
          spansDropped: Object.fromEntries(
            Object.keys(WARNING_REASONS).map((reason) => [reason, 0]),
          ) as Record<WarningReason, number>,
        },
      };
      return stats;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi =
      ['/ServiceGraph', '/TraceSummaries', '/Traces'].includes(url.pathname) ||
      url.pathname.startsWith('/api/');
    if (isApi) {
      const raw = await readBody(req);
      const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
      calls.push({ path: url.pathname, body });
      if (state.failing) return send(res, 500, 'application/json', '{"message":"fixture failure"}');
      const payload = api(url.pathname, url.searchParams, body);
      if (payload === undefined)
        return send(res, 404, 'application/json', '{"message":"not found"}');
      return send(res, 200, 'application/json', JSON.stringify(payload));
    }
    const relative = normalize(url.pathname === '/' ? '/index.html' : url.pathname);
    if (relative.includes('..')) return send(res, 400, 'text/plain', 'bad path');
    try {
      const body = await readFile(join(staticRoot, relative));
      send(res, 200, CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream', body);
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    state,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
