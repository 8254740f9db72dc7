// Requests the sampler drops cost a decision and a context, not a span: no SDK span, no ids unless
// something reads them, nothing recorded under them. And the decision made before the span is the
// one the SDK uses.
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { AlwaysOffSampler, ParentBasedSampler, SamplingDecision } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { XRayRuleSampler } from '../../apps/task-service/src/telemetry/sdk/sampler.js';
import { start } from './support/traced-express.js';

describe('installServerSpans: the sampling decision comes before any span', () => {
  it('GIVEN a sampler that drops everything WHEN requests are served THEN no SDK span starts and no trace or span id is made', async () => {
    const svc = await start({ sampler: new AlwaysOffSampler(), readsTraceId: false });
    for (let i = 0; i < 5; i++) expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    await svc.settle();

    expect(svc.ended.started).toBe(0);
    expect(svc.ids.traceIds + svc.ids.spanIds).toBe(0);
  });

  it("GIVEN a caller that did not sample (traceparent flags 00) WHEN the handler starts a span THEN it records nothing, the request stays in the caller's trace unsampled, and nothing is exported", async () => {
    const svc = await start();
    const traceId = '5f0000000123456789abcdef01234567';
    const res = await fetch(`${svc.base}/child`, {
      headers: { traceparent: `00-${traceId}-0123456789abcdef-00` },
    });
    await svc.settle();

    expect(await res.json()).toEqual({
      traceId,
      requestSampled: false,
      sampled: false,
      recording: false,
    });
    expect(svc.spans()).toEqual([]);
  });

  it("GIVEN a sampler that drops everything WHEN the handler reads the request's trace THEN it gets a valid X-Ray trace id made on demand, and a span it starts records nothing", async () => {
    const svc = await start({ sampler: new AlwaysOffSampler(), readsTraceId: false });
    const child = (await (await fetch(`${svc.base}/child`)).json()) as { traceId: string };
    await svc.settle();

    expect(child).toMatchObject({ requestSampled: false, sampled: false, recording: false });
    expect(child.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(Math.abs(parseInt(child.traceId.slice(0, 8), 16) - Date.now() / 1000)).toBeLessThan(600);
    expect(svc.ids.traceIds).toBe(1);
  });

  it('GIVEN a reservoir of one trace per second and no ratio WHEN one request arrives THEN it is recorded: the decision made before the span is the one the SDK uses, the reservoir is not charged twice', async () => {
    const now = 1_700_000_000_000;
    const svc = await start({
      sampler: new ParentBasedSampler({
        root: new XRayRuleSampler({ reservoirPerSecond: 1, ratio: 0, now: () => now }),
      }),
    });
    expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    expect((await fetch(`${svc.base}/plain`)).status).toBe(200);
    await svc.ended.atLeast(1);
    await svc.settle();

    expect(svc.spans().map((s) => s.name)).toEqual(['GET /plain']);
    expect(svc.spans()[0]?.attributes).toMatchObject({ 'url.path': '/plain' });
  });

  it('GIVEN the X-Ray rule sampler at 30 % WHEN new traces start THEN every trace id, made before or after the decision, decides the same way again', async () => {
    const ratio = (): ParentBasedSampler =>
      new ParentBasedSampler({ root: new XRayRuleSampler({ reservoirPerSecond: 0, ratio: 0.3 }) });
    const svc = await start({ sampler: ratio(), decidesOnLastBits: true });
    const unsampled: string[] = [];
    for (let i = 0; i < 60; i++) {
      const child = (await (await fetch(`${svc.base}/child`)).json()) as {
        traceId: string;
        requestSampled: boolean;
      };
      if (!child.requestSampled) unsampled.push(child.traceId);
    }
    await svc.settle();
    const sampled = svc
      .spans()
      .filter((s) => s.name === 'GET /child')
      .map((s) => s.spanContext().traceId);
    const again = (id: string): SamplingDecision =>
      ratio().shouldSample(ROOT_CONTEXT, id, 'GET', SpanKind.SERVER, {}, []).decision;

    expect(sampled.length).toBeGreaterThan(0);
    expect(unsampled.length).toBeGreaterThan(0);
    expect(sampled.length + unsampled.length).toBe(60);
    for (const id of [...sampled, ...unsampled]) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(sampled.map(again)).toEqual(sampled.map(() => SamplingDecision.RECORD_AND_SAMPLED));
    expect(unsampled.map(again)).toEqual(unsampled.map(() => SamplingDecision.NOT_RECORD));
  });
});
