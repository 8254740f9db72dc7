/**
 * Reads a request body with a byte ceiling (as sent and once decoded), undoing the
 * Content-Encodings the collector's OTLP/HTTP receiver also takes, and limits how many bodies
 * are read at once.
 */
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { RequestRefusalReason } from '../contract.js';
import { BODY_READ_TIMEOUT_MS } from '../limits.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Set when the refusal is one /api/stats counts. */
    readonly reason?: RequestRefusalReason,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

type Decoder = (body: Buffer, maxOutputLength: number) => Buffer;

/**
 * Content-Encodings accepted, and the only ones the errors name. OTLP/HTTP specifies gzip; the
 * collector's receiver also takes deflate (zlib), so the preview does too. Brotli (`br`) is
 * neither, and is refused.
 */
const DECODERS: ReadonlyMap<string, Decoder> = new Map<string, Decoder>([
  ['gzip', (body, maxOutputLength) => gunzipSync(body, { maxOutputLength })],
  ['deflate', (body, maxOutputLength) => inflateSync(body, { maxOutputLength })],
]);

export const ACCEPTED_CONTENT_ENCODINGS: readonly string[] = ['identity', ...DECODERS.keys()];

function tooLarge(maxBytes: number, how: string): HttpError {
  return new HttpError(
    413,
    `request body is larger than ${maxBytes} bytes${how}; send smaller batches`,
    'body_too_large',
  );
}

/**
 * What the headers alone refuse: an unsupported Content-Encoding, or a declared Content-Length
 * over the ceiling. Returns the decoder to use (undefined for identity).
 */
function checkHeaders(req: IncomingMessage, maxBytes: number): Decoder | undefined {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decode = DECODERS.get(encoding);
  if (decode === undefined && encoding !== 'identity') {
    throw new HttpError(
      415,
      `Content-Encoding "${encoding.slice(0, 32)}" is not supported; ` +
        `send ${ACCEPTED_CONTENT_ENCODINGS.join(', ')} (or no Content-Encoding)`,
    );
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) throw tooLarge(maxBytes, '');
  return decode;
}

/**
 * The body's bytes as sent, refused once they pass `maxBytes` or when they have not all arrived
 * after `timeoutMs`. A refused body is left unread; the caller answers with `Connection: close`.
 */
function collect(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', finish).off('close', onClose);
      if (error === undefined) {
        resolve(Buffer.concat(chunks, size));
      } else {
        req.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish(tooLarge(maxBytes, ''));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish();
    const onClose = (): void => {
      if (!req.complete) finish(new Error('the client closed the connection mid-body'));
    };
    const timer = setTimeout(() => {
      finish(
        new HttpError(
          408,
          `request body did not arrive in full within ${timeoutMs / 1000} s ` +
            `(${size} bytes so far); send it at once`,
          'body_too_slow',
        ),
      );
    }, timeoutMs);
    req.on('data', onData).once('end', onEnd).once('error', finish).once('close', onClose);
  });
}

/**
 * The body, decoded. A declared Content-Length over the ceiling is refused before anything is
 * read; the caller answers with `Connection: close`, so the unread rest is never buffered.
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
  timeoutMs: number = BODY_READ_TIMEOUT_MS,
): Promise<Buffer> {
  const decode = checkHeaders(req, maxBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const body = await collect(req, maxBytes, timeoutMs);
  if (decode === undefined) return body;
  try {
    // maxOutputLength bounds the inflated size too, so a small gzip bomb cannot exhaust memory.
    return decode(body, maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(maxBytes, ` once ${encoding}-decoded`);
    }
    throw new HttpError(400, `body is not valid ${encoding}: ${(error as Error).message}`);
  }
}

/**
 * A count of bodies being read, shared by the preview's HTTP listeners. `enter` says whether a
 * slot was free; the caller must `leave` once its body is read (or failed).
 */
export class BodyGate {
  private inFlight = 0;

  constructor(
    readonly maxInFlight: number,
    /** How long a body may take to arrive once it holds a slot. @default BODY_READ_TIMEOUT_MS */
    readonly readTimeoutMs: number = BODY_READ_TIMEOUT_MS,
  ) {}

  get count(): number {
    return this.inFlight;
  }

  enter(): boolean {
    if (this.inFlight >= this.maxInFlight) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** A refusal for when `enter` failed: 503, which OTLP exporters retry after Retry-After. */
  busy(): HttpError {
    return new HttpError(
      503,
      `the preview is already reading ${this.maxInFlight} request bodies; retry in a second`,
      'too_many_bodies_in_flight',
    );
  }
}

/** readBody inside one of the gate's slots; what the headers refuse takes no slot. */
export async function readGatedBody(
  gate: BodyGate,
  req: IncomingMessage,
  maxBytes: number,
): Promise<Buffer> {
  checkHeaders(req, maxBytes);
  if (!gate.enter()) throw gate.busy();
  try {
    return await readBody(req, maxBytes, gate.readTimeoutMs);
  } finally {
    gate.leave();
  }
}
