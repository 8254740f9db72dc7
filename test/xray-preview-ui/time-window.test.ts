import { describe, expect, it } from 'vitest';
import { windowEndingNow } from '../../apps/xray-preview/ui/src/api.js';

describe('time window', () => {
  it('GIVEN "last 5 minutes" WHEN the request window is built THEN it is 300 epoch seconds ending at now, rounded up', () => {
    expect(windowEndingNow(5, 1_700_000_000_500)).toEqual({
      StartTime: 1_700_000_001 - 300,
      EndTime: 1_700_000_001,
    });
  });

  it('GIVEN "last 60 minutes" WHEN the request window is built THEN it spans one hour', () => {
    const range = windowEndingNow(60, 1_700_000_000_000);
    expect(range.EndTime - range.StartTime).toBe(3600);
  });
});
