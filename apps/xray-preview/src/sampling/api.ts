/**
 * X-Ray's sampling operations on the query port, with X-Ray's REST-JSON paths and shapes:
 * GetSamplingRules (POST /GetSamplingRules), GetSamplingTargets (POST /SamplingTargets) and
 * GetSamplingStatisticSummaries (POST /SamplingStatisticSummaries), plus GET /api/sampling.
 * `@aws-sdk/client-xray` and `@opentelemetry/sampler-aws-xray` (which posts with no body) work
 * against them unchanged.
 */
import type {
  GetSamplingRulesResult,
  GetSamplingTargetsResult,
  SamplingStatisticSummary,
  SamplingView,
} from '../contract.js';
import { InvalidRequestError } from '../api/trace-summaries.js';
import type { SamplingRulesSource } from './source.js';
import { MAX_STATISTICS_DOCUMENTS, SamplingTargets, type StatisticsInput } from './targets.js';

export class SamplingApi {
  private readonly targets = new SamplingTargets();
  private readonly started: number;

  constructor(
    private readonly source: SamplingRulesSource,
    private readonly now: () => number = () => Date.now() / 1000,
  ) {
    this.started = now();
  }

  getSamplingRules(): GetSamplingRulesResult {
    const { rules, modified } = this.source.rules();
    return {
      SamplingRuleRecords: rules.map((rule) => ({
        SamplingRule: rule,
        CreatedAt: Math.min(this.started, modified),
        ModifiedAt: modified,
      })),
    };
  }

  getSamplingTargets(body: Record<string, unknown>): GetSamplingTargetsResult {
    const documents = body.SamplingStatisticsDocuments;
    if (!Array.isArray(documents)) {
      throw new InvalidRequestError(
        'SamplingStatisticsDocuments is required: an array of {RuleName, ClientID, Timestamp, ' +
          'RequestCount, SampledCount, BorrowCount}',
      );
    }
    if (documents.length > MAX_STATISTICS_DOCUMENTS) {
      throw new InvalidRequestError(
        `SamplingStatisticsDocuments has ${documents.length} items; X-Ray takes at most ` +
          `${MAX_STATISTICS_DOCUMENTS} per call`,
      );
    }
    const items = documents.filter(
      (doc): doc is StatisticsInput => doc !== null && typeof doc === 'object',
    );
    const { rules, modified } = this.source.rules();
    return this.targets.report(items, rules, modified, this.now());
  }

  statisticSummaries(): { SamplingStatisticSummaries: SamplingStatisticSummary[] } {
    return {
      SamplingStatisticSummaries: this.targets.summaries(this.source.rules().rules, this.now()),
    };
  }

  view(): SamplingView {
    const set = this.source.rules();
    return {
      source: set.source,
      ...(set.error === undefined ? {} : { error: set.error }),
      lastRuleModification: set.modified,
      rules: set.rules,
      clients: this.targets.clientsView(),
    };
  }
}
