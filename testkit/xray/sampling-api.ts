// A loopback stand-in for X-Ray's sampling API as the collector's awsproxy extension exposes it to
// a pod: `POST /GetSamplingRules` and `POST /SamplingTargets`, JSON in X-Ray's shapes. It answers
// from a rule list the caller sets, grants each rule its own reservoir as quota, and records the
// calls, so tests and benchmarks can run the remote sampler against a real HTTP endpoint.
// https://docs.aws.amazon.com/xray/latest/api/API_GetSamplingRules.html
// https://docs.aws.amazon.com/xray/latest/api/API_GetSamplingTargets.html
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One rule as X-Ray stores it (the fields the samplers read). */
export interface SamplingRule {
  readonly RuleName: string;
  readonly Priority: number;
  /** Traces per second sampled before the rate applies. */
  readonly ReservoirSize: number;
  /** Share of the rest, 0..1. */
  readonly FixedRate: number;
  /** @default '*' for the match fields below */
  readonly ServiceName?: string;
  readonly ServiceType?: string;
  readonly Host?: string;
  readonly HTTPMethod?: string;
  readonly URLPath?: string;
}

/** X-Ray's built-in rule: 1 trace per second, then 5 %. */
export const DEFAULT_RULE: SamplingRule = {
  RuleName: 'Default',
  Priority: 10_000,
  ReservoirSize: 1,
  FixedRate: 0.05,
};

export interface SamplingApi {
  readonly port: number;
  /** `http://127.0.0.1:<port>`, for XRAY_SAMPLING_ENDPOINT. */
  readonly endpoint: string;
  /** Paths called so far, in order. */
  readonly calls: readonly string[];
  /** Resolves at the next call of `path` (after it has been answered). */
  nextCall(path: '/GetSamplingRules' | '/SamplingTargets'): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

function record(rule: SamplingRule) {
  return {
    CreatedAt: 0,
    ModifiedAt: 0,
    SamplingRule: {
      RuleName: rule.RuleName,
      RuleARN: `arn:aws:xray:us-east-1:000000000000:sampling-rule/${rule.RuleName}`,
      ResourceARN: '*',
      Priority: rule.Priority,
      FixedRate: rule.FixedRate,
      ReservoirSize: rule.ReservoirSize,
      ServiceName: rule.ServiceName ?? '*',
      ServiceType: rule.ServiceType ?? '*',
      Host: rule.Host ?? '*',
      HTTPMethod: rule.HTTPMethod ?? '*',
      URLPath: rule.URLPath ?? '*',
      Version: 1,
      Attributes: {},
    },
  };
}

/** Starts the API on 127.0.0.1 (`port` 0: a free one). */
export async function startSamplingApi(
  rules: readonly SamplingRule[] = [DEFAULT_RULE],
  port = 0,
): Promise<SamplingApi> {
  const calls: string[] = [];
  const waiters: { path: string; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const path = req.url ?? '';
      const host = req.headers.host ?? '';
      let body: unknown;
      if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) {
        res.writeHead(403).end();
        return;
      }
      if (req.method === 'POST' && path === '/GetSamplingRules') {
        body = { SamplingRuleRecords: rules.map(record) };
      } else if (req.method === 'POST' && path === '/SamplingTargets') {
        const now = Math.floor(Date.now() / 1000);
        body = {
          LastRuleModification: 0,
          UnprocessedStatistics: [],
          SamplingTargetDocuments: rules.map((r) => ({
            RuleName: r.RuleName,
            FixedRate: r.FixedRate,
            ReservoirQuota: r.ReservoirSize,
            ReservoirQuotaTTL: now + 10,
            Interval: 10,
          })),
        };
      } else {
        res.writeHead(404).end();
        return;
      }
      calls.push(path);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body), () => {
        for (const w of waiters.splice(0)) {
          if (w.path === path) w.resolve();
          else waiters.push(w);
        }
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    endpoint: `http://127.0.0.1:${bound}`,
    calls,
    nextCall: (path) => new Promise((resolve) => waiters.push({ path, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
