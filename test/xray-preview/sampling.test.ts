// X-Ray centralized sampling served by the preview, read with @aws-sdk/client-xray unchanged and
// with the raw requests @opentelemetry/sampler-aws-xray makes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetSamplingRulesCommand,
  GetSamplingStatisticSummariesCommand,
  GetSamplingTargetsCommand,
  XRayClient,
} from '@aws-sdk/client-xray';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SamplingView } from '../../apps/xray-preview/src/contract.js';
import { startPreview, type RunningPreview } from '../../apps/xray-preview/src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'preview-sampling-'));
const rulesFile = join(dir, 'rules.json');
const CLIENT_A = 'a'.repeat(24);
const CLIENT_B = 'b'.repeat(24);

const rules = (extra: object[]) => JSON.stringify({ SamplingRules: extra });
const healthRule = {
  RuleName: 'health-checks',
  Priority: 10,
  FixedRate: 0,
  ReservoirSize: 0,
  ServiceName: 'task-service',
  URLPath: '/healthz',
};

let preview: RunningPreview;
let xray: XRayClient;

function clientFor(port: number): XRayClient {
  return new XRayClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
}

beforeAll(async () => {
  writeFileSync(
    rulesFile,
    rules([
      healthRule,
      { RuleName: 'writes', Priority: 20, FixedRate: 0.5, ReservoirSize: 3, HTTPMethod: 'POST' },
      { RuleName: 'Default', FixedRate: 0.1, ReservoirSize: 2 },
    ]),
  );
  preview = await startPreview({
    grpcPort: 0,
    httpPort: 0,
    apiPort: 0,
    samplingRulesFile: rulesFile,
  });
  xray = clientFor(preview.apiPort);
});
afterAll(async () => {
  xray.destroy();
  await preview.close();
  rmSync(dir, { recursive: true, force: true });
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const statistics = (RuleName: string, ClientID: string, RequestCount: number) => ({
  RuleName,
  ClientID,
  Timestamp: new Date(),
  RequestCount,
  SampledCount: 1,
  BorrowCount: 0,
});

describe('GetSamplingRules', () => {
  it("GIVEN no rules file WHEN a client reads the rules THEN it gets X-Ray's Default rule: 1 request/s, then 5 %", async () => {
    const alone = await startPreview({ grpcPort: 0, httpPort: 0, apiPort: 0 });
    const client = clientFor(alone.apiPort);
    try {
      const { SamplingRuleRecords } = await client.send(new GetSamplingRulesCommand({}));
      expect(SamplingRuleRecords?.map((r) => r.SamplingRule)).toEqual([
        expect.objectContaining({
          RuleName: 'Default',
          Priority: 10000,
          ReservoirSize: 1,
          FixedRate: 0.05,
          ServiceName: '*',
          ServiceType: '*',
          Host: '*',
          HTTPMethod: '*',
          URLPath: '*',
          ResourceARN: '*',
          Version: 1,
          Attributes: {},
        }),
      ]);
      expect(SamplingRuleRecords?.[0]?.ModifiedAt).toBeInstanceOf(Date);
    } finally {
      client.destroy();
      await alone.close();
    }
  });

  it('GIVEN a rules file WHEN read through the SDK THEN its rules come in priority order, then Default with its edited rate', async () => {
    const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
    const got = SamplingRuleRecords?.map((r) => r.SamplingRule);
    expect(got?.map((r) => [r?.RuleName, r?.Priority, r?.FixedRate, r?.ReservoirSize])).toEqual([
      ['health-checks', 10, 0, 0],
      ['writes', 20, 0.5, 3],
      ['Default', 10000, 0.1, 2],
    ]);
    expect(got?.[0]).toMatchObject({ ServiceName: 'task-service', URLPath: '/healthz', Host: '*' });
    expect(got?.[0]?.RuleARN).toMatch(/:sampling-rule\/health-checks$/);
  });

  it('GIVEN the request @opentelemetry/sampler-aws-xray makes (POST, no body, no Content-Type) WHEN sent THEN the rules come back as JSON', async () => {
    const res = await fetch(`http://127.0.0.1:${preview.apiPort}/GetSamplingRules`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      SamplingRuleRecords: { SamplingRule: { RuleName: string } }[];
    };
    expect(body.SamplingRuleRecords.map((r) => r.SamplingRule.RuleName)).toContain('Default');
  });
});

describe('GetSamplingTargets', () => {
  it('GIVEN two clients reporting on a rule with a reservoir of 3 WHEN targets are asked THEN the quotas add up to 3, the busier client gets the remainder', async () => {
    await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('writes', CLIENT_A, 50)],
      }),
    );
    const b = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('writes', CLIENT_B, 5)],
      }),
    );
    const a = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('writes', CLIENT_A, 40)],
      }),
    );
    const quotaA = a.SamplingTargetDocuments?.[0];
    const quotaB = b.SamplingTargetDocuments?.[0];
    expect(quotaA).toMatchObject({
      RuleName: 'writes',
      FixedRate: 0.5,
      ReservoirQuota: 2,
      Interval: 10,
    });
    expect(quotaB).toMatchObject({ RuleName: 'writes', ReservoirQuota: 1 });
    expect(quotaA!.ReservoirQuotaTTL!.getTime() / 1000).toBeGreaterThan(nowSeconds());
    expect(a.UnprocessedStatistics).toEqual([]);
  });

  it('GIVEN statistics for a rule that does not exist WHEN sent THEN they come back as UnprocessedStatistics', async () => {
    const answer = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('nope', CLIENT_A, 1)],
      }),
    );
    expect(answer.SamplingTargetDocuments).toEqual([]);
    expect(answer.UnprocessedStatistics).toEqual([
      {
        RuleName: 'nope',
        ErrorCode: '400',
        Message: expect.stringMatching(/no sampling rule is named "nope"/),
      },
    ]);
  });

  it('GIVEN a RequestCount beyond 32 bits WHEN sent THEN it comes back unprocessed and the totals stay numbers', async () => {
    const answer = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('writes', 'c'.repeat(24), 1e308)],
      }),
    );
    expect(answer.UnprocessedStatistics).toEqual([
      {
        RuleName: 'writes',
        ErrorCode: '400',
        Message: expect.stringMatching(/whole numbers from 0 to 2147483647/),
      },
    ]);
    const { SamplingStatisticSummaries } = await xray.send(
      new GetSamplingStatisticSummariesCommand({}),
    );
    for (const summary of SamplingStatisticSummaries ?? []) {
      expect(Number.isFinite(summary.RequestCount)).toBe(true);
    }
  });

  it('GIVEN reports WHEN statistic summaries are read THEN each rule totals its requests', async () => {
    const { SamplingStatisticSummaries } = await xray.send(
      new GetSamplingStatisticSummariesCommand({}),
    );
    const writes = SamplingStatisticSummaries?.find((s) => s.RuleName === 'writes');
    expect(writes).toMatchObject({ RequestCount: 95, SampledCount: 3, BorrowCount: 0 });
  });
});

