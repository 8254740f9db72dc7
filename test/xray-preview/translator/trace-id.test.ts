// Trace id conversion and the timestamp check (docs/xray-translation.md, "Trace id"); a failed
// check drops the span, and only that span.
import { describe, expect, it } from 'vitest';
import { sortOutcomes } from '../../../apps/xray-preview/src/ingest.js';
import { translateBatch } from '../../../apps/xray-preview/src/translator/index.js';
import {
  toXRayTraceId,
  traceIdProblem,
} from '../../../apps/xray-preview/src/translator/trace-id.js';
import {
  attrs,
  NOW_SECONDS,
  options,
  outcome,
  span,
  TRACE_ID,
  XRAY_TRACE_ID,
} from './span-builder.js';

const hexSeconds = (seconds: number): string => seconds.toString(16).padStart(8, '0');
const traceIdAt = (seconds: number): string => `${hexSeconds(seconds)}${'ab'.repeat(12)}`;
const now = (): number => NOW_SECONDS;

describe('trace id', () => {
  it('GIVEN a 32-hex OTel trace id WHEN converted THEN it is 1-<8 hex>-<24 hex> in lowercase', () => {
    expect(toXRayTraceId(TRACE_ID.toUpperCase())).toBe(XRAY_TRACE_ID);
  });

  it('GIVEN a fully random W3C trace id and the default gate (skip) WHEN checked THEN it passes', () => {
    expect(traceIdProblem('ffffffff00000000000000000000000a', true)).toBeUndefined();
    expect(toXRayTraceId('ffffffff00000000000000000000000a')).toBe(
      '1-ffffffff-00000000000000000000000a',
    );
  });

  it('GIVEN validation on and an id exactly 28 days old WHEN checked THEN it passes', () => {
    expect(traceIdProblem(traceIdAt(NOW_SECONDS - 28 * 86400), false, now)).toBeUndefined();
  });

  it('GIVEN validation on and an id older than 28 days WHEN checked THEN it fails', () => {
    expect(traceIdProblem(traceIdAt(NOW_SECONDS - 28 * 86400 - 1), false, now)).toMatch(
      /older than 28 days/,
    );
  });

  it('GIVEN validation on and an id more than 5 minutes ahead WHEN checked THEN it fails', () => {
    expect(traceIdProblem(traceIdAt(NOW_SECONDS + 300), false, now)).toBeUndefined();
    expect(traceIdProblem(traceIdAt(NOW_SECONDS + 301), false, now)).toMatch(/in the future/);
  });

  it('GIVEN validation on and a span whose link has an old trace id WHEN translated THEN the whole span is dropped', () => {
    const result = outcome(
      { links: [{ traceId: traceIdAt(NOW_SECONDS - 40 * 86400), spanId: 'cccccccccccccccc' }] },
      {},
      { skipTimestampValidation: false },
    );
    expect(result).toMatchObject({ kind: 'dropped', reason: 'link-trace-id-out-of-window' });
  });
});

describe('dropped spans', () => {
  it('GIVEN a request with one expired trace id WHEN translated with validation THEN only that span is dropped, with a warning', () => {
    const good = span({ traceId: traceIdAt(NOW_SECONDS), spanId: '1111111111111111' });
    const bad = span({ traceId: traceIdAt(NOW_SECONDS - 60 * 86400), spanId: '2222222222222222' });
    const results = translateBatch(
      [{ resource: attrs({ 'service.name': 'api' }), spans: [bad, good] }],
      options({ skipTimestampValidation: false }),
    );
    const { documents, warnings } = sortOutcomes(results, 1);
    expect(documents.map((d) => d.document.id)).toEqual(['1111111111111111']);
    expect(warnings).toEqual([
      expect.objectContaining({
        reason: 'trace-id-out-of-window',
        kind: 'dropped',
        service: 'api',
        spanId: '2222222222222222',
        traceId: toXRayTraceId(traceIdAt(NOW_SECONDS - 60 * 86400)),
      }),
    ]);
  });
});
