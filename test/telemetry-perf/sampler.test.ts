import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { readServiceConfig, telemetryConfig } from '../../apps/task-service/src/config.js';
import type { TaskServiceEnv } from '../../apps/task-service/src/contract.js';
import { createTracePipeline } from '../../apps/task-service/src/telemetry/sdk/components.js';
import { XRayRuleSampler } from '../../apps/task-service/src/telemetry/sdk/sampler.js';

/** Deterministic X-Ray-style trace IDs: 8 hex epoch digits + 24 pseudo-random hex digits. */
function traceIds(n: number, seed = 42): string[] {
  let x = seed;
  const next = (): string => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x.toString(16).padStart(8, '0');
  };
  return Array.from({ length: n }, () => `5f000000${next()}${next()}${next()}`);
}

const decide = (sampler: Sampler, traceId: string, ctx: Context = ROOT_CONTEXT): SamplingDecision =>
  sampler.shouldSample(ctx, traceId, 'GET /tasks', SpanKind.SERVER, {}, []).decision;

const remoteParent = (sampled: boolean): Context =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '5f0000000123456789abcdef01234567',
    spanId: '0123456789abcdef',
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });

describe('XRayRuleSampler (reservoir per second + ratio)', () => {
  it('GIVEN a reservoir of 2/s and ratio 0 WHEN 10 new traces start in one second THEN exactly 2 are sampled, and 2 more the next second', () => {
    let now = 1_700_000_000_000;
    const sampler = new XRayRuleSampler({ reservoirPerSecond: 2, ratio: 0, now: () => now });
    const ids = traceIds(20);
    const first = ids
      .slice(0, 10)
      .filter((id) => decide(sampler, id) === SamplingDecision.RECORD_AND_SAMPLED);
    now += 1000;
    const second = ids
      .slice(10)
      .filter((id) => decide(sampler, id) === SamplingDecision.RECORD_AND_SAMPLED);
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
  });

  it('GIVEN ratio 0.05 and no reservoir WHEN 20,000 traces start THEN about 5 % are sampled', () => {
    const sampler = new XRayRuleSampler({ reservoirPerSecond: 0, ratio: 0.05 });
    const sampled = traceIds(20_000).filter(
      (id) => decide(sampler, id) === SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(sampled.length / 20_000).toBeGreaterThan(0.04);
    expect(sampled.length / 20_000).toBeLessThan(0.06);
  });

  it('GIVEN the same trace ID WHEN two samplers decide THEN they agree (every service keeps or drops the whole trace)', () => {
    const a = new XRayRuleSampler({ reservoirPerSecond: 0, ratio: 0.3 });
    const b = new XRayRuleSampler({ reservoirPerSecond: 0, ratio: 0.3 });
    const ids = traceIds(500, 7);
    expect(ids.map((id) => decide(a, id))).toEqual(ids.map((id) => decide(b, id)));
  });

  it('GIVEN a ratio outside 0..1 WHEN the sampler is built THEN the error names the value and the fix', () => {
    expect(() => new XRayRuleSampler({ ratio: 5 })).toThrow(
      /ratio must be between 0 and 1, got 5; for 5 % use 0.05/,
    );
    expect(() => new XRayRuleSampler({ reservoirPerSecond: 1.5 })).toThrow(
      /reservoirPerSecond .* got 1.5/,
    );
  });
});

describe('the sampler the service builds (components.ts, from the service config)', () => {
  const serviceSampler = async (env: TaskServiceEnv): Promise<Sampler> => {
    const pipeline = createTracePipeline(
      telemetryConfig(readServiceConfig(env)),
      { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() },
      resourceFromAttributes({ 'service.name': 'task-service' }),
    );
    await Promise.all(pipeline.spanProcessors.map((p) => p.shutdown()));
    pipeline.stop();
    return pipeline.sampler;
  };

  it('GIVEN no variables WHEN it is built THEN it is the parent-based X-Ray rule: 1/s + 5 %', async () => {
    expect((await serviceSampler({})).toString()).toMatch(
      /^ParentBased\{root=XRayRuleSampler\{reservoirPerSecond=1, ratio=0.05\}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler/,
    );
  });

  it('GIVEN ratio 0 and no reservoir WHEN the ALB or browser sampled THEN the request is sampled; WHEN they did not THEN it is not', async () => {
    const sampler = await serviceSampler({
      OTEL_TRACES_SAMPLER_ARG: '0',
      OTEL_TRACES_SAMPLER_RESERVOIR: '0',
    });
    const id = '5f0000000123456789abcdef01234567';
    expect(decide(sampler, id, remoteParent(true))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(sampler, id, remoteParent(false))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, id)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('GIVEN ratio 1 and a reservoir WHEN the caller did not sample THEN the request is still not sampled', async () => {
    const sampler = await serviceSampler({
      OTEL_TRACES_SAMPLER_ARG: '1',
      OTEL_TRACES_SAMPLER_RESERVOIR: '100',
    });
    const id = '5f0000000123456789abcdef01234567';
    expect(decide(sampler, id, remoteParent(false))).toBe(SamplingDecision.NOT_RECORD);
    expect(decide(sampler, id)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('GIVEN parentbased_always_on WHEN a new trace starts THEN it is sampled', async () => {
    const sampler = await serviceSampler({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    expect(decide(sampler, traceIds(1)[0] ?? '')).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
