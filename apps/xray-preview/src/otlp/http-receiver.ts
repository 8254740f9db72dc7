/**
 * OTLP/HTTP trace receiver: POST /v1/traces with application/x-protobuf or application/json,
 * answering ExportTraceServiceResponse in the request's encoding (OTLP/HTTP spec), with CORS
 * for browser exporters. This is the "browser port": the ingest policy applies here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { IngestPolicy } from '../contract.js';
import type { Ingest } from '../ingest.js';
import { OTLP_HTTP_MAX_BODY_BYTES } from '../limits.js';
import { HttpError, readGatedBody, type BodyGate } from '../server/body.js';
import { createCors } from '../server/cors.js';
import { clip } from '../server/echo.js';
import { refuseNonLoopbackHost } from '../server/loopback.js';
import type { RefusalCounters } from '../store/refusals.js';
import {
  decodeJsonRequest,
  decodeProtobufRequest,
  encodeProtobufResponse,
  jsonResponse,
  OtlpDecodeError,
} from './decode.js';
import { RpcStatus } from './proto-schema.js';

const TRACES_PATH = '/v1/traces';
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** google.rpc.Code per HTTP status, as the collector's receiver maps them. */
const RPC_CODES: Readonly<Record<number, number>> = {
  400: 3, // INVALID_ARGUMENT
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  408: 4, // DEADLINE_EXCEEDED
  413: 8, // RESOURCE_EXHAUSTED
  415: 12, // UNIMPLEMENTED
  503: 14, // UNAVAILABLE
};

export interface OtlpHttpOptions {
  readonly ingest: Ingest;
  readonly policy: IngestPolicy;
  readonly allowedOrigins: readonly string[];
  readonly gate: BodyGate;
  readonly refusals: RefusalCounters;
  /** Refuse requests whose Host is not a loopback name (set when bound to loopback). */
  readonly loopbackOnly: boolean;
}

export function createOtlpHttpServer(options: OtlpHttpOptions): Server {
  const cors = createCors(options.allowedOrigins, ['POST']);
  const maxBody = Math.min(
    options.policy.maxRequestBodyBytes ?? OTLP_HTTP_MAX_BODY_BYTES,
    OTLP_HTTP_MAX_BODY_BYTES,
  );
  return createServer((req, res) => {
    const foreign = options.loopbackOnly ? refuseNonLoopbackHost(req) : undefined;
    if (foreign !== undefined) {
      options.refusals.refuseRequest('host_not_loopback');
      sendError(res, JSON_TYPE, 403, foreign);
      return;
    }
    if (cors(req, res) === 'handled') return;
    handle(req, res, options, maxBody).catch((error: unknown) => {
      sendError(res, JSON_TYPE, 500, clip((error as Error).message, 200));
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: OtlpHttpOptions,
  maxBody: number,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path !== TRACES_PATH) {
    sendError(
      res,
      JSON_TYPE,
      404,
      `${clip(path)} not found; OTLP traces go to POST ${TRACES_PATH}`,
    );
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, JSON_TYPE, 405, `${req.method} is not allowed; use POST ${TRACES_PATH}`);
    return;
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== PROTOBUF && contentType !== JSON_TYPE) {
    sendError(
      res,
      JSON_TYPE,
      415,
      `Content-Type "${clip(contentType ?? '')}" is not supported; use ${PROTOBUF} or ${JSON_TYPE}`,
    );
    return;
  }
  try {
    const body = await readGatedBody(options.gate, req, maxBody);
    const batch =
      contentType === PROTOBUF
        ? decodeProtobufRequest(body)
        : decodeJsonRequest(body.toString('utf8'));
    const partial = options.ingest(batch, options.policy);
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(contentType === PROTOBUF ? encodeProtobufResponse(partial) : jsonResponse(partial));
  } catch (error) {
    if (error instanceof OtlpDecodeError) {
      sendError(res, contentType, 400, error.message);
    } else if (error instanceof HttpError) {
      if (error.reason !== undefined) options.refusals.refuseRequest(error.reason);
      sendError(res, contentType, error.status, error.message);
    } else {
      throw error;
    }
  }
}

/**
 * OTLP/HTTP errors carry a google.rpc.Status in the request's encoding. A body that was not
 * read (refused early) must not be read later either, so those answers close the connection.
 */
function sendError(
  res: ServerResponse,
  contentType: string,
  status: number,
  message: string,
): void {
  if (res.headersSent) return;
  const code = RPC_CODES[status] ?? (status >= 500 ? 13 : 2);
  const headers: Record<string, string> = {};
  if (!res.req.complete) headers.Connection = 'close';
  if (status === 503) headers['Retry-After'] = '1';
  if (contentType === PROTOBUF) {
    res.writeHead(status, { ...headers, 'Content-Type': PROTOBUF });
    res.end(RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish());
  } else {
    res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE });
    res.end(JSON.stringify({ code, message }));
  }
}
