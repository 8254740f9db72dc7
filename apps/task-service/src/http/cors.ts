import type { RequestHandler } from 'express';
import { AppError } from '../errors.js';

/**
 * Request headers a browser may send: the trace propagation headers (so the browser's trace joins
 * the service's) and content-type. Clients send the version they read in the body rather than
 * `If-Match`, which keeps this list exactly as the design asks.
 */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'traceparent',
  'tracestate',
  'x-amzn-trace-id',
];
const ALLOWED_METHODS = 'GET,POST,PATCH,DELETE,OPTIONS';
const EXPOSED_HEADERS = 'ETag,Location';

/**
 * CORS for exactly the configured origins (never `*`). Requests from other origins are served
 * without CORS headers, so browsers block them; preflights from them get 403.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get('origin');
    res.vary('Origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    const isPreflight = req.method === 'OPTIONS' && req.get('access-control-request-method');
    if (!isPreflight) {
      next();
      return;
    }
    if (!ok) {
      next(
        new AppError(
          403,
          'cors_origin_denied',
          `origin ${origin ?? '(none)'} is not allowed; add it to CORS_ALLOWED_ORIGINS (comma-separated, exact origins)`,
        ),
      );
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
    res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS.join(','));
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
