// Request bodies: size cap before and after Content-Encoding, through a real loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, readBody } from '../../apps/xray-preview/src/server/body.js';

const LIMIT = 1024;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    readBody(req, LIMIT).then(
      (body) => {
        res.writeHead(200);
        res.end(`read ${body.length}`);
      },
      (error: unknown) => {
        res.writeHead(error instanceof HttpError ? error.status : 500);
        res.end((error as Error).message);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(body: Buffer, encoding?: string): Promise<[number, string]> {
  const headers: Record<string, string> =
    encoding === undefined ? {} : { 'content-encoding': encoding };
  const res = await fetch(url, { method: 'POST', headers, body: new Uint8Array(body) });
  return [res.status, await res.text()];
}

describe('readBody', () => {
  it('GIVEN a gzip body within the limit WHEN read THEN it is inflated', async () => {
    expect(await post(gzipSync(Buffer.alloc(LIMIT, 'a')), 'gzip')).toEqual([200, `read ${LIMIT}`]);
  });

  it('GIVEN a small gzip body that inflates past the limit WHEN read THEN 413 names the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(LIMIT * 64));
    expect(bomb.length).toBeLessThan(LIMIT);
    const [status, message] = await post(bomb, 'gzip');
    expect(status).toBe(413);
    expect(message).toMatch(/larger than 1024 bytes once gzip-decoded/);
  });

  it('GIVEN a raw body over the limit WHEN read THEN 413', async () => {
    expect((await post(Buffer.alloc(LIMIT + 1)))[0]).toBe(413);
  });

  it('GIVEN a body that is not gzip WHEN sent as gzip THEN 400', async () => {
    const [status, message] = await post(Buffer.from('not gzip'), 'gzip');
    expect(status).toBe(400);
    expect(message).toMatch(/not valid gzip/);
  });

  it('GIVEN a deflate body WHEN read THEN it is inflated, as the 415 message promises', async () => {
    expect(await post(deflateSync(Buffer.alloc(10, 'a')), 'deflate')).toEqual([200, 'read 10']);
  });

  it('GIVEN a brotli (br) body WHEN read THEN 415 names exactly the encodings that are accepted', async () => {
    const [status, message] = await post(brotliCompressSync(Buffer.from('x')), 'br');
    expect(status).toBe(415);
    expect(message).toBe(
      'Content-Encoding "br" is not supported; send identity, gzip, deflate (or no Content-Encoding)',
    );
  });
});
