/**
 * The built task service, started with `--import` against dynalite and a real OTLP gRPC receiver
 * on loopback: what every end-to-end telemetry test needs. Sampling is parentbased_always_on and
 * the export delay short, so a request's spans arrive within the test.
 */
import { startDynalite, type Dynalite } from '../dynalite.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../otlp/receiver.js';
import { buildService } from './build.js';
import { startServiceProcess, type ServiceProcess } from './process.js';

export interface TracedService {
  readonly service: ServiceProcess;
  readonly receiver: OtlpReceiver;
  /** The DynamoDB table the service uses (created in dynalite on start). */
  readonly table: string;
  /** The spans of one trace, once `count` of them have arrived. */
  traceOf(traceId: string, count: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startTracedService(
  name: string,
  env: Readonly<Record<string, string>> = {},
): Promise<TracedService> {
  await buildService();
  const [dynamo, receiver]: [Dynalite, OtlpReceiver] = await Promise.all([
    startDynalite(),
    startOtlpReceiver(),
  ]);
  const table = `tasks-${name}-${Date.now()}`;
  const service = await startServiceProcess({
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TASKS_TABLE: table,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    ...env,
  });
  return {
    service,
    receiver,
    table,
    async traceOf(traceId, count) {
      const of = (spans: readonly ReceivedSpan[]) => spans.filter((s) => s.traceId === traceId);
      await receiver.waitFor((spans) => of(spans).length >= count, {
        what: `${count} spans of trace ${traceId}`,
      });
      return of(receiver.spans);
    },
    async close() {
      await service.stop();
      await receiver.close();
      await dynamo.close();
    },
  };
}
