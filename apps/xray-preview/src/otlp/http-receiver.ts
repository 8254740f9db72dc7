/**
 * OTLP/HTTP trace receiver: POST /v1/traces with application/x-protobuf or application/json,
 * answering ExportTraceServiceResponse in the request's encoding (OTLP/HTTP spec), with CORS
 * for browser exporters.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Ingest } from '../ingest.js';
import { HttpError, readBody } from '../server/body.js';
import { createCors } from '../server/cors.js';
import {
  decodeJsonRequest,
  decodeProtobufRequest,
  encodeProtobufResponse,
  jsonResponse,
  OtlpDecodeError,
} from './decode.js';
import { RpcStatus } from './proto-schema.js';

const TRACES_PATH = '/v1/traces';
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
/** google.rpc.Code INVALID_ARGUMENT, as the collector reports undecodable payloads. */
const INVALID_ARGUMENT = 3;

export function createOtlpHttpServer(ingest: Ingest, allowedOrigins: readonly string[]): Server {
  const cors = createCors(allowedOrigins, ['POST']);
  return createServer((req, res) => {
    if (cors(req, res) === 'handled') return;
    handle(req, res, ingest).catch((error: unknown) => {
      sendError(res, JSON_TYPE, 500, (error as Error).message);
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, ingest: Ingest): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== TRACES_PATH) {
    sendError(res, JSON_TYPE, 404, `${path} not found; OTLP traces go to POST ${TRACES_PATH}`);
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, JSON_TYPE, 405, `${req.method} is not allowed; use POST ${TRACES_PATH}`);
    return;
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== PROTOBUF && contentType !== JSON_TYPE) {
    req.resume();
    sendError(
      res,
      JSON_TYPE,
      415,
      `Content-Type "${contentType}" is not supported; use ${PROTOBUF} or ${JSON_TYPE}`,
    );
    return;
  }
  try {
    const body = await readBody(req, MAX_BODY_BYTES);
    const batch =
      contentType === PROTOBUF
        ? decodeProtobufRequest(body)
        : decodeJsonRequest(body.toString('utf8'));
    const partial = ingest(batch);
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(contentType === PROTOBUF ? encodeProtobufResponse(partial) : jsonResponse(partial));
  } catch (error) {
    if (error instanceof OtlpDecodeError) sendError(res, contentType, 400, error.message);
    else if (error instanceof HttpError) sendError(res, contentType, error.status, error.message);
    else throw error;
  }
}

/** OTLP/HTTP errors carry a google.rpc.Status in the request's encoding. */
function sendError(
  res: ServerResponse,
  contentType: string,
  status: number,
  message: string,
): void {
  if (res.headersSent) return;
  const code = status === 400 ? INVALID_ARGUMENT : 0;
  if (contentType === PROTOBUF) {
    res.writeHead(status, { 'Content-Type': PROTOBUF });
    res.end(RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish());
  } else {
    res.writeHead(status, { 'Content-Type': JSON_TYPE });
    res.end(JSON.stringify({ code, message }));
  }
}
