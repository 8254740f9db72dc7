import { trace } from '@opentelemetry/api';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { BODY_MAX_BYTES, TASK_SERVICE_PROBES, TASKS_PATH } from '../contract.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import { recordError } from '../telemetry/index.js';
import { ENCODING_FIX } from './json-body.js';

const ROUTES = `${TASKS_PATH}, ${TASKS_PATH}/:id, ${TASK_SERVICE_PROBES.liveness} and ${TASK_SERVICE_PROBES.readiness}`;

/** Unknown routes: the same JSON error shape as everything else. */
export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(
    AppError.notFound(
      `no route ${req.method} ${JSON.stringify(req.path.slice(0, 100))}; the API serves ${ROUTES}`,
    ),
  );
};

/** Errors the body parser raises, by its `type`. */
const PARSER_ERRORS: Record<string, { status: number; code: ErrorCode; fix: string }> = {
  'entity.parse.failed': { status: 400, code: 'bad_json', fix: 'send a valid JSON object' },
  'entity.too.large': {
    status: 413,
    code: 'payload_too_large',
    fix: `send at most ${BODY_MAX_BYTES / 1024} KiB`,
  },
  'charset.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    fix: 'send UTF-8 JSON',
  },
  'encoding.unsupported': {
    status: 415,
    code: 'unsupported_media_type',
    fix: ENCODING_FIX,
  },
};

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fields = (error ?? {}) as { type?: unknown; status?: unknown; message?: unknown };
  const known = typeof fields.type === 'string' ? PARSER_ERRORS[fields.type] : undefined;
  const message =
    typeof fields.message === 'string' ? fields.message.slice(0, 200) : 'request failed';
  if (known) return new AppError(known.status, known.code, `${message}; ${known.fix}`);
  // Any other client error the HTTP layer raised (aborted upload, bad length...) stays a 4xx.
  if (typeof fields.status === 'number' && fields.status >= 400 && fields.status < 500) {
    return new AppError(fields.status, 'validation_failed', message);
  }
  return new AppError(500, 'internal', 'internal error; see the service log and trace', {
    cause: error,
  });
}

/** The one error middleware: every error leaves as `{ "error": { "code", "message" } }`. */
export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const appError = toAppError(error);
    if (!appError.isClientError) {
      const cause = appError.cause ?? error;
      log.error('request failed', {
        method: req.method,
        path: req.path,
        code: appError.code,
        error: cause instanceof Error ? cause.message : String(cause),
      });
      const span = trace.getActiveSpan();
      if (span) recordError(span, cause);
    }
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
  };
}
