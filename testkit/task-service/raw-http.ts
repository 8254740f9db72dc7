// One HTTP exchange written byte for byte on its own TCP connection: for requests fetch and
// node:http refuse to send (a missing or foreign Host, a broken Transfer-Encoding, a stray body).
import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  /** Lower-cased names; the last value wins. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends `head` (request line and headers, `\r\n`-separated, without the blank line; latin1, one
 * character per byte) and `body`,
 * then reads the first answer. Resolves when the answer is complete or the server closes;
 * rejects after `timeoutMs`, saying what it sent.
 */
export function rawRequest(
  port: number,
  head: string,
  body: Buffer | string = '',
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      let data = Buffer.concat(chunks);
      let split = data.indexOf('\r\n\r\n');
      // Interim answers (100 Continue) come before the answer.
      while (split >= 0 && /^HTTP\/1\.[01] 1\d\d /.test(data.subarray(0, 13).toString('latin1'))) {
        data = data.subarray(split + 4);
        split = data.indexOf('\r\n\r\n');
      }
      if (split < 0) return;
      const [statusLine = '', ...lines] = data.subarray(0, split).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = data.subarray(split + 4);
      const length = headers['content-length'];
      let content: Buffer;
      if (headers['transfer-encoding'] === 'chunked') {
        if (!rest.includes('0\r\n\r\n') && !socket.readableEnded) return;
        content = dechunk(rest);
      } else if (length !== undefined) {
        if (rest.length < Number(length)) return;
        content = rest.subarray(0, Number(length));
      } else if (!socket.readableEnded) {
        return;
      } else {
        content = rest;
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: content.toString('utf8'),
      });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no complete answer within ${timeoutMs} ms to ${JSON.stringify(head.slice(0, 200))} ` +
            `(received ${Buffer.concat(chunks).length} bytes)`,
        ),
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      finish();
    });
    socket.on('end', () => {
      finish();
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(
          new Error(
            `the server closed the connection without a complete answer to ` +
              `${JSON.stringify(head.slice(0, 200))} (received ${Buffer.concat(chunks).length} bytes)`,
          ),
        );
      }
    });
    socket.on('error', (error) => {
      if (settled) return;
      // A reset after a complete answer still counts as that answer.
      finish();
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    });
    // No half-close: Node's HTTP server drops a request whose client ended its side early.
    socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), Buffer.from(body)]));
  });
}
