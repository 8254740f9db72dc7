import { describe, expect, it } from 'vitest';
import {
  matchesService,
  newestFirst,
  toTraceRows,
  urlPath,
} from '../../apps/xray-preview/ui/src/trace-model.js';
import {
  BROWSER_TRACE_ID,
  SECOND_TRACE_ID,
  TRACE_ID,
  traceEntries,
  traceSummaries,
} from './fixtures.js';

describe('trace list rows', () => {
  it('GIVEN trace summaries WHEN turned into rows THEN method, url, status, duration and badges are shown', () => {
    const rows = toTraceRows(traceSummaries, undefined);
    expect(rows.map((r) => r.id)).toEqual([BROWSER_TRACE_ID, TRACE_ID, SECOND_TRACE_ID]);
    expect(rows[1]).toMatchObject({
      method: 'PUT',
      url: 'http://127.0.0.1:8080/tasks/42',
      path: '/tasks/42',
      entry: 'task-web',
      status: '409',
      duration: '52 ms',
      health: 'error',
      flags: ['error'],
    });
  });

  it("GIVEN a browser action's trace (no Http in X-Ray's summary) and its trace entry WHEN listed THEN it shows the action and its first call's method and status", () => {
    const [browser, own] = toTraceRows(traceSummaries, undefined, traceEntries);
    expect(browser).toMatchObject({
      id: BROWSER_TRACE_ID,
      action: 'tasks.create',
      method: 'POST',
      status: '201',
      path: '/tasks',
      httpFrom: 'call',
      entry: 'task-web',
    });
    // A summary with its own Http keeps X-Ray's values; the entry adds only the action.
    expect(own).toMatchObject({ action: 'tasks.complete', method: 'PUT', status: '409' });
  });

  it('GIVEN no trace entry WHEN listed THEN the action falls back to the URL path, then the entry service', () => {
    const rows = toTraceRows(traceSummaries, undefined);
    expect(rows.map((r) => r.action)).toEqual(['task-web', '/tasks/42', '/']);
    expect(rows[0]).toMatchObject({ method: '', status: '' });
  });

  it('GIVEN a map node filter WHEN listing THEN only traces through that service remain', () => {
    const rows = toTraceRows(traceSummaries, { name: 'task-service', type: 'AWS::EKS::Container' });
    expect(rows.map((r) => r.id)).toEqual([BROWSER_TRACE_ID, TRACE_ID]);
  });

  it('GIVEN a filter with the same name but another type WHEN matching THEN the trace does not match', () => {
    const summary = traceSummaries[0] ?? {};
    expect(matchesService(summary, { name: 'tasks', type: 'AWS::DynamoDB::Table' })).toBe(true);
    expect(matchesService(summary, { name: 'tasks', type: 'AWS::S3::Bucket' })).toBe(false);
  });

  it('GIVEN the client node WHEN filtering THEN traces whose entry point the client calls match', () => {
    const rows = toTraceRows(traceSummaries, {
      name: 'client',
      type: 'client',
      entryPoints: ['task-web'],
    });
    expect(rows).toHaveLength(3);
    expect(
      toTraceRows(traceSummaries, { name: 'client', type: 'client', entryPoints: ['other'] }),
    ).toEqual([]);
  });

  it('GIVEN a summary without an Id WHEN listing THEN it is skipped', () => {
    expect(toTraceRows([{ Duration: 1 }], undefined)).toEqual([]);
  });
});

describe('trace order', () => {
  it('GIVEN summaries with StartTime WHEN listed THEN the newest comes first', () => {
    const sorted = newestFirst([
      { Id: 'old', StartTime: 100 },
      { Id: 'new', StartTime: 300 },
      { Id: 'mid', StartTime: 200 },
    ]);
    expect(sorted.map((s) => s.Id)).toEqual(['new', 'mid', 'old']);
  });

  it('GIVEN summaries without StartTime WHEN listed THEN the server order is kept', () => {
    const sorted = newestFirst([{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }]);
    expect(sorted.map((s) => s.Id)).toEqual(['a', 'b', 'c']);
  });
});

describe('URL display', () => {
  it.each([
    ['http://127.0.0.1:8080/tasks/42?done=true', '/tasks/42?done=true'],
    ['https://example.test', '/'],
    ['not a url', 'not a url'],
    ['', ''],
  ])('GIVEN %s WHEN shortened THEN the list shows %s', (url, path) => {
    expect(urlPath(url)).toBe(path);
  });
});
