/** What the preview refused, by reason, for /api/stats. */
import {
  REQUEST_REFUSAL_REASONS,
  SPAN_REFUSAL_REASONS,
  type RequestRefusalReason,
  type SpanRefusalReason,
} from '../contract.js';

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

export class RefusalCounters {
  private readonly spans = zeros(SPAN_REFUSAL_REASONS);
  private readonly requests = zeros(REQUEST_REFUSAL_REASONS);

  refuseSpans(reason: SpanRefusalReason, count: number): void {
    this.spans[reason] += count;
  }

  refuseRequest(reason: RequestRefusalReason): void {
    this.requests[reason]++;
  }

  snapshot(): {
    refusedSpans: Record<SpanRefusalReason, number>;
    refusedRequests: Record<RequestRefusalReason, number>;
  } {
    return { refusedSpans: { ...this.spans }, refusedRequests: { ...this.requests } };
  }
}
