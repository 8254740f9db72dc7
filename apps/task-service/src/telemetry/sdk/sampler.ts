// The production sampler: parent-based, so the ALB's or the browser's sampling decision is honoured,
// and for new traces the shape of X-Ray's default rule: a reservoir of N traces per second, then a
// fixed ratio of the rest (AWS default: 1 per second + 5 %).
// https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html
import { SamplingDecision, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import type { Context } from '@opentelemetry/api';
import { coarseNow } from './coarse-clock.js';

export interface XRayRuleSamplerOptions {
  /** Share of traces sampled once the reservoir of the current second is used up, 0..1. @default 0.05 */
  readonly ratio?: number;
  /** Traces sampled per second before the ratio applies. @default 1 */
  readonly reservoirPerSecond?: number;
  /** Clock in milliseconds; tests pass a fake. @default the coarse clock (./coarse-clock.ts) */
  readonly now?: () => number;
}

const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
const NOT_SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
const TWO_POW_32 = 2 ** 32;

/** The last 8 hex digits of an id as a number (no substring; ids are lowercase or uppercase hex). */
function lastBits(id: string): number {
  let value = 0;
  for (let i = id.length - 8; i < id.length; i++) {
    const c = id.charCodeAt(i);
    value = value * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return value;
}

/** Root sampler with X-Ray's default-rule shape. Use it under `ParentBasedSampler` (see below). */
export class XRayRuleSampler implements Sampler {
  private readonly ratio: number;
  private readonly reservoir: number;
  private readonly now: () => number;
  private second = -1;
  private borrowed = 0;

  constructor(options: XRayRuleSamplerOptions = {}) {
    this.ratio = options.ratio ?? 0.05;
    this.reservoir = options.reservoirPerSecond ?? 1;
    this.now = options.now ?? coarseNow;
    if (!(this.ratio >= 0 && this.ratio <= 1)) {
      throw new Error(
        `XRayRuleSampler: ratio must be between 0 and 1, got ${this.ratio}; for 5 % use 0.05`,
      );
    }
    if (!Number.isInteger(this.reservoir) || this.reservoir < 0) {
      throw new Error(
        `XRayRuleSampler: reservoirPerSecond must be a non-negative integer, got ${this.reservoir}; use 0 for ratio only`,
      );
    }
  }

  shouldSample(_context: Context, traceId: string): SamplingResult {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.borrowed = 0;
    }
    if (this.borrowed < this.reservoir) {
      this.borrowed += 1;
      return SAMPLED;
    }
    // Decide from the trace ID's last 32 bits: random in both W3C and X-Ray IDs (X-Ray's first 32
    // bits are the epoch seconds), and the same answer for the same trace in every service.
    return lastBits(traceId) < this.ratio * TWO_POW_32 ? SAMPLED : NOT_SAMPLED;
  }

  toString(): string {
    return `XRayRuleSampler{reservoirPerSecond=${this.reservoir}, ratio=${this.ratio}}`;
  }
}
