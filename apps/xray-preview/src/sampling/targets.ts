/**
 * GetSamplingTargets bookkeeping, modelled on what X-Ray documents: every client reports, per
 * rule, how many requests it saw, sampled and borrowed; X-Ray answers each with its share of the
 * rule's reservoir (ReservoirQuota per second, valid until ReservoirQuotaTTL), the rule's
 * FixedRate and when to report again (Interval). How X-Ray splits a reservoir is not published;
 * the preview splits it evenly among the clients that reported in the last three intervals, and
 * gives the remainder to the busiest, so the quotas always add up to the ReservoirSize.
 */
import type {
  GetSamplingTargetsResult,
  SamplingRule,
  SamplingStatisticSummary,
  SamplingTargetDocument,
  SamplingView,
  UnprocessedStatistics,
} from '../contract.js';

/** Seconds between reports, X-Ray's usual value (and the samplers' default). */
export const TARGET_INTERVAL_SECONDS = 10;
/** A client that has not reported for this long no longer gets a share. */
const ACTIVE_SECONDS = 3 * TARGET_INTERVAL_SECONDS;
/** Quotas outlive one interval, so a client that reports a little late keeps its share. */
const QUOTA_TTL_SECONDS = 2 * TARGET_INTERVAL_SECONDS;
/** X-Ray's limit on documents per GetSamplingTargets call. */
export const MAX_STATISTICS_DOCUMENTS = 25;
/** Clients tracked at once (rule × ClientID); a bound on what reports can make the preview hold. */
const MAX_CLIENTS = 1000;

interface Totals {
  requests: number;
  sampled: number;
  borrowed: number;
}

interface ClientState {
  readonly ruleName: string;
  readonly clientId: string;
  lastReport: number;
  lastRequests: number;
  requestCount: number;
  sampledCount: number;
  borrowCount: number;
  reservoirQuota: number;
  reservoirQuotaTTL: number;
}

export interface StatisticsInput {
  readonly RuleName?: unknown;
  readonly ClientID?: unknown;
  readonly Timestamp?: unknown;
  readonly RequestCount?: unknown;
  readonly SampledCount?: unknown;
  readonly BorrowCount?: unknown;
}

/** X-Ray's counts are Integer (32-bit): larger ones would add up to Infinity (JSON null). */
const MAX_COUNT = 2 ** 31 - 1;

const count = (value: unknown): number | undefined =>
  value === undefined
    ? 0
    : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT
      ? value
      : undefined;

export class SamplingTargets {
  /** Keyed by `rule \0 client`. */
  private readonly clients = new Map<string, ClientState>();
  private readonly totals = new Map<string, Totals>();

  report(
    documents: readonly StatisticsInput[],
    rules: readonly SamplingRule[],
    lastRuleModification: number,
    now: number,
  ): GetSamplingTargetsResult {
    const byName = new Map(rules.map((rule) => [rule.RuleName, rule]));
    const unprocessed: UnprocessedStatistics[] = [];
    const reported: ClientState[] = [];
    this.forgetIdle(now);
    for (const doc of documents) {
      const name = typeof doc.RuleName === 'string' ? doc.RuleName : undefined;
      const clientId = typeof doc.ClientID === 'string' ? doc.ClientID : undefined;
      const requests = count(doc.RequestCount);
      const sampled = count(doc.SampledCount);
      const borrowed = count(doc.BorrowCount);
      const problem =
        name === undefined || clientId === undefined || !/^[0-9a-fA-F]{24}$/.test(clientId)
          ? 'RuleName and a 24-hex-digit ClientID are required'
          : requests === undefined || sampled === undefined || borrowed === undefined
            ? `RequestCount, SampledCount and BorrowCount must be whole numbers from 0 to ${MAX_COUNT}`
            : !byName.has(name)
              ? `no sampling rule is named "${name.slice(0, 64)}"; GetSamplingRules lists them`
              : !this.clients.has(`${name}\u0000${clientId}`) && this.clients.size >= MAX_CLIENTS
                ? `the preview already tracks ${MAX_CLIENTS} clients; report again later`
                : undefined;
      if (problem !== undefined) {
        unprocessed.push({ RuleName: name?.slice(0, 64), ErrorCode: '400', Message: problem });
        continue;
      }
      const key = `${name}\u0000${clientId}`;
      const state = this.clients.get(key) ?? {
        ruleName: name!,
        clientId: clientId!,
        lastReport: now,
        lastRequests: 0,
        requestCount: 0,
        sampledCount: 0,
        borrowCount: 0,
        reservoirQuota: 0,
        reservoirQuotaTTL: 0,
      };
      state.lastReport = now;
      state.lastRequests = requests!;
      state.requestCount += requests!;
      state.sampledCount += sampled!;
      state.borrowCount += borrowed!;
      this.clients.set(key, state);
      const totals = this.totals.get(name!) ?? { requests: 0, sampled: 0, borrowed: 0 };
      totals.requests += requests!;
      totals.sampled += sampled!;
      totals.borrowed += borrowed!;
      this.totals.set(name!, totals);
      reported.push(state);
    }
    const targets: SamplingTargetDocument[] = [];
    for (const state of reported) {
      const rule = byName.get(state.ruleName)!;
      state.reservoirQuota = this.shareOf(state, rule, now);
      state.reservoirQuotaTTL = now + QUOTA_TTL_SECONDS;
      targets.push({
        RuleName: rule.RuleName,
        FixedRate: rule.FixedRate,
        ReservoirQuota: state.reservoirQuota,
        ReservoirQuotaTTL: state.reservoirQuotaTTL,
        Interval: TARGET_INTERVAL_SECONDS,
      });
    }
    return {
      SamplingTargetDocuments: targets,
      LastRuleModification: lastRuleModification,
      UnprocessedStatistics: unprocessed,
    };
  }

  /** Even split of the reservoir among active clients; the remainder goes to the busiest. */
  private shareOf(client: ClientState, rule: SamplingRule, now: number): number {
    const active = [...this.clients.values()]
      .filter((c) => c.ruleName === rule.RuleName && now - c.lastReport <= ACTIVE_SECONDS)
      .sort(
        (a, b) =>
          b.lastRequests - a.lastRequests ||
          (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0),
      );
    const base = Math.floor(rule.ReservoirSize / active.length);
    const remainder = rule.ReservoirSize - base * active.length;
    return base + (active.indexOf(client) < remainder ? 1 : 0);
  }

  private forgetIdle(now: number): void {
    for (const [key, state] of this.clients) {
      if (now - state.lastReport > ACTIVE_SECONDS) this.clients.delete(key);
    }
  }

  /** Totals per rule since the preview started (X-Ray's SamplingStatisticSummary shape). */
  summaries(rules: readonly SamplingRule[], now: number): SamplingStatisticSummary[] {
    return rules.map((rule) => {
      const totals = this.totals.get(rule.RuleName);
      return {
        RuleName: rule.RuleName,
        Timestamp: now,
        RequestCount: totals?.requests ?? 0,
        BorrowCount: totals?.borrowed ?? 0,
        SampledCount: totals?.sampled ?? 0,
      };
    });
  }

  clientsView(): SamplingView['clients'] {
    return [...this.clients.values()].map((c) => ({
      ruleName: c.ruleName,
      clientId: c.clientId,
      reservoirQuota: c.reservoirQuota,
      reservoirQuotaTTL: c.reservoirQuotaTTL,
      lastReport: c.lastReport,
      requestCount: c.requestCount,
      sampledCount: c.sampledCount,
      borrowCount: c.borrowCount,
    }));
  }
}
