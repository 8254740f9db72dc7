/**
 * Query API + UI server (XRAY_PREVIEW_PORT). The X-Ray operations use X-Ray's REST-JSON paths
 * and shapes so @aws-sdk/client-xray works against it unchanged; /api/* are preview extras.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { TraceStore } from '../store/trace-store.js';
import { HttpError, readBody } from '../server/body.js';
import { createCors } from '../server/cors.js';
import { serveUi } from '../server/static-ui.js';
import { batchGetTraces } from './batch-get-traces.js';
import { attachEvents } from './events.js';
import { buildServiceGraph } from './service-graph.js';
import { getTraceSummaries, InvalidRequestError } from './trace-summaries.js';

const MAX_REQUEST_BYTES = 1024 * 1024;

export interface QueryServerOptions {
  readonly store: TraceStore;
  readonly uiDir: string;
  readonly allowedOrigins: readonly string[];
}

export function createQueryServer(options: QueryServerOptions): Server {
  const cors = createCors(options.allowedOrigins, ['GET', 'POST']);
  return createServer((req, res) => {
    if (cors(req, res) === 'handled') return;
    route(req, res, options).catch((error: unknown) => {
      if (error instanceof InvalidRequestError || error instanceof HttpError) {
        const status = error instanceof HttpError ? error.status : 400;
        sendAwsError(res, status, 'InvalidRequestException', error.message);
      } else {
        sendAwsError(res, 500, 'InternalFailure', (error as Error).message);
      }
    });
  });
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: QueryServerOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://preview.local');
  const { store } = options;
  const post = req.method === 'POST';
  switch (url.pathname) {
    case '/TraceSummaries':
      if (!post) break;
      return sendJson(res, getTraceSummaries(store.all(), window(await jsonBody(req))));
    case '/Traces': {
      if (!post) break;
      const body = await jsonBody(req);
      const ids = body.TraceIds;
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
        throw new InvalidRequestError('TraceIds must be an array of trace ID strings');
      }
      return sendJson(
        res,
        batchGetTraces((id) => store.get(id), ids as string[]),
      );
    }
    case '/ServiceGraph': {
      if (!post) break;
      const { StartTime, EndTime } = window(await jsonBody(req));
      return sendJson(res, {
        StartTime,
        EndTime,
        Services: buildServiceGraph(store.all(), StartTime, EndTime),
        ContainsOldGroupVersions: false,
      });
    }
    case '/api/segment-documents': {
      const traceId = url.searchParams.get('traceId') ?? '';
      const trace = store.get(traceId);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`[${(trace?.documents ?? []).map((d) => d.json).join(',')}]`);
      return;
    }
    case '/api/stats': {
      const memory = process.memoryUsage();
      return sendJson(res, {
        ...store.stats(),
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
      });
    }
    case '/api/events':
      attachEvents(store, req, res);
      return;
    default:
      return serveUi(options.uiDir, req, res);
  }
  res.setHeader('Allow', 'POST');
  sendAwsError(res, 405, 'InvalidRequestException', `${url.pathname} takes POST`);
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new InvalidRequestError('request body must be a JSON object');
}

function window(body: Record<string, unknown>) {
  const { StartTime, EndTime } = body;
  if (typeof StartTime !== 'number' || typeof EndTime !== 'number') {
    throw new InvalidRequestError('StartTime and EndTime are required, as epoch seconds');
  }
  if (EndTime < StartTime) {
    throw new InvalidRequestError(`EndTime ${EndTime} is before StartTime ${StartTime}`);
  }
  const optional = (key: string): string | undefined =>
    typeof body[key] === 'string' ? (body[key] as string) : undefined;
  return {
    StartTime,
    EndTime,
    TimeRangeType: optional('TimeRangeType'),
    FilterExpression: optional('FilterExpression'),
    NextToken: optional('NextToken'),
  };
}

function sendJson(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** AWS REST-JSON errors: the SDK reads the code from x-amzn-ErrorType. */
function sendAwsError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'application/json', 'x-amzn-ErrorType': code });
  res.end(JSON.stringify({ message }));
}
