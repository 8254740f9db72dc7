// The load generator against the real task service app (in-process, memory store, port 0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInProcessService,
  type RunningService,
} from '../../testkit/task-service/in-process.js';
import { runTraffic } from '../../scripts/traffic/runner.js';
import { classCounts } from '../../scripts/traffic/summary.js';

// Each run is bounded by its own duration cap, which ends it with stoppedBy 'duration' (an
// assertion that says what happened); the test timeout is above the caps.
describe('traffic generator against the task service', { timeout: 150_000 }, () => {
  let api: RunningService;
  let url: string;

  beforeAll(async () => {
    api = await startInProcessService();
    url = api.baseUrl;
  });

  afterAll(async () => {
    await api.close();
  });

  it('GIVEN a request cap WHEN the mix runs THEN it stops at the cap with successes, 4xx and version conflicts', async () => {
    const result = await runTraffic({
      url,
      requests: 400,
      durationSeconds: 60,
      concurrency: 4,
      seed: 5,
    });
    expect(result.stoppedBy).toBe('requests');
    expect(result.records.length).toBe(400);
    const statuses = new Set(result.records.map((r) => r.status));
    for (const expected of [200, 201, 204, 400, 404]) expect(statuses).toContain(expected);
    const conflicts = result.records.filter((r) => r.operation === 'stale-version');
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.every((r) => r.status === 409 || r.status === 412)).toBe(true);
    expect(classCounts(result.records)).toMatchObject({ fault: 0, network: 0 });
  });

  it('GIVEN one seed WHEN run with 1, 4 and 8 requests in flight THEN every step sends the same requests and gets the same statuses', async () => {
    const outline = async (concurrency: number) => {
      const result = await runTraffic({
        url,
        requests: 250,
        durationSeconds: 25,
        concurrency,
        seed: 9,
      });
      expect(result.stoppedBy).toBe('requests');
      return result.records.map((r) => `${r.step} ${r.operation} ${r.method} ${r.status}`);
    };
    const serial = await outline(1);
    expect(serial).toHaveLength(250);
    expect(await outline(4)).toEqual(serial);
    expect(await outline(8)).toEqual(serial);
    // Another seed is another run.
    expect(
      (
        await runTraffic({ url, requests: 250, durationSeconds: 25, concurrency: 4, seed: 10 })
      ).records.map((r) => `${r.step} ${r.operation} ${r.method} ${r.status}`),
    ).not.toEqual(serial);
  });

  it('GIVEN nothing listens WHEN the mix runs THEN it gives up as unreachable instead of spinning', async () => {
    const result = await runTraffic({
      url: 'http://127.0.0.1:9',
      requests: 1000,
      durationSeconds: 60,
      concurrency: 2,
      seed: 1,
    });
    expect(result.stoppedBy).toBe('unreachable');
    expect(result.records.length).toBeLessThan(20);
  });
});
