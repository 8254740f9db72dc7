// The house's OTLP receiver, driven by the OTel JS gRPC exporter the task service uses.
import { status } from '@grpc/grpc-js';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it, onTestFinished } from 'vitest';
import { OtlpDecodeError } from '../../apps/xray-preview/src/otlp/decode.js';
import { ExportTraceServiceRequest } from '../../apps/xray-preview/src/otlp/proto-schema.js';
import { countSpans } from '../../testkit/otlp/count-spans.js';
import {
  SpanKind,
  startOtlpReceiver,
  type OtlpReceiver,
  type ReceiverOptions,
} from '../../testkit/otlp/receiver.js';
import { startReceiverProcess } from '../../testkit/otlp/receiver-process.js';

/** A receiver closed when the test ends. */
async function receiver(options: ReceiverOptions = {}): Promise<OtlpReceiver> {
  const started = await startOtlpReceiver(options);
  onTestFinished(() => started.close());
  return started;
}

/** Ends one span per name under service "svc", then exports them in one call. */
async function exportSpans(endpoint: string, names: readonly string[]): Promise<ExportResult> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('receiver-test');
  for (const name of names) {
    tracer.startSpan(name, { kind: 1 /* api SERVER */, attributes: { 'http.route': '/x' } }).end();
  }
  const exporter = new OTLPTraceExporter({ url: endpoint });
  onTestFinished(() => exporter.shutdown());
  return new Promise((resolve) => exporter.export(memory.getFinishedSpans(), resolve));
}

describe('GIVEN the testkit OTLP receiver', () => {
  it('WHEN spans are exported in decode mode THEN they arrive in the preview span model with their resource', async () => {
    const r = await receiver();
    const result = await exportSpans(r.endpoint, ['GET /a', 'GET /b']);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    await r.waitFor((spans) => spans.length === 2, { what: 'both spans' });
    const a = r.spans.find((s) => s.name === 'GET /a');
    expect(a?.kind).toBe(SpanKind.SERVER);
    expect(a?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a?.attributes.get('http.route')).toBe('/x');
    expect(a?.resource.get('service.name')).toBe('svc');
    expect(r.spanCount()).toBe(2);
    expect(r.exportCount()).toBe(1);
  });

  it('WHEN spans are exported in count mode THEN they are counted and not kept', async () => {
    const r = await receiver({ mode: 'count' });
    expect((await exportSpans(r.endpoint, ['a', 'b', 'c'])).code).toBe(ExportResultCode.SUCCESS);
    expect(r.spanCount()).toBe(3);
    expect(r.spans).toEqual([]);
  });

  it('WHEN spans are exported in discard mode THEN the export is acknowledged and nothing is read', async () => {
    const r = await receiver({ mode: 'discard' });
    expect((await exportSpans(r.endpoint, ['a', 'b'])).code).toBe(ExportResultCode.SUCCESS);
    expect(r.exportCount()).toBe(1);
    expect(r.spanCount()).toBe(0);
  });

  it('WHEN it is told to fail THEN the exporter sees the export refused', async () => {
    const r = await receiver({ failWith: status.PERMISSION_DENIED });
    const result = await exportSpans(r.endpoint, ['a']);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(r.exportCount()).toBeGreaterThanOrEqual(1);
  });

  it('WHEN waitFor times out THEN the error says what it waited for, how long, and what arrived', async () => {
    const r = await receiver();
    await exportSpans(r.endpoint, ['GET /a', 'GET /a']);
    await expect(
      r.waitFor((spans) => spans.some((s) => s.name === 'never'), {
        timeoutMs: 50,
        what: 'a span named "never"',
      }),
    ).rejects.toThrow(
      'waited 50 ms for a span named "never" at the OTLP receiver (decode mode); it received 2 spans in 1 exports: GET /a ×2',
    );
  });

  it('WHEN it runs in its own process THEN it counts what the exporter sent and stops on close', async () => {
    const child = await startReceiverProcess({ mode: 'count' });
    onTestFinished(() => child.close());
    expect((await exportSpans(child.endpoint, ['a', 'b'])).code).toBe(ExportResultCode.SUCCESS);
    expect(await child.spanCount()).toBe(2);
  });
});

describe('GIVEN countSpans', () => {
  const span = (n: number) => ({
    traceId: Buffer.alloc(16, n),
    spanId: Buffer.alloc(8, n),
    name: `s${n}`,
  });

  it('WHEN a request holds several resources and scopes THEN it counts every span', () => {
    const request = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          { scopeSpans: [{ spans: [span(1), span(2)] }, { spans: [span(3)] }] },
          { scopeSpans: [{ spans: [] }, { spans: [span(4), span(5), span(6)] }] },
        ],
      }),
    ).finish();
    expect(countSpans(Buffer.from(request))).toBe(6);
  });

  it('WHEN the bytes are cut short THEN it throws the decoder error the receiver answers INVALID_ARGUMENT with', () => {
    const request = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject({
        resourceSpans: [{ scopeSpans: [{ spans: [span(1)] }] }],
      }),
    ).finish();
    expect(() => countSpans(Buffer.from(request).subarray(0, request.length - 3))).toThrow(
      OtlpDecodeError,
    );
  });
});
