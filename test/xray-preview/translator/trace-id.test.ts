// Spec §5 (trace ID conversion and the timestamp gate) and §0 (failed spans are dropped).
import { describe, expect, it } from 'vitest';
import { translateBatch } from '../../../apps/xray-preview/src/translator/index.js';
import { toXRayTraceId } from '../../../apps/xray-preview/src/translator/trace-id.js';
import {
  attrs,
  NOW_SECONDS,
  options,
  span,
  TRACE_ID,
  translate,
  XRAY_TRACE_ID,
} from './span-builder.js';

const hexSeconds = (seconds: number): string => seconds.toString(16).padStart(8, '0');
const traceIdAt = (seconds: number): string => `${hexSeconds(seconds)}${'ab'.repeat(12)}`;
const now = (): number => NOW_SECONDS;

describe('§5 trace ID', () => {
  it('GIVEN a 32-hex OTel trace ID WHEN converted THEN it is 1-<8 hex>-<24 hex> in lowercase', () => {
    expect(toXRayTraceId(TRACE_ID.toUpperCase(), true)).toBe(XRAY_TRACE_ID);
  });

  it('GIVEN a fully random W3C trace ID and the default gate (skip) WHEN converted THEN it is converted as is', () => {
    expect(toXRayTraceId('ffffffff00000000000000000000000a', true)).toBe(
      '1-ffffffff-00000000000000000000000a',
    );
  });

  it('GIVEN validation on and an ID 28 days old WHEN converted THEN it is accepted', () => {
    const seconds = NOW_SECONDS - 28 * 86400;
    expect(toXRayTraceId(traceIdAt(seconds), false, now)).toBe(
      `1-${hexSeconds(seconds)}-${'ab'.repeat(12)}`,
    );
  });

  it('GIVEN validation on and an ID older than 28 days WHEN converted THEN it is rejected', () => {
    expect(() => toXRayTraceId(traceIdAt(NOW_SECONDS - 28 * 86400 - 1), false, now)).toThrow(
      /older than 28 days/,
    );
  });

  it('GIVEN validation on and an ID more than 5 minutes ahead WHEN converted THEN it is rejected', () => {
    expect(toXRayTraceId(traceIdAt(NOW_SECONDS + 300), false, now)).toMatch(/^1-/);
    expect(() => toXRayTraceId(traceIdAt(NOW_SECONDS + 301), false, now)).toThrow(/future/);
  });

  it('GIVEN validation on and a span whose link has an old trace ID WHEN translated THEN the whole span is dropped', () => {
    expect(() =>
      translate(
        { links: [{ traceId: traceIdAt(NOW_SECONDS - 40 * 86400), spanId: 'cccccccccccccccc' }] },
        {},
        { skipTimestampValidation: false },
      ),
    ).toThrow(/older than 28 days/);
  });
});

describe('§0 dropped spans', () => {
  it('GIVEN a batch with one invalid trace ID WHEN translated with validation THEN only that span is dropped', () => {
    const good = span({ traceId: traceIdAt(NOW_SECONDS), spanId: '1111111111111111' });
    const bad = span({ traceId: traceIdAt(NOW_SECONDS - 60 * 86400), spanId: '2222222222222222' });
    const result = translateBatch(
      [{ resource: attrs(), spans: [bad, good] }],
      options({ skipTimestampValidation: false }),
    );
    expect(result.documents.map((d) => d.id)).toEqual(['1111111111111111']);
    expect(result.droppedSpans).toBe(1);
    expect(result.firstError).toMatch(/not a valid X-Ray trace ID/);
  });
});
