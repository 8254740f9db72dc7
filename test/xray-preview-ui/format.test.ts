import { describe, expect, it } from 'vitest';
import {
  breakdown,
  formatCount,
  formatPercent,
  formatSeconds,
  healthOf,
  ingestCounters,
  words,
  sumStats,
  typeBadge,
  typeLabel,
} from '../../apps/xray-preview/ui/src/format.js';

describe('stats breakdown', () => {
  it('GIVEN X-Ray summary statistics WHEN broken down THEN throttles are taken out of errors and the average is total time / count', () => {
    const b = breakdown({
      OkCount: 90,
      ErrorStatistics: { ThrottleCount: 2, OtherCount: 3, TotalCount: 5 },
      FaultStatistics: { OtherCount: 5, TotalCount: 5 },
      TotalCount: 100,
      TotalResponseTime: 4.5,
    });
    expect(b).toEqual({ total: 100, ok: 90, error: 3, throttle: 2, fault: 5, avgSeconds: 0.045 });
  });

  it('GIVEN no statistics WHEN broken down THEN every count is 0 and there is no average', () => {
    expect(breakdown(undefined)).toEqual({
      total: 0,
      ok: 0,
      error: 0,
      throttle: 0,
      fault: 0,
      avgSeconds: undefined,
    });
  });

  it('GIVEN statistics without TotalCount WHEN broken down THEN the total is the sum of the parts', () => {
    expect(breakdown({ OkCount: 3, FaultStatistics: { TotalCount: 1 } }).total).toBe(4);
  });

  it('GIVEN two edges WHEN summed THEN counts and response times add up', () => {
    const sum = breakdown(
      sumStats([
        { OkCount: 1, TotalCount: 2, ErrorStatistics: { TotalCount: 1 }, TotalResponseTime: 0.2 },
        { OkCount: 2, TotalCount: 2, TotalResponseTime: 0.2 },
      ]),
    );
    expect(sum).toMatchObject({ total: 4, ok: 3, error: 1, avgSeconds: 0.1 });
  });

  it('GIVEN faults, throttles and errors together WHEN picking a colour THEN the worst one wins', () => {
    const base = { total: 10, ok: 7, error: 1, throttle: 1, fault: 1, avgSeconds: 1 };
    expect(healthOf(base)).toBe('fault');
    expect(healthOf({ ...base, fault: 0 })).toBe('throttle');
    expect(healthOf({ ...base, fault: 0, throttle: 0 })).toBe('error');
    expect(healthOf({ ...base, fault: 0, throttle: 0, error: 0 })).toBe('ok');
  });
});

describe('number formatting', () => {
  it.each([
    [undefined, '–'],
    [0, '0 ms'],
    [0.00042, '0.4 ms'],
    [0.045, '45 ms'],
    [0.9994, '999 ms'],
    [1.5, '1.50 s'],
  ])('GIVEN %s seconds WHEN formatted THEN it reads %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it.each([
    [0, 10, '0%'],
    [1, 0, '0%'],
    [1, 2000, '<0.1%'],
    [1, 40, '2.5%'],
    [1, 20, '5%'],
    [6, 40, '15%'],
  ])('GIVEN %s of %s WHEN formatted as a percentage THEN it reads %s', (part, total, text) => {
    expect(formatPercent(part, total)).toBe(text);
  });

  it.each([
    [7, '7'],
    [1234, '1.2k'],
    [2000, '2k'],
    [2_500_000, '2.5M'],
  ])('GIVEN a count of %s WHEN formatted THEN it reads %s', (count, text) => {
    expect(formatCount(count)).toBe(text);
  });
});

describe('node types', () => {
  it.each([
    ['AWS::EKS::Container', 'EKS Container', 'EKS'],
    ['AWS::DynamoDB::Table', 'DynamoDB Table', 'DDB'],
    ['client', 'Client', 'USER'],
    ['remote', 'Remote', 'EXT'],
    [undefined, 'Service', 'SVC'],
  ])('GIVEN type %s WHEN labelled THEN label is %s and badge is %s', (type, label, badge) => {
    expect(typeLabel(type)).toBe(label);
    expect(typeBadge(type)).toBe(badge);
  });
});

describe('ingest counters', () => {
  it('GIVEN the store stats WHEN summarised THEN three headline counters come first and the rest go to the tooltip', () => {
    const { headline, rest } = ingestCounters({
      maxDocuments: 50_000,
      spansRejected: 0,
      documentsEvicted: 34,
      tracesStored: 310,
      documentsStored: 1200,
      spansReceived: 1234,
      note: 'not a number',
    });
    expect(headline).toEqual([
      { label: 'spans received', value: '1.2k' },
      { label: 'traces stored', value: '310' },
      { label: 'documents evicted', value: '34' },
    ]);
    expect(rest.map((c) => c.label)).toEqual([
      'documents stored',
      'max documents',
      'spans rejected',
    ]);
  });

  it.each([
    ['spansReceived', 'spans received'],
    ['spans_evicted', 'spans evicted'],
    ['max-documents', 'max documents'],
  ])('GIVEN the key %s WHEN turned into words THEN it reads %s', (key, text) => {
    expect(words(key)).toBe(text);
  });
});
