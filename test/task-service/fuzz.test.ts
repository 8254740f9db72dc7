// Fuzz: seeded hostile requests (see fuzz-cases.ts) against the service on dynalite. Every answer
// must be a 2xx or a well-formed JSON 4xx, never a 5xx, never silence, and nothing may reach the
// error log. A failure prints the seed and the case, so `TASK_SERVICE_FUZZ_SEED=<seed>` replays it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../apps/task-service/src/contract.js';
import type { Logger } from '../../apps/task-service/src/log.js';
import { startDynalite, type Dynalite } from '../../testkit/dynalite.js';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';
import { rawRequest, type RawAnswer } from '../../testkit/task-service/raw-http.js';
import { fuzzCase, Rng, type FuzzCase } from './fuzz-cases.js';

const SEED = Number(process.env['TASK_SERVICE_FUZZ_SEED'] ?? 0x7a5c);
const CASES = Number(process.env['TASK_SERVICE_FUZZ_CASES'] ?? 1500);
const IN_FLIGHT = 8;
/** The longest error message: client values are echoed in bounded excerpts only. */
const MESSAGE_MAX = 600;

const errorLines: string[] = [];
const log: Logger = {
  info() {},
  warn() {},
  error: (msg, fields) => errorLines.push(`${msg} ${JSON.stringify(fields)}`),
};

let dynamo: Dynalite;
let service: RunningService;
let port: number;
const ids: string[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
  service = await startInProcessService({ dynamodbEndpoint: dynamo.endpoint, log });
  port = service.address.port;
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: `fuzz target ${i}` }),
    });
    ids.push(((await res.json()) as { id: string }).id);
  }
});
afterAll(async () => {
  await service?.close();
  await dynamo?.close();
});

/** What is wrong with an answer, or undefined. */
function problem(answer: RawAnswer): string | undefined {
  const { status } = answer;
  if (status >= 200 && status < 300) {
    if (status === 204) return answer.body === '' ? undefined : '204 with a body';
    try {
      JSON.parse(answer.body);
      return undefined;
    } catch {
      return `${status} whose body is not JSON`;
    }
  }
  if (status < 400 || status >= 500) return `status ${status}`;
  if (!/^application\/json/.test(answer.headers['content-type'] ?? '')) {
    return `${status} with content-type ${answer.headers['content-type']}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `${status} whose body is not JSON`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  const exact =
    Object.keys(body as object).join() === 'error' &&
    Object.keys(error ?? {})
      .sort()
      .join() === 'code,message';
  if (!exact || typeof error?.message !== 'string')
    return `${status} body is not {error:{code,message}}`;
  if (!(ERROR_CODES as readonly unknown[]).includes(error.code))
    return `unknown code ${String(error.code)}`;
  if (error.message.length > MESSAGE_MAX) return `a ${error.message.length}-character message`;
  return undefined;
}

const describeCase = (c: FuzzCase, index: number): string =>
  `case ${index}: ${c.method} ${JSON.stringify(c.target.slice(0, 80))} [${c.headers
    .map((h) => JSON.stringify(h.slice(0, 60)))
    .join(', ')}] ${c.note}, ${c.body.length} body bytes`;

describe(`GIVEN ${CASES} hostile requests from seed ${SEED}`, () => {
  it('WHEN each is sent THEN every answer is a 2xx or a JSON 4xx error body, and no error is logged', async () => {
    const rng = new Rng(SEED);
    const cases = Array.from({ length: CASES }, () => fuzzCase(rng, ids, port));
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const index = next++;
        const c = cases[index] as FuzzCase;
        const host = index % 3 === 0 ? `localhost:${port}` : `127.0.0.1:${port}`;
        const head = [
          `${c.method} ${c.target} HTTP/1.1`,
          `Host: ${host}`,
          'Connection: close',
          ...c.headers,
        ];
        try {
          const answer = await rawRequest(port, head.join('\r\n'), c.body);
          const key = `${answer.status} ${answer.status >= 400 ? (JSON.parse(answer.body) as { error: { code: string } }).error?.code : ''}`;
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          const wrong = problem(answer);
          if (wrong)
            failures.push(`${describeCase(c, index)} -> ${wrong}: ${answer.body.slice(0, 200)}`);
        } catch (error) {
          failures.push(
            `${describeCase(c, index)} -> ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    const seen = Object.fromEntries([...statuses].sort());
    expect(
      failures.slice(0, 5),
      `seed ${SEED}: ${failures.length} bad answers; statuses ${JSON.stringify(seen)}`,
    ).toEqual([]);
    expect(errorLines.slice(0, 5)).toEqual([]);
    // The mix reached the parts it is meant to reach (a fuzz that only hits one 400 proves little).
    for (const key of [
      '201 ',
      '200 ',
      '400 bad_json',
      '400 validation_failed',
      '413 payload_too_large',
      '415 unsupported_media_type',
      '412 precondition_failed',
    ]) {
      expect(seen[key] ?? 0, `answers "${key}" among ${JSON.stringify(seen)}`).toBeGreaterThan(0);
    }
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
  }, 180_000);
});
