/** Reads a request body with a size cap, undoing gzip/deflate Content-Encoding. */
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new HttpError(413, `request body is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks, size);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  try {
    // maxOutputLength bounds the inflated size too, so a small gzip bomb cannot exhaust memory.
    if (encoding === 'gzip') return gunzipSync(body, { maxOutputLength: maxBytes });
    if (encoding === 'deflate') return inflateSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(
        413,
        `request body is larger than ${maxBytes} bytes once ${encoding}-decoded; send smaller batches`,
      );
    }
    throw new HttpError(400, `body is not valid ${encoding}: ${(error as Error).message}`);
  }
  if (encoding !== 'identity') {
    throw new HttpError(415, `Content-Encoding ${encoding} is not supported (use gzip or none)`);
  }
  return body;
}
