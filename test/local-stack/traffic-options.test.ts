import { describe, expect, it } from 'vitest';
import { parseTrafficOptions } from '../../scripts/traffic/options.js';
import { DEFAULT_WEIGHTS, pickOperation, seededRandom } from '../../scripts/traffic/mix.js';
import type { Operation } from '../../scripts/traffic/mix.js';
import {
  classCounts,
  formatSummary,
  percentile,
  summarize,
} from '../../scripts/traffic/summary.js';

describe('traffic options', () => {
  it('GIVEN nothing WHEN parsed THEN bounded defaults target the local task service', () => {
    expect(parseTrafficOptions([], {})).toEqual({
      url: 'http://127.0.0.1:8080',
      requests: 300,
      durationSeconds: 30,
      concurrency: 4,
      seed: 1,
    });
  });

  it('GIVEN flags and env WHEN parsed THEN flags win over env', () => {
    const options = parseTrafficOptions(['--requests=50'], {
      TRAFFIC_REQUESTS: '80',
      TASK_SERVICE_PORT: '9090',
    });
    expect(options.requests).toBe(50);
    expect(options.url).toBe('http://127.0.0.1:9090');
  });

  it('GIVEN values beyond the caps WHEN parsed THEN the error names the setting and the range', () => {
    expect(() => parseTrafficOptions(['--requests=1000000'], {})).toThrow(
      '--requests="1000000" is out of range; use an integer from 1 to 20000',
    );
    expect(() => parseTrafficOptions([], { TRAFFIC_CONCURRENCY: '0' })).toThrow(
      'TRAFFIC_CONCURRENCY="0" is out of range',
    );
    expect(() => parseTrafficOptions(['--rps=5'], {})).toThrow('Unknown flag --rps');
  });

  it('GIVEN a non-loopback URL WHEN parsed THEN it is refused', () => {
    expect(() => parseTrafficOptions(['--url=http://10.0.0.5:8080'], {})).toThrow(
      'is not loopback',
    );
  });
});

describe('traffic mix', () => {
  it('GIVEN one seed WHEN the mix is drawn twice THEN the sequence repeats', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 50 }, () => pickOperation(random, 5));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('GIVEN many draws WHEN counted THEN every operation, including errors and conflicts, occurs', () => {
    const random = seededRandom(3);
    const seen = new Set<Operation>();
    for (let i = 0; i < 2000; i += 1) seen.add(pickOperation(random, 10));
    expect([...seen].sort()).toEqual((Object.keys(DEFAULT_WEIGHTS) as Operation[]).sort());
  });

  it('GIVEN no known tasks WHEN an operation needs one THEN a create is drawn instead', () => {
    const random = seededRandom(11);
    const ops = new Set(Array.from({ length: 500 }, () => pickOperation(random, 0)));
    expect(ops.has('complete')).toBe(false);
    expect(ops.has('stale-version')).toBe(false);
    expect(ops.has('create')).toBe(true);
  });
});

describe('traffic summary', () => {
  const records = [
    { step: 0, operation: 'create' as const, method: 'POST', status: 201, ms: 4 },
    { step: 1, operation: 'create' as const, method: 'POST', status: 201, ms: 8 },
    { step: 2, operation: 'bad-payload' as const, method: 'POST', status: 400, ms: 1 },
    { step: 3, operation: 'stale-version' as const, method: 'PATCH', status: 412, ms: 3 },
    { step: 4, operation: 'list' as const, method: 'GET', status: 503, ms: 30 },
    { step: 5, operation: 'get' as const, method: 'GET', status: 0, ms: 2 },
  ];

  it('GIVEN records WHEN summarized THEN each operation lists its statuses and percentiles', () => {
    const create = summarize(records).find((row) => row.operation === 'create');
    expect(create?.count).toBe(2);
    expect(create?.statuses.get(201)).toBe(2);
    expect(create?.p95Ms).toBe(8);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 95)).toBe(0);
  });

  it('GIVEN records WHEN classified THEN 4xx count as X-Ray errors and 5xx as faults', () => {
    expect(classCounts(records)).toEqual({ ok: 2, error: 2, fault: 1, network: 1 });
    const text = formatSummary({ records, elapsedMs: 2000, stoppedBy: 'requests' });
    expect(text).toContain('6 requests in 2.0 s');
    expect(text).toContain('412×1');
  });
});
