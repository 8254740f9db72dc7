// Spans X-Ray will never show, end to end: the OTel JS gRPC exporter and OTLP/HTTP into the
// real preview; /api/warnings lists them and /api/stats counts them by reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { PreviewStats, WarningsResponse } from '../../apps/xray-preview/src/contract.js';
import { MIRRORED_EXPORTER } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { getJson, kv, postJson, request, traceIds } from './translator/otlp-json.js';

let preview: RunningPreview;
beforeAll(async () => {
  preview = await startPreview({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    indexedAttributes: ['task.id'],
  });
});
afterAll(() => preview.close());

/** Exports spans through the OTel JS gRPC exporter, as the task service does. */
async function exportOverGrpc(
  resource: Record<string, string>,
  spans: { name: string; kind: number; attributes: Record<string, string | number> }[],
): Promise<void> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new OTLPTraceExporter({ url: `http://127.0.0.1:${preview.grpcPort}` }),
      }),
    ],
  });
  const tracer = provider.getTracer('warnings-test');
  for (const span of spans) {
    tracer.startSpan(span.name, { kind: span.kind, attributes: span.attributes }).end();
  }
  await provider.forceFlush();
  await provider.shutdown();
}

const warnings = () => getJson<WarningsResponse>(preview, '/api/warnings');
const stats = () => getJson<PreviewStats>(preview, '/api/stats');

describe('warnings for spans X-Ray will never show', () => {
  it('GIVEN a NaN attribute sent by the OTel gRPC exporter WHEN ingested THEN the span is listed and counted, and the other span is stored', async () => {
    await exportOverGrpc({ 'service.name': 'grpc-svc', 'cloud.provider': 'aws' }, [
      { name: 'ratio', kind: 1, attributes: { ratio: NaN } },
      { name: 'fine', kind: 1, attributes: { n: 1 } },
    ]);
    const list = await warnings();
    expect(list.warnings).toContainEqual(
      expect.objectContaining({
        reason: 'non-finite-number',
        kind: 'dropped',
        service: 'grpc-svc',
        spanName: 'ratio',
        spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
        traceId: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
        startTime: expect.any(Number),
        receivedAt: expect.any(Number),
      }),
    );
    expect(list.warnings.some((w) => w.spanName === 'fine')).toBe(false);
    expect((await stats()).translation.spansDropped['non-finite-number']).toBe(1);
  });

  it('GIVEN a span that crashes the exporter sent over gRPC WHEN ingested THEN it and its request companions are listed, none stored', async () => {
    const before = (await stats()).documentsStored;
    await exportOverGrpc({ 'service.name': 'gcp-svc', 'cloud.provider': 'gcp' }, [
      { name: 'gcp-call', kind: 2, attributes: { 'aws.span.kind': 'LOCAL_ROOT' } },
    ]);
    const list = await warnings();
    expect(list.warnings).toContainEqual(
      expect.objectContaining({
        reason: 'local-root-dependency-not-aws',
        kind: 'crash',
        service: 'gcp-svc',
        spanName: 'gcp-call',
      }),
    );
    const after = await stats();
    expect(after.documentsStored).toBe(before);
    expect(after.translation.spansDropped['local-root-dependency-not-aws']).toBe(1);
  });

  it('GIVEN the preview WHEN /api/stats is read THEN it names the mirrored exporter and the settings it translates with', async () => {
    const { translation } = await stats();
    expect(translation.exporter).toEqual(MIRRORED_EXPORTER);
    expect(translation.settings).toEqual({
      indexedAttributes: ['task.id'],
      indexAllAttributes: false,
      skipTimestampValidation: true,
      allowDot: true,
    });
    expect(Object.keys(translation.spansDropped).sort()).toEqual(
      [
        'dotnet-stack-trace',
        'java-stack-trace',
        'link-trace-id-out-of-window',
        'local-root-dependency-not-aws',
        'lost-with-crashed-batch',
        'non-finite-number',
        'python-stack-trace',
        'trace-id-out-of-window',
      ].sort(),
    );
  });

  it('GIVEN 205 dropped spans in one request WHEN listed THEN the newest 200 are kept and all are counted', async () => {
    const { total: before } = await warnings();
    const ids = traceIds(999);
    const spans = Array.from({ length: 205 }, (_, i) => ({
      traceId: ids.otel,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: `bulk-${i}`,
      kind: 2,
      attributes: [kv('v', { doubleValue: 'Infinity' })],
    }));
    const result = await postJson(preview, request([kv('service.name', 'bulk')], spans));
    expect(result.body.partialSuccess).toMatchObject({ rejectedSpans: '205' });
    const list = await warnings();
    expect(list.capacity).toBe(200);
    expect(list.warnings).toHaveLength(200);
    expect(list.total).toBe(before + 205);
    expect(list.warnings[0]?.spanName).toBe('bulk-204');
  });
});
