/**
 * X-Ray's centralized sampling API as the preview serves it (field names are X-Ray's; timestamps
 * are epoch seconds, as X-Ray's REST-JSON protocol writes them). Re-exported by contract.ts;
 * dependency-free like it.
 */

/** A sampling rule (X-Ray `SamplingRule`). */
export interface SamplingRule {
  readonly RuleName: string;
  readonly RuleARN: string;
  readonly ResourceARN: string;
  /** 1–9999; lower matches first. X-Ray's `Default` rule has 10000 and matches last. */
  readonly Priority: number;
  /** Share of matching requests sampled once the reservoir is used up, 0–1. */
  readonly FixedRate: number;
  /** Matching requests per second sampled before FixedRate applies, shared by all clients. */
  readonly ReservoirSize: number;
  readonly ServiceName: string;
  readonly ServiceType: string;
  readonly Host: string;
  readonly HTTPMethod: string;
  readonly URLPath: string;
  readonly Version: number;
  readonly Attributes: Readonly<Record<string, string>>;
}

/** `POST /GetSamplingRules` answer (X-Ray `GetSamplingRulesResult`). */
export interface GetSamplingRulesResult {
  readonly SamplingRuleRecords: readonly {
    readonly SamplingRule: SamplingRule;
    readonly CreatedAt: number;
    readonly ModifiedAt: number;
  }[];
}

/** What a client reports per rule (X-Ray `SamplingStatisticsDocument`). */
export interface SamplingStatisticsDocument {
  readonly RuleName: string;
  /** 24 hex digits the client picks once. */
  readonly ClientID: string;
  readonly Timestamp: number;
  readonly RequestCount: number;
  readonly SampledCount: number;
  readonly BorrowCount?: number;
}

/** The quota a client gets per rule (X-Ray `SamplingTargetDocument`). */
export interface SamplingTargetDocument {
  readonly RuleName: string;
  readonly FixedRate: number;
  /** Requests per second this client may sample from the rule's reservoir. */
  readonly ReservoirQuota: number;
  /** When the quota expires; past it the client borrows at most 1 request per second. */
  readonly ReservoirQuotaTTL: number;
  /** Seconds until the client should report again. */
  readonly Interval: number;
}

export interface UnprocessedStatistics {
  readonly RuleName?: string;
  readonly ErrorCode: string;
  readonly Message: string;
}

/** `POST /SamplingTargets` answer (X-Ray `GetSamplingTargetsResult`). */
export interface GetSamplingTargetsResult {
  readonly SamplingTargetDocuments: readonly SamplingTargetDocument[];
  /** When the rules last changed; a client re-reads them when this is newer than its copy. */
  readonly LastRuleModification: number;
  readonly UnprocessedStatistics: readonly UnprocessedStatistics[];
}

/** Per-rule totals (X-Ray `SamplingStatisticSummary`), `POST /SamplingStatisticSummaries`. */
export interface SamplingStatisticSummary {
  readonly RuleName: string;
  readonly Timestamp: number;
  readonly RequestCount: number;
  readonly BorrowCount: number;
  readonly SampledCount: number;
}

/** `GET /api/sampling`: the rules in force, where they come from, and each client's quota. */
export interface SamplingView {
  /** The rules file, or `default` (X-Ray's default rule) or `env`. */
  readonly source: string;
  /** The last problem reading the rules file; the previous rules stay in force meanwhile. */
  readonly error?: string;
  readonly lastRuleModification: number;
  readonly rules: readonly SamplingRule[];
  readonly clients: readonly {
    readonly ruleName: string;
    readonly clientId: string;
    readonly reservoirQuota: number;
    readonly reservoirQuotaTTL: number;
    readonly lastReport: number;
    readonly requestCount: number;
    readonly sampledCount: number;
    readonly borrowCount: number;
  }[];
}