describe('editing the rules file while the preview runs', () => {
  const view = async (): Promise<SamplingView> =>
    (await (
      await fetch(`http://127.0.0.1:${preview.apiPort}/api/sampling`)
    ).json()) as SamplingView;

  it('GIVEN a rule added to the file WHEN a client next reports THEN LastRuleModification moves on and GetSamplingRules lists the rule', async () => {
    const before = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('Default', CLIENT_A, 1)],
      }),
    );
    writeFileSync(
      rulesFile,
      rules([healthRule, { RuleName: 'reads', Priority: 30, FixedRate: 0.2, ReservoirSize: 1 }]),
    );
    const after = await xray.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [statistics('Default', CLIENT_A, 1)],
      }),
    );
    expect(after.LastRuleModification!.getTime()).toBeGreaterThan(
      before.LastRuleModification!.getTime(),
    );
    const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
    expect(SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual([
      'health-checks',
      'reads',
      'Default',
    ]);
    expect(SamplingRuleRecords?.at(-1)?.SamplingRule?.FixedRate).toBe(0.05);
  });

  it('GIVEN an edit that breaks the file WHEN the rules are read THEN the previous rules stay in force and /api/sampling says what is wrong', async () => {
    writeFileSync(
      rulesFile,
      rules([{ RuleName: 'bad', Priority: 5, FixedRate: 5, ReservoirSize: 1 }]),
    );
    const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
    expect(SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual([
      'health-checks',
      'reads',
      'Default',
    ]);
    const state = await view();
    expect(state.error).toMatch(/SamplingRules\[0\]\.FixedRate: .*1/);
    expect(state.error).toMatch(/the previous rules stay in force/);
    writeFileSync(rulesFile, rules([healthRule]));
    expect((await view()).error).toBeUndefined();
  });
});
