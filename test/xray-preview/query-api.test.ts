// Query API through @aws-sdk/client-xray itself, pointed at the preview.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  XRayClient,
  type Service,
} from '@aws-sdk/client-xray';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';
import { localStackTrace, traceIdsAt } from './otlp-fixtures.js';

let preview: RunningPreview;
let xray: XRayClient;
const now = Date.now() / 1000;
const ok = traceIdsAt(now, 'b1');
const failing = traceIdsAt(now, 'b2');

async function post(body: unknown): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${preview.httpPort}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  preview = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
  xray = new XRayClient({
    endpoint: `http://127.0.0.1:${preview.apiPort}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
  await post(localStackTrace(ok, now));
  await post(localStackTrace(failing, now, 500));
});
afterAll(async () => {
  xray.destroy();
  await preview.close();
});

const window = () => ({
  StartTime: new Date((now - 60) * 1000),
  EndTime: new Date((now + 60) * 1000),
});
const byName = (services: Service[] | undefined, name: string, type?: string) =>
  services?.find((s) => s.Name === name && (type === undefined || s.Type === type));

describe('GetServiceGraph', () => {
  it('GIVEN a browser → task-service → DynamoDB trace WHEN the graph is read THEN nodes follow X-Ray types', async () => {
    const graph = await xray.send(new GetServiceGraphCommand(window()));
    const services = graph.Services ?? [];
    expect(byName(services, 'client', 'client')).toBeDefined();
    // The browser's root CLIENT span is a segment named by peer.service, without origin.
    expect(byName(services, 'task-service', undefined)?.Type).toBeUndefined();
    expect(byName(services, 'task-service', 'AWS::EKS::Container')).toBeDefined();
    expect(byName(services, 'tasks', 'AWS::DynamoDB::Table')).toBeDefined();
    expect(graph.StartTime).toBeInstanceOf(Date);
  });

  it('GIVEN the same trace WHEN edges are read THEN client → browser segment → EKS service → table, with statistics', async () => {
    const services = (await xray.send(new GetServiceGraphCommand(window()))).Services ?? [];
    const browser = services.find((s) => s.Name === 'task-service' && s.Type === undefined);
    const api = byName(services, 'task-service', 'AWS::EKS::Container');
    const table = byName(services, 'tasks', 'AWS::DynamoDB::Table');
    const client = byName(services, 'client', 'client');
    const edgeTo = (from: Service | undefined, to: Service | undefined) =>
      from?.Edges?.find((e) => e.ReferenceId === to?.ReferenceId);

    expect(edgeTo(client, browser)).toBeDefined();
    expect(browser?.Root).toBe(true);
    const apiEdge = edgeTo(browser, api);
    expect(apiEdge?.SummaryStatistics).toMatchObject({
      OkCount: 1,
      TotalCount: 2,
      FaultStatistics: { TotalCount: 1, OtherCount: 1 },
    });
    expect(apiEdge?.SummaryStatistics?.TotalResponseTime).toBeCloseTo(0.2, 3);
    expect(edgeTo(api, table)?.SummaryStatistics?.TotalCount).toBe(2);
    expect(api?.SummaryStatistics).toMatchObject({ TotalCount: 2, OkCount: 1 });
    expect(api?.StartTime).toBeInstanceOf(Date);
  });
});

describe('GetTraceSummaries', () => {
  it('GIVEN two traces WHEN summaries are read THEN both are listed with fault flags, entry point and http', async () => {
    const res = await xray.send(new GetTraceSummariesCommand(window()));
    const failed = res.TraceSummaries?.find((t) => t.Id === failing.xrayTraceId);
    expect(res.TraceSummaries?.map((t) => t.Id).sort()).toEqual(
      [ok.xrayTraceId, failing.xrayTraceId].sort(),
    );
    expect(failed).toMatchObject({
      HasFault: true,
      HasError: false,
      Http: { HttpMethod: 'POST', HttpStatus: 500 },
    });
    expect(failed?.EntryPoint?.Name).toBe('task-service');
    expect(failed?.Duration).toBeCloseTo(0.12, 3);
    expect(failed?.ServiceIds?.map((s) => s.Type ?? 'none').sort()).toEqual([
      'AWS::DynamoDB::Table',
      'AWS::EKS::Container',
      'none',
    ]);
  });

  it('GIVEN FilterExpression fault WHEN summaries are read THEN only the failing trace is returned', async () => {
    const res = await xray.send(
      new GetTraceSummariesCommand({ ...window(), FilterExpression: 'fault' }),
    );
    expect(res.TraceSummaries?.map((t) => t.Id)).toEqual([failing.xrayTraceId]);
  });

  it('GIVEN an unsupported FilterExpression WHEN summaries are read THEN the SDK raises InvalidRequestException', async () => {
    await expect(
      xray.send(
        new GetTraceSummariesCommand({ ...window(), FilterExpression: 'responsetime > 5' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });

  it('GIVEN TimeRangeType TraceId and a window before the trace IDs WHEN read THEN nothing is returned', async () => {
    const res = await xray.send(
      new GetTraceSummariesCommand({
        StartTime: new Date((now - 7200) * 1000),
        EndTime: new Date((now - 3600) * 1000),
        TimeRangeType: 'TraceId',
      }),
    );
    expect(res.TraceSummaries).toEqual([]);
  });

  it('GIVEN more than 100 traces WHEN summaries are paged THEN NextToken walks all of them', async () => {
    for (let i = 0; i < 120; i++) await post(localStackTrace(traceIdsAt(now, `c${i}`), now));
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await xray.send(new GetTraceSummariesCommand({ ...window(), NextToken: token }));
      for (const t of res.TraceSummaries ?? []) seen.add(t.Id ?? '');
      token = res.NextToken;
      pages++;
    } while (token !== undefined && pages < 10);
    expect(pages).toBe(2);
    expect(seen.size).toBe(122);
  });
});

describe('BatchGetTraces', () => {
  it('GIVEN a stored trace WHEN fetched THEN segments are JSON strings with subsegments folded into their segment', async () => {
    const res = await xray.send(
      new BatchGetTracesCommand({
        TraceIds: [ok.xrayTraceId, '1-00000000-000000000000000000000000'],
      }),
    );
    expect(res.Traces).toHaveLength(1);
    const traceResult = res.Traces?.[0];
    expect(traceResult).toMatchObject({ Id: ok.xrayTraceId, LimitExceeded: false });
    expect(traceResult?.Duration).toBeCloseTo(0.12, 3);
    const docs = (traceResult?.Segments ?? []).map(
      (s) => JSON.parse(s.Document ?? '{}') as Record<string, unknown>,
    );
    const api = docs.find((d) => d.origin === 'AWS::EKS::Container');
    expect(docs).toHaveLength(2);
    expect(api?.subsegments).toEqual([
      expect.objectContaining({ name: 'DynamoDB', namespace: 'aws' }),
    ]);
    expect((api?.subsegments as Record<string, unknown>[])[0]).not.toHaveProperty('parent_id');
  });

  it('GIVEN the same trace ID five times WHEN fetched THEN the trace is answered once', async () => {
    const res = await xray.send(
      new BatchGetTracesCommand({ TraceIds: Array.from({ length: 5 }, () => ok.xrayTraceId) }),
    );
    expect(res.Traces?.map((t) => t.Id)).toEqual([ok.xrayTraceId]);
  });

  // X-Ray takes 1 to 5 ids; without the cap, one request could make the preview answer a large
  // trace a thousand times over.
  for (const [what, traceIds, message] of [
    ['six trace IDs', Array.from({ length: 6 }, () => ok.xrayTraceId), 'TraceIds has 6 items'],
    ['a thousand trace IDs', Array.from({ length: 1000 }, () => ok.xrayTraceId), 'has 1000 items'],
    ['no trace ID', [], 'TraceIds has 0 items'],
    ['a 36-character trace ID', [`${ok.xrayTraceId}0`], 'is not 1 to 35 characters'],
  ] as const) {
    it(`GIVEN ${what} WHEN fetched THEN the SDK raises InvalidRequestException naming the limit`, async () => {
      const error = await xray.send(new BatchGetTracesCommand({ TraceIds: [...traceIds] })).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.name).toBe('InvalidRequestException');
      expect(error?.message).toContain(message);
    });
  }
});
