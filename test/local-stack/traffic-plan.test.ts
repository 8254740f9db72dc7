import { describe, expect, it } from 'vitest';
import { NEEDS_TASK } from '../../scripts/traffic/mix.js';
import { planTraffic } from '../../scripts/traffic/plan.js';

describe('traffic plan', () => {
  it('GIVEN one seed WHEN planned twice THEN the steps are the same, and another seed differs', () => {
    expect(planTraffic(7, 300)).toEqual(planTraffic(7, 300));
    expect(planTraffic(7, 300).map((s) => s.operation)).not.toEqual(
      planTraffic(8, 300).map((s) => s.operation),
    );
  });

  it('GIVEN a request count WHEN planned THEN the steps send exactly that many requests', () => {
    for (const requests of [1, 2, 3, 299, 300, 2000]) {
      const plan = planTraffic(3, requests);
      expect(plan.reduce((sum, s) => sum + s.requests, 0)).toBe(requests);
      expect(plan.map((s) => s.step)).toEqual(plan.map((_, i) => i));
    }
  });

  it('GIVEN a long plan WHEN read THEN every step that needs a task targets an earlier create not deleted before it', () => {
    const plan = planTraffic(11, 5000);
    const deleted = new Set<number>();
    for (const step of plan) {
      if (!NEEDS_TASK.has(step.operation)) {
        expect(step.target).toBeUndefined();
        continue;
      }
      expect(step.target).toBeDefined();
      const target = plan[step.target!]!;
      expect(target.operation).toBe('create');
      expect(target.step).toBeLessThan(step.step);
      expect(deleted.has(target.step)).toBe(false);
      if (step.operation === 'delete') deleted.add(target.step);
    }
    const kinds = new Set(plan.map((s) => s.operation));
    expect([...kinds].sort()).toEqual([
      'bad-payload',
      'complete',
      'create',
      'delete',
      'get',
      'list',
      'stale-version',
      'unknown-id',
    ]);
  });

  it('GIVEN no task yet WHEN the plan starts THEN the first step that needs one is a create instead', () => {
    const first = planTraffic(1, 50).find((s) => NEEDS_TASK.has(s.operation));
    const firstCreate = planTraffic(1, 50).find((s) => s.operation === 'create');
    expect(firstCreate!.step).toBeLessThan(first!.step);
  });
});
