/**
 * Query API + UI server (XRAY_PREVIEW_PORT). The X-Ray operations use X-Ray's REST-JSON paths
 * and shapes so @aws-sdk/client-xray works against it unchanged; /api/* are preview extras.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PreviewStats, TranslationSettings } from '../contract.js';
import { MIRRORED_EXPORTER, WARNINGS_PATH } from '../contract.js';
import { QUERY_MAX_BODY_BYTES } from '../limits.js';
import type { SamplingApi } from '../sampling/api.js';
import { HttpError, readGatedBody, type BodyGate } from '../server/body.js';
import { createCors } from '../server/cors.js';
import { clip } from '../server/echo.js';
import { refuseNonLoopbackHost } from '../server/loopback.js';
import { serveUi } from '../server/static-ui.js';
import type { RefusalCounters } from '../store/refusals.js';
import type { TraceStore } from '../store/trace-store.js';
import { batchGetTraces } from './batch-get-traces.js';
import { attachEvents } from './events.js';
import { buildServiceGraph } from './service-graph.js';
import { traceEntries } from './trace-entries.js';
import { getTraceSummaries, InvalidRequestError } from './trace-summaries.js';

/** X-Ray's bounds on BatchGetTraces' TraceIds. */
const MAX_BATCH_TRACE_IDS = 5;
const MAX_TRACE_ID_CHARS = 35;

export interface QueryServerOptions {
  readonly store: TraceStore;
  readonly refusals: RefusalCounters;
  readonly sampling: SamplingApi;
  readonly uiDir: string;
  readonly allowedOrigins: readonly string[];
  readonly gate: BodyGate;
  /** Refuse requests whose Host is not a loopback name (set when bound to loopback). */
  readonly loopbackOnly: boolean;
  /** The exporter settings the preview translates with, reported by /api/stats. */
  readonly translation: TranslationSettings;
}

export function createQueryServer(options: QueryServerOptions): Server {
  const cors = createCors(options.allowedOrigins, ['GET', 'POST']);
  return createServer((req, res) => {
    const foreign = options.loopbackOnly ? refuseNonLoopbackHost(req) : undefined;
    if (foreign !== undefined) {
      options.refusals.refuseRequest('host_not_loopback');
      sendAwsError(res, 403, 'AccessDeniedException', foreign);
      return;
    }
    if (cors(req, res) === 'handled') return;
    route(req, res, options).catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (error.reason !== undefined) options.refusals.refuseRequest(error.reason);
        const code = error.status === 503 ? 'ThrottledException' : 'InvalidRequestException';
        sendAwsError(res, error.status, code, error.message);
      } else if (error instanceof InvalidRequestError) {
        sendAwsError(res, 400, 'InvalidRequestException', error.message);
      } else {
        sendAwsError(res, 500, 'InternalFailure', clip((error as Error).message, 200));
      }
    });
  });
}

/** `/api/stats`: store counters, refusals and this process's memory. */
export function previewStats({
  store,
  refusals,
  gate,
  translation,
}: Pick<QueryServerOptions, 'store' | 'refusals' | 'gate' | 'translation'>): PreviewStats {
  const memory = process.memoryUsage();
  return {
    ...store.stats(),
    ...refusals.snapshot(),
    bodiesInFlight: gate.count,
    maxBodiesInFlight: gate.maxInFlight,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    translation: {
      exporter: MIRRORED_EXPORTER,
      settings: translation,
      spansDropped: store.warnings.byReason(),
    },
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: QueryServerOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://preview.local');
  const { store, sampling } = options;
  const post = req.method === 'POST';
  const body = () => jsonBody(req, options.gate);
  switch (url.pathname) {
    case '/TraceSummaries':
      if (!post) break;
      return sendJson(res, getTraceSummaries(store.all(), window(await body())));
    case '/Traces': {
      if (!post) break;
      return sendJson(
        res,
        batchGetTraces((id) => store.get(id), batchTraceIds(await body())),
      );
    }
    case '/ServiceGraph': {
      if (!post) break;
      const { StartTime, EndTime } = window(await body());
      return sendJson(res, {
        StartTime,
        EndTime,
        Services: buildServiceGraph(store.all(), StartTime, EndTime),
        ContainsOldGroupVersions: false,
      });
    }
    case '/GetSamplingRules':
      if (!post) break;
      await body();
      return sendJson(res, sampling.getSamplingRules());
    case '/SamplingTargets':
      if (!post) break;
      return sendJson(res, sampling.getSamplingTargets(await body()));
    case '/SamplingStatisticSummaries':
      if (!post) break;
      await body();
      return sendJson(res, sampling.statisticSummaries());
    case '/api/trace-entries':
      if (!post) break;
      return sendJson(
        res,
        traceEntries((id) => store.get(id), traceIds(await body())),
      );
    case '/api/segment-documents': {
      const traceId = url.searchParams.get('traceId') ?? '';
      const trace = store.get(traceId);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`[${(trace?.documents ?? []).map((d) => d.json).join(',')}]`);
      return;
    }
    case '/api/stats':
      return sendJson(res, previewStats(options));
    case '/api/sampling':
      return sendJson(res, sampling.view());
    case WARNINGS_PATH:
      return sendJson(res, store.warnings.response());
    case '/api/events':
      attachEvents(() => previewStats(options), store, req, res);
      return;
    default:
      return serveUi(options.uiDir, req, res);
  }
  res.setHeader('Allow', 'POST');
  sendAwsError(res, 405, 'InvalidRequestException', `${url.pathname} takes POST`);
}

/**
 * BatchGetTraces takes 1 to 5 trace ids of 1 to 35 characters, as X-Ray's API does. A trace can
 * hold megabytes of documents, so without the cap one request naming a large trace a thousand
 * times made the preview parse and answer it a thousand times.
 */
function batchTraceIds(body: Record<string, unknown>): string[] {
  const ids = traceIds(body);
  if (ids.length < 1 || ids.length > MAX_BATCH_TRACE_IDS) {
    throw new InvalidRequestError(
      `TraceIds has ${ids.length} items; BatchGetTraces takes 1 to ${MAX_BATCH_TRACE_IDS} ` +
        '(ask again for the rest)',
    );
  }
  const long = ids.find((id) => id.length < 1 || id.length > MAX_TRACE_ID_CHARS);
  if (long !== undefined) {
    throw new InvalidRequestError(
      `trace ID "${clip(long)}" is not 1 to ${MAX_TRACE_ID_CHARS} characters; ` +
        'write it as X-Ray does, 1-<8 hex>-<24 hex>',
    );
  }
  return [...new Set(ids)];
}

function traceIds(body: Record<string, unknown>): string[] {
  const ids = body.TraceIds;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new InvalidRequestError('TraceIds must be an array of trace ID strings');
  }
  return ids as string[];
}

async function jsonBody(req: IncomingMessage, gate: BodyGate): Promise<Record<string, unknown>> {
  const text = (await readGatedBody(gate, req, QUERY_MAX_BODY_BYTES)).toString('utf8');
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
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'x-amzn-ErrorType': code,
  };
  if (!res.req.complete) headers.Connection = 'close';
  if (status === 503) headers['Retry-After'] = '1';
  res.writeHead(status, headers);
  res.end(JSON.stringify({ message }));
}
