import {
  createServer,
  maxHeaderSize,
  STATUS_CODES,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ErrorBody, ErrorCode } from '../contract.js';
import { isLoopbackAddress, isLoopbackHost } from './loopback.js';

/** The response Node is writing on a connection (an internal field its own error handler reads). */
type ClientSocket = Duplex & { _httpMessage?: ServerResponse | null };

/** Longer than the ALB's default idle timeout of 60 s. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface ServeOptions {
  /** IP address to bind (the config's `HOST`). */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
}

function errorBody(code: ErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } } satisfies ErrorBody);
}

function reply(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  const body = errorBody(code, message);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * An absolute-form request target (`GET http://name/tasks`) names its host itself, and RFC 9112
 * §3.2.2 puts it before `Host`; the usual origin-form (`/tasks`) has none.
 */
function isLoopbackTarget(url: string | undefined): boolean {
  if (url === undefined || url.startsWith('/') || url === '*') return true;
  try {
    return isLoopbackHost(new URL(url).host);
  } catch {
    return false;
  }
}

/** What Node's HTTP parser refused, as the status, code and message the client gets. */
function clientErrorAnswer(error: NodeJS.ErrnoException & { reason?: string }) {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'headers_too_large' as const,
        message: `the request headers exceed ${maxHeaderSize} bytes; send fewer or shorter headers`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        code: 'payload_too_large' as const,
        message: 'the chunk extensions are too long; send the body without chunk extensions',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        code: 'request_timeout' as const,
        message: 'the request did not arrive in time; send it again',
      };
    default: {
      const reason = (error.reason ?? error.message).slice(0, 120);
      return {
        status: 400,
        code: 'malformed_request' as const,
        message: `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'}: ${reason}); check its request line, headers and body framing`,
      };
    }
  }
}

/**
 * The app on an HTTP server bound to `host:port`, resolved once it listens. Around the app:
 * - bound to a loopback address (read from the socket), a request whose `Host` does not name
 *   this machine gets 421: a page on another site that resolves its name to 127.0.0.1 (DNS
 *   rebinding) must not reach the API. Bound to any other address, every `Host` is served
 *   (behind the ALB, and for kubelet probes on the pod IP);
 * - requests Node's parser refuses get the same JSON error body as every other error, not a
 *   bare status line;
 * - idle keep-alive connections outlive the ALB's 60 s idle timeout: when the service closes one
 *   first, the ALB can send a request down it as it closes and answers 502.
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout
 */
export function serve(app: RequestListener, options: ServeOptions): Promise<Server> {
  let loopbackOnly = true;
  let boundTo = options.host;
  // Node's own missing-Host answer is a bare 400; this handler gives it the JSON body.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    const host = req.headers.host;
    if (host === undefined && req.httpVersion === '1.1') {
      reply(res, 400, 'malformed_request', 'an HTTP/1.1 request needs a Host header');
      return;
    }
    if (loopbackOnly && !(isLoopbackHost(host) && isLoopbackTarget(req.url))) {
      reply(
        res,
        421,
        'host_not_allowed',
        `Host ${JSON.stringify((host ?? '').slice(0, 100))} does not name this machine: the service ` +
          `listens on ${boundTo} only and answers requests for localhost or a loopback address; ` +
          `set HOST=0.0.0.0 to serve other names`,
      );
      return;
    }
    app(req, res);
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  // Node answers an `Expect` other than 100-continue with a bare 417 unless this is handled.
  server.on('checkExpectation', (req, res) => {
    const expect = JSON.stringify((req.headers.expect ?? '').slice(0, 64));
    reply(
      res,
      417,
      'malformed_request',
      `Expect ${expect} is not supported; send the request without it`,
    );
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: ClientSocket) => {
    // Node's own rule (lib/_http_server.js, socketOnError): answer only when no response on this
    // connection has started (a `100 Continue` has not started one), so a half-sent response is
    // never corrupted; and not on a connection the client already reset.
    const inFlight = socket._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const answer = clientErrorAnswer(error);
    const body = errorBody(answer.code, answer.message);
    socket.end(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      boundTo = address.address;
      loopbackOnly = isLoopbackAddress(address.address);
      resolve(server);
    });
  });
}
