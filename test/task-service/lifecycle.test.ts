import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testkit/process/ports.js';
import { startOtlpReceiver, type OtlpReceiver } from '../../testkit/otlp/receiver.js';
import { SpanKind } from '../../testkit/otlp/receiver.js';
import { buildService } from '../../testkit/task-service/build.js';
import { startServiceProcess } from '../../testkit/task-service/process.js';
import { randomSpanId, xrayStyleTraceId } from '../../testkit/trace-ids.js';

const createWithTrace = (baseUrl: string, traceId: string) =>
  fetch(`${baseUrl}/tasks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      traceparent: `00-${traceId}-${randomSpanId()}-01`,
    },
    body: JSON.stringify({ title: traceId }),
  });

interface ShutdownLog {
  spans: {
    ended: number;
    exported: number;
    failed: number;
    notExported: number;
    endedAfterShutdown: number;
  };
  timedOut: boolean;
}

let receiver: OtlpReceiver;
beforeAll(async () => {
  await buildService();
  receiver = await startOtlpReceiver();
}, 120_000);
afterAll(() => receiver?.close());

describe('GIVEN the built service with a batch delay far longer than the test', () => {
  it('WHEN SIGTERM arrives right after 25 requests THEN all their spans reach the receiver before exit 0', async () => {
    const service = await startServiceProcess({
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
      // Nothing would be exported on schedule: only the shutdown flush can deliver these spans.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
    });
    const traceIds = Array.from({ length: 25 }, () => xrayStyleTraceId());
    const statuses = await Promise.all(
      traceIds.map((id) => createWithTrace(service.baseUrl, id).then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(25).fill(201));

    expect(await service.stop()).toBe(0);

    for (const traceId of traceIds) {
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      // server span and business span (memory store: no DynamoDB span; the tuned profile makes
      // no per-layer Express spans)
      expect(spans).toHaveLength(2);
      expect(spans.some((s) => s.kind === SpanKind.SERVER && s.name === 'POST /tasks')).toBe(true);
      expect(spans.some((s) => s.kind === SpanKind.INTERNAL && s.name === 'tasks.create')).toBe(
        true,
      );
    }
    const shutdown = service.logs.find(
      (l) => l.msg === 'telemetry shutdown',
    ) as unknown as ShutdownLog;
    expect(shutdown.timedOut).toBe(false);
    expect(shutdown.spans.ended).toBe(50);
    expect(shutdown.spans.exported).toBe(50);
    expect(shutdown.spans.notExported).toBe(0);
    expect(shutdown.spans.endedAfterShutdown).toBe(0);
  });

  it('WHEN SIGTERM arrives twice THEN the second is ignored and the process still exits 0', async () => {
    const service = await startServiceProcess({
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    });
    service.child.signal('SIGTERM');
    service.child.signal('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.logs.filter((l) => l.msg === 'shutdown complete')).toHaveLength(1);
  });
});

describe('GIVEN the collector is down', () => {
  it('WHEN requests arrive THEN they succeed, and SIGTERM still exits 0 within the bounds', async () => {
    const service = await startServiceProcess({
      TASKS_STORE: 'memory',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      OTEL_TRACES_SAMPLER: 'always_on',
      OTEL_BSP_SCHEDULE_DELAY: '20',
      OTEL_SHUTDOWN_TIMEOUT_MS: '2000',
    });
    for (let round = 0; round < 5; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () =>
          createWithTrace(service.baseUrl, xrayStyleTraceId()).then((r) => r.status),
        ),
      );
      expect(statuses).toEqual(Array(20).fill(201));
    }
    expect((await fetch(`${service.baseUrl}/tasks?limit=100`)).status).toBe(200);

    expect(await service.stop()).toBe(0);
    const shutdown = service.logs.find(
      (l) => l.msg === 'telemetry shutdown',
    ) as unknown as ShutdownLog;
    expect(shutdown.spans.ended).toBeGreaterThanOrEqual(200);
    expect(shutdown.spans.exported).toBe(0);
  });
});

describe('GIVEN OTEL_SDK_DISABLED=true', () => {
  it('WHEN requests arrive THEN they succeed and not one span is sent', async () => {
    const disabledReceiver = await startOtlpReceiver();
    const service = await startServiceProcess({
      TASKS_STORE: 'memory',
      OTEL_SDK_DISABLED: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: disabledReceiver.endpoint,
      OTEL_TRACES_SAMPLER: 'always_on',
    });
    expect((await createWithTrace(service.baseUrl, xrayStyleTraceId())).status).toBe(201);
    expect(await service.stop()).toBe(0);
    expect(disabledReceiver.spanCount()).toBe(0);
    expect(service.logs.some((l) => l.msg === 'tracing disabled')).toBe(true);
    expect(service.logs.find((l) => l.msg === 'telemetry shutdown')).toMatchObject({
      tracing: false,
    });
    await disabledReceiver.close();
  });
});
