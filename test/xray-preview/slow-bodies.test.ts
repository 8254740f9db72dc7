// A client that trickles its body holds one of the bodies-in-flight slots only until the read
// deadline: then it gets a 408 and its connection is closed, so eight slow clients cannot lock
// every exporter (and the UI's queries) out. The deadline is shortened here; the preview's own
// is BODY_READ_TIMEOUT_MS.
import { createServer, request, type ClientRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngest } from '../../apps/xray-preview/src/ingest.js';
import { MAX_BODIES_IN_FLIGHT } from '../../apps/xray-preview/src/limits.js';
import { createOtlpHttpServer } from '../../apps/xray-preview/src/otlp/http-receiver.js';
import { BodyGate, readGatedBody } from '../../apps/xray-preview/src/server/body.js';
import { RefusalCounters } from '../../apps/xray-preview/src/store/refusals.js';
import { TraceStore } from '../../apps/xray-preview/src/store/trace-store.js';
import { DEFAULT_TRANSLATE_OPTIONS } from '../../apps/xray-preview/src/translator/index.js';

const DEADLINE_MS = 500;
const refusals = new RefusalCounters();
const gate = new BodyGate(MAX_BODIES_IN_FLIGHT, DEADLINE_MS);
let server: Server;
let port: number;

beforeAll(async () => {
  server = createOtlpHttpServer({
    ingest: createIngest(new TraceStore(1000), refusals, DEFAULT_TRANSLATE_OPTIONS),
    policy: {},
    allowedOrigins: [],
    gate,
    refusals,
    loopbackOnly: true,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

/** A chunked POST that sends one byte every 50 ms and never ends on its own. */
function trickle(): { req: ClientRequest; answer: Promise<Answer>; stop: () => void } {
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/traces',
    headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
  });
  req.write('{"resourceSpans": [');
  const timer = setInterval(() => req.write(' '), 50);
  const stop = () => clearInterval(timer);
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        stop();
        resolve({
          status: res.statusCode ?? 0,
          connection: res.headers.connection,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', (error) => {
      stop();
      reject(error);
    });
  });
  return { req, answer, stop };
}

/** Resolves with `promise`, or fails after `ms` naming what it waited for. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('request bodies that arrive too slowly', () => {
  it(`GIVEN ${MAX_BODIES_IN_FLIGHT} clients trickling their bodies WHEN the read deadline passes THEN each gets a 408 with Connection: close, the slots free up and an export is accepted`, async () => {
    const slow = Array.from({ length: MAX_BODIES_IN_FLIGHT }, trickle);
    try {
      const answers = await within(
        30_000,
        `408 answers to ${MAX_BODIES_IN_FLIGHT} trickling uploads`,
        Promise.all(slow.map((upload) => upload.answer)),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(408);
        expect(answer.connection).toBe('close');
        expect(JSON.parse(answer.body)).toMatchObject({
          code: 4,
          message: expect.stringContaining(
            `request body did not arrive in full within ${DEADLINE_MS / 1000} s`,
          ) as unknown,
        });
      }
    } finally {
      for (const upload of slow) {
        upload.stop();
        upload.req.destroy();
      }
    }
    expect(gate.count).toBe(0);
    expect(refusals.snapshot().refusedRequests.body_too_slow).toBe(MAX_BODIES_IN_FLIGHT);
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
  }, 60_000);

  it('GIVEN a body that arrives within the deadline WHEN read through the gate THEN it is read whole', async () => {
    const quick = new BodyGate(1, DEADLINE_MS);
    const echo = createServer((req, res) => {
      readGatedBody(quick, req, 1024).then(
        (body) => res.end(`read ${body.length}`),
        (error: unknown) => res.writeHead(500).end((error as Error).message),
      );
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const address = echo.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${address.port}/`, { method: 'POST', body: 'abc' });
      expect(await res.text()).toBe('read 3');
      expect(quick.count).toBe(0);
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });
});
