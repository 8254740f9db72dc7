/**
 * Spans X-Ray will never show: a count per reason since start, and the newest warnings in a
 * bounded list (oldest dropped first), so a flood of bad spans cannot grow memory.
 */
import type { SpanWarning, WarningReason, WarningsResponse } from '../contract.js';
import { WARNING_REASONS } from '../contract.js';

/** Entries `/api/warnings` keeps. */
export const WARNING_CAPACITY = 200;

export class WarningLog {
  private readonly newestFirst: SpanWarning[] = [];
  private readonly counts = new Map<WarningReason, number>();
  private total = 0;

  constructor(readonly capacity: number = WARNING_CAPACITY) {}

  add(warnings: readonly SpanWarning[]): void {
    for (const warning of warnings) {
      this.counts.set(warning.reason, (this.counts.get(warning.reason) ?? 0) + 1);
      this.newestFirst.unshift(warning);
      this.total++;
    }
    if (this.newestFirst.length > this.capacity) this.newestFirst.length = this.capacity;
  }

  /** Every reason, zero when none. */
  byReason(): Record<WarningReason, number> {
    const out = {} as Record<WarningReason, number>;
    for (const reason of Object.keys(WARNING_REASONS) as WarningReason[]) {
      out[reason] = this.counts.get(reason) ?? 0;
    }
    return out;
  }

  /** Warnings since start, including those no longer listed. */
  get count(): number {
    return this.total;
  }

  response(): WarningsResponse {
    return { warnings: [...this.newestFirst], total: this.total, capacity: this.capacity };
  }
}
