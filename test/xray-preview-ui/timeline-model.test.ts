import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  flattenDocuments,
  type TimelineRow,
  niceTicks,
} from '../../apps/xray-preview/ui/src/timeline-model.js';
import { formatTick } from '../../apps/xray-preview/ui/src/format.js';
import type { SegmentDocument } from '../../apps/xray-preview/src/contract.js';
import { segmentDocuments } from './fixtures.js';

const doc = (
  id: string,
  start: number,
  end: number | undefined,
  extra: Partial<SegmentDocument> = {},
): SegmentDocument => ({ id, name: id, start_time: start, end_time: end, ...extra });

function row(rows: readonly TimelineRow[], name: string): TimelineRow {
  const found = rows.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no row named ${name}`);
  return found;
}

describe('timeline nesting', () => {
  it('GIVEN flat documents in arrival order WHEN built THEN rows are parent-first and indented by parent_id', () => {
    const { rows } = buildTimeline(segmentDocuments);
    expect(rows.map((r) => [r.name, r.depth])).toEqual([
      ['task-web', 0],
      ['task-service', 1],
      ['tasks', 2],
    ]);
    expect(row(rows, 'tasks')).toMatchObject({ kind: 'subsegment', namespace: 'aws' });
    expect(row(rows, 'task-service')).toMatchObject({
      kind: 'segment',
      origin: 'AWS::EKS::Container',
      health: 'error',
      httpStatus: 409,
    });
  });

  it('GIVEN bars WHEN built THEN they are placed and sized as a share of the whole trace', () => {
    const { rows, total } = buildTimeline([
      doc('root', 100, 100.2),
      doc('child', 100.05, 100.1, { parent_id: 'root' }),
    ]);
    expect(total).toBeCloseTo(0.2);
    const child = row(rows, 'child');
    expect(child.leftPct).toBeCloseTo(25);
    expect(child.widthPct).toBeCloseTo(25);
    expect(child.duration).toBeCloseTo(0.05);
    expect(row(rows, 'root').widthPct).toBeCloseTo(100);
  });

  it('GIVEN siblings out of order WHEN built THEN they are sorted by start time under their parent', () => {
    const { rows } = buildTimeline([
      doc('root', 0, 1),
      doc('late', 0.5, 0.6, { parent_id: 'root' }),
      doc('early', 0.1, 0.2, { parent_id: 'root' }),
    ]);
    expect(rows.map((r) => r.name)).toEqual(['root', 'early', 'late']);
  });

  it('GIVEN a document whose parent is not in the trace WHEN built THEN it is shown as a root', () => {
    const { rows } = buildTimeline([doc('orphan', 0, 1, { parent_id: 'ffffffffffffffff' })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.depth).toBe(0);
  });

  it('GIVEN a parent_id cycle WHEN built THEN every document is still shown exactly once', () => {
    const { rows } = buildTimeline([
      doc('a', 0, 1, { parent_id: 'b' }),
      doc('b', 0, 1, { parent_id: 'a' }),
    ]);
    expect(rows.map((r) => r.name).sort()).toEqual(['a', 'b']);
  });

  it('GIVEN a document without end_time WHEN built THEN it is in progress with a minimal visible bar', () => {
    const { rows } = buildTimeline([
      doc('root', 0, 1),
      doc('open', 0.5, undefined, { parent_id: 'root' }),
    ]);
    expect(row(rows, 'open')).toMatchObject({ inProgress: true, duration: 0 });
    expect(row(rows, 'open').widthPct).toBeGreaterThan(0);
  });

  it('GIVEN a fault and an error flag WHEN built THEN the row is coloured as a fault', () => {
    const { rows } = buildTimeline([doc('x', 0, 1, { fault: true, error: false })]);
    expect(rows[0]?.health).toBe('fault');
  });

  it('GIVEN no documents WHEN built THEN the timeline is empty', () => {
    expect(buildTimeline([])).toEqual({ rows: [], total: 0 });
  });
});

describe('inline subsegments (BatchGetTraces shape)', () => {
  it('GIVEN a segment with nested subsegments WHEN flattened THEN children get their parent id and lose nothing', () => {
    const flat = flattenDocuments([
      doc('seg', 0, 1, {
        subsegments: [doc('sub', 0.1, 0.5, { subsegments: [doc('leaf', 0.2, 0.3)] })],
      }),
    ]);
    expect(flat.map((d) => [d.id, d.parent_id])).toEqual([
      ['seg', undefined],
      ['sub', 'seg'],
      ['leaf', 'sub'],
    ]);
    expect(flat.every((d) => d.subsegments === undefined)).toBe(true);
    expect(buildTimeline(flat).rows.map((r) => r.depth)).toEqual([0, 1, 2]);
  });
});

describe('timeline axis', () => {
  it.each([
    [0.0029, ['0 ms', '1 ms', '2 ms']],
    [0.0029, ['0 ms', '0.5 ms', '1 ms', '1.5 ms', '2 ms', '2.5 ms'], 7],
    [0.061, ['0 ms', '20 ms', '40 ms', '60 ms']],
    [0.125, ['0 ms', '50 ms', '100 ms']],
    [0.35, ['0 ms', '100 ms', '200 ms', '300 ms']],
    [2.4, ['0 s', '0.5 s', '1 s', '1.5 s', '2 s']],
    [7.5, ['0 s', '2 s', '4 s', '6 s']],
  ] as [number, string[], number?][])(
    'GIVEN a %s s trace WHEN ticks are chosen THEN they read %j: round multiples of 1, 2 or 5 × 10ⁿ',
    (total, labels, maxTicks) => {
      const { ticks, step, unit } = niceTicks(total, maxTicks ?? 6);
      expect(ticks.map((tick) => formatTick(tick, step, unit))).toEqual(labels);
      expect(ticks.at(-1)).toBeLessThanOrEqual(total);
    },
  );

  it('GIVEN an empty or zero-length trace WHEN ticks are chosen THEN only 0 is drawn', () => {
    expect(niceTicks(0)).toEqual({ ticks: [0], step: 0, unit: 'ms' });
    expect(formatTick(0, 0, 'ms')).toBe('0 ms');
  });
});
