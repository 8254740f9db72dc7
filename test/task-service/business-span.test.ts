import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../apps/task-service/src/errors.js';
import { traced } from '../../apps/task-service/src/telemetry/business-span.js';

// A real SDK tracer provider with an in-memory exporter, registered globally like NodeSDK does.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

async function spanOf(run: () => Promise<unknown>) {
  await traced('get', {}, run).catch(() => undefined);
  const [span] = exporter.getFinishedSpans();
  if (!span) throw new Error('no span was exported');
  return span;
}

describe('GIVEN a business operation span', () => {
  it('WHEN the client asked for an unknown task (404) THEN status stays UNSET with the 404 code and an exception event, so X-Ray shows an error, not a fault', async () => {
    const span = await spanOf(() => Promise.reject(AppError.notFound('task x does not exist')));
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['http.response.status_code']).toBe(404);
    expect(span.attributes['task.outcome']).toBe('not_found');
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('WHEN storage fails (503) THEN the span has ERROR status and no 4xx code, so X-Ray shows a fault', async () => {
    const span = await spanOf(() =>
      Promise.reject(new AppError(503, 'storage_unavailable', 'DynamoDB is unreachable')),
    );
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['http.response.status_code']).toBeUndefined();
    expect(span.attributes['task.outcome']).toBe('storage_unavailable');
  });

  it('WHEN an unexpected error is thrown THEN the span has ERROR status and outcome internal', async () => {
    const span = await spanOf(() => Promise.reject(new TypeError('boom')));
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['task.outcome']).toBe('internal');
  });

  it('WHEN the operation succeeds THEN outcome is ok and status UNSET', async () => {
    const span = await spanOf(() => Promise.resolve(1));
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['task.outcome']).toBe('ok');
  });
});
