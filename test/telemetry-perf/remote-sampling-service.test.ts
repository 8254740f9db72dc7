// X-Ray centralized sampling end to end: the built service with OTEL_TRACES_SAMPLER=xray polls the
// preview's X-Ray sampling API (what the sidecar's awsproxy is in a pod), and the rules it serves,
// which match on path and method, decide which requests are traced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { SpanKind, startOtlpReceiver, type OtlpReceiver } from '../../testkit/otlp/receiver.js';
import { buildService } from '../../testkit/task-service/build.js';
import { startServiceProcess, type ServiceProcess } from '../../testkit/task-service/process.js';
import { LIST_TASKS_ONLY_RULES as RULES } from './support/sampling-rules.js';

let preview: RunningPreview;
let receiver: OtlpReceiver;
let service: ServiceProcess;

beforeAll(async () => {
  await buildService();
  [preview, receiver] = await Promise.all([
    startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0, samplingRules: RULES }),
    startOtlpReceiver(),
  ]);
  service = await startServiceProcess({
    TASKS_STORE: 'memory',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_TRACES_SAMPLER: 'xray',
    XRAY_SAMPLING_ENDPOINT: `http://127.0.0.1:${preview.apiPort}`,
    OTEL_BSP_SCHEDULE_DELAY: '50',
  });
}, 120_000);

afterAll(async () => {
  await service?.stop();
  await receiver?.close();
  await preview?.close();
});

const servers = (name: string): number =>
  receiver.spans.filter((s) => s.kind === SpanKind.SERVER && s.name === name).length;

async function listTasks(times: number): Promise<void> {
  for (let i = 0; i < times; i++)
    expect((await fetch(`${service.baseUrl}/tasks`)).status).toBe(200);
}

describe('GIVEN the service with OTEL_TRACES_SAMPLER=xray and rules served by the preview', () => {
  it('WHEN requests arrive with no trace header THEN the rule for GET /tasks traces every one of them, and the Default rule at 0 traces no other request', async () => {
    // The rules are fetched once at start, in the background; until they arrive the fallback
    // (1/s + 5 %) decides. A burst that is traced whole means the rules are in force.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const before = servers('GET /tasks');
      await listTasks(5);
      const whole = await receiver
        .waitFor(() => servers('GET /tasks') >= before + 5, {
          timeoutMs: 3_000,
          what: 'five traced GET /tasks',
        })
        .then(
          () => true,
          () => false,
        );
      if (whole) break;
      if (Date.now() > deadline)
        throw new Error(
          'waited 30 s for the service to trace a whole burst of GET /tasks, as the rule served by the preview says',
        );
    }

    const created = await fetch(`${service.baseUrl}/tasks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title":"not traced"}',
    });
    const { id } = (await created.json()) as { id: string };
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${service.baseUrl}/tasks/${id}`)).status).toBe(200);
    // A traced request after them: once it is in, theirs would be too.
    const before = servers('GET /tasks');
    await listTasks(1);
    await receiver.waitFor(() => servers('GET /tasks') > before, {
      what: 'the GET /tasks sent after the untraced requests',
    });

    expect(servers('POST /tasks')).toBe(0);
    expect(servers('GET /tasks/:id')).toBe(0);
  }, 90_000);
});
