/**
 * CORS for browser OTLP exporters, modelled on the collector's `cors` settings (rs/cors):
 * exact allowed origins only, echoed back with `Vary: Origin`; preflights answered without
 * reaching the handler. Requests without an Origin header (servers, curl) are not CORS, and
 * neither are same-origin requests to a loopback host: browsers send Origin on same-origin POSTs
 * too, and the preview UI posts to the query API it is served from.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostnameOf, isLoopbackName } from './loopback.js';

/**
 * Headers the OTel browser exporters send (content type, plus what fetch/XHR add), and the
 * CORS-safelisted ones.
 */
const ALLOWED_HEADERS = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'content-encoding',
  'origin',
  'user-agent',
  'x-requested-with',
]);
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export type CorsOutcome = 'continue' | 'handled';

export function createCors(allowedOrigins: readonly string[], methods: readonly string[]) {
  const origins = new Set(allowedOrigins);
  return function applyCors(req: IncomingMessage, res: ServerResponse): CorsOutcome {
    const origin = req.headers.origin;
    if (origin === undefined || isSameOrigin(req, origin)) return 'continue';
    res.setHeader('Vary', 'Origin');
    const allowed = origins.has(origin);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.appendHeader('Vary', ['Access-Control-Request-Method', 'Access-Control-Request-Headers']);
      return preflight(req, res, origin, allowed, methods);
    }
    if (!allowed) {
      reject(res, `origin ${origin.slice(0, 100)} is not in XRAY_PREVIEW_CORS_ALLOWED_ORIGINS`);
      return 'handled';
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    return 'continue';
  };
}

/**
 * True when Origin names this very server (scheme http, the Host the request was sent to) and
 * that Host is a loopback name. A DNS-rebinding page also has Origin == Host, but under its own
 * domain name, so it is still treated as cross-origin (and refused unless listed).
 */
function isSameOrigin(req: IncomingMessage, origin: string): boolean {
  const host = req.headers.host;
  if (host === undefined || origin !== `http://${host}`) return false;
  return isLoopbackName(hostnameOf(host));
}

function preflight(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  allowed: boolean,
  methods: readonly string[],
): CorsOutcome {
  const method = String(req.headers['access-control-request-method']).toUpperCase();
  const requested = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  const badHeader = requested.find((h) => !ALLOWED_HEADERS.has(h));
  if (!allowed) {
    reject(res, `origin ${origin} is not in XRAY_PREVIEW_CORS_ALLOWED_ORIGINS`);
  } else if (!methods.includes(method)) {
    reject(res, `method ${method} is not allowed here (allowed: ${methods.join(', ')})`);
  } else if (badHeader !== undefined) {
    reject(res, `request header ${badHeader} is not allowed by the preview's CORS settings`);
  } else {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Methods', method);
    if (requested.length > 0) res.setHeader('Access-Control-Allow-Headers', requested.join(', '));
    res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
    res.writeHead(204).end();
  }
  return 'handled';
}

function reject(res: ServerResponse, message: string): void {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}
