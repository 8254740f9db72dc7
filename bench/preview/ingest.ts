/**
 * `npm run bench:preview`: spans/s ingested over OTLP/HTTP protobuf, OTLP/HTTP JSON and OTLP
 * gRPC (loopback, 512-span batches, bounded time and concurrency), then memory while filling the
 * store far past its cap, in a fresh preview. The preview runs in a child process so the load
 * generator does not share its event loop. Not a test: it prints tables.
 * Env: BENCH_SECONDS (per transport, default 5), BENCH_MAX_SPANS (default 50000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { jsonBatch, protobufBatch } from './payloads.js';

const SPANS_PER_REQUEST = 512;
const CONCURRENCY = 4;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MAX_SPANS = Number(process.env.BENCH_MAX_SPANS ?? 50_000);
/** Distinct payloads, cycled: more spans than the cap, so a repeated trace was evicted already. */
const PAYLOADS = Math.ceil((MAX_SPANS * 1.5) / SPANS_PER_REQUEST);

type Body = Uint8Array<ArrayBuffer>;
type Send = (body: Body) => Promise<void>;

interface Child {
  readonly process: ChildProcess;
  readonly ports: { grpcPort: number; httpPort: number; apiPort: number };
  readonly lines: Interface;
}

async function startChild(): Promise<Child> {
  const script = fileURLToPath(new URL('./preview-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script], {
    env: { ...process.env, BENCH_MAX_SPANS: String(MAX_SPANS) },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`preview child exited with ${code}`)));
  });
  return { process: child, ports: JSON.parse(line) as Child['ports'], lines };
}

/** RSS and heap after a full GC in the child. */
async function memory(child: Child): Promise<{ rss: number; heapUsed: number }> {
  const answer = new Promise<string>((resolve) => child.lines.once('line', resolve));
  child.process.stdin!.write('gc\n');
  return JSON.parse(await answer) as { rss: number; heapUsed: number };
}

function httpSender(port: number, contentType: string): Send {
  return async (body) => {
    const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`OTLP/HTTP answered ${res.status}`);
  };
}

function grpcSender(client: grpc.Client): Send {
  return (body) =>
    new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        (error) => (error ? reject(error) : resolve()),
      );
    });
}

/** Sends payloads round-robin with CONCURRENCY in flight for `seconds`; returns spans/s. */
async function drive(send: Send, payloads: Body[], seconds: number): Promise<number> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  let requests = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await send(payloads[next++ % payloads.length]!);
      requests++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (requests * SPANS_PER_REQUEST) / ((performance.now() - started) / 1000);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

async function throughput(protobuf: Body[], json: Body[]): Promise<void> {
  const child = await startChild();
  const grpcClient = new grpc.Client(
    `127.0.0.1:${child.ports.grpcPort}`,
    grpc.credentials.createInsecure(),
  );
  try {
    const runs: [string, Send, Body[]][] = [
      ['OTLP/HTTP protobuf', httpSender(child.ports.httpPort, 'application/x-protobuf'), protobuf],
      ['OTLP/HTTP JSON', httpSender(child.ports.httpPort, 'application/json'), json],
      ['OTLP gRPC', grpcSender(grpcClient), protobuf],
    ];
    const rates: number[] = [];
    for (const [, send, payloads] of runs) {
      await drive(send, payloads, 1); // warm-up: JIT and connections
      rates.push(await drive(send, payloads, SECONDS));
    }
    console.log(
      `\nIngest: ${SPANS_PER_REQUEST} spans/request (${Math.round(protobuf[0]!.length / 1024)} KiB protobuf, ${Math.round(json[0]!.length / 1024)} KiB JSON), ${CONCURRENCY} in flight, ${SECONDS} s each, loopback`,
    );
    console.log('| transport | spans/s | vs OTLP/HTTP protobuf |');
    console.log('|---|---:|---:|');
    runs.forEach(([name], i) => {
      console.log(`| ${name} | ${count(rates[i]!)} | ${(rates[i]! / rates[0]!).toFixed(2)} |`);
    });
  } finally {
    grpcClient.close();
    child.process.kill('SIGTERM');
  }
}

async function memoryAtCap(protobuf: Body[]): Promise<void> {
  const child = await startChild();
  const send = httpSender(child.ports.httpPort, 'application/x-protobuf');
  try {
    const idle = await memory(child);
    console.log(
      `\nMemory while filling a fresh preview past its cap (${count(MAX_SPANS)} documents); idle: RSS ${mib(idle.rss)}, heap ${mib(idle.heapUsed)}`,
    );
    console.log('| spans sent | × cap | documents stored | evicted | RSS | heap after GC |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    let sent = 0;
    let payload = 0;
    for (const factor of [0.5, 1, 2, 4, 6, 8]) {
      while (sent < factor * MAX_SPANS) {
        await send(protobuf[payload++ % protobuf.length]!);
        sent += SPANS_PER_REQUEST;
      }
      const stats = (await (
        await fetch(`http://127.0.0.1:${child.ports.apiPort}/api/stats`)
      ).json()) as {
        documentsStored: number;
        documentsEvicted: number;
      };
      const mem = await memory(child);
      console.log(
        `| ${count(sent)} | ${factor} | ${count(stats.documentsStored)} | ${count(stats.documentsEvicted)} | ${mib(mem.rss)} | ${mib(mem.heapUsed)} |`,
      );
    }
  } finally {
    child.process.kill('SIGTERM');
  }
}

console.log(`building ${PAYLOADS} distinct ${SPANS_PER_REQUEST}-span payloads per encoding…`);
const protobuf = Array.from({ length: PAYLOADS }, (_, i) => protobufBatch(i, SPANS_PER_REQUEST));
const json = Array.from({ length: PAYLOADS }, (_, i) => jsonBatch(i, SPANS_PER_REQUEST));
await throughput(protobuf, json);
await memoryAtCap(protobuf);
