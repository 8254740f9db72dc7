/** X-Ray's SummaryStatistics / EdgeStatistics and response-time histograms. */
export interface SummaryStatistics {
  OkCount: number;
  ErrorStatistics: { ThrottleCount: number; OtherCount: number; TotalCount: number };
  FaultStatistics: { OtherCount: number; TotalCount: number };
  TotalCount: number;
  TotalResponseTime: number;
}

export interface HistogramEntry {
  Value: number;
  Count: number;
}

export interface Outcome {
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  /** Seconds. */
  readonly duration: number;
}

/** Accumulates outcomes; histogram values are response times rounded to the millisecond. */
export class StatisticsAccumulator {
  private ok = 0;
  private throttle = 0;
  private otherError = 0;
  private fault = 0;
  private total = 0;
  private responseTime = 0;
  private readonly histogram = new Map<number, number>();

  add(outcome: Outcome): void {
    this.total++;
    this.responseTime += outcome.duration;
    if (outcome.fault) this.fault++;
    else if (outcome.throttle) this.throttle++;
    else if (outcome.error) this.otherError++;
    else this.ok++;
    const bucket = Math.round(outcome.duration * 1000) / 1000;
    this.histogram.set(bucket, (this.histogram.get(bucket) ?? 0) + 1);
  }

  summary(): SummaryStatistics {
    return {
      OkCount: this.ok,
      ErrorStatistics: {
        ThrottleCount: this.throttle,
        OtherCount: this.otherError,
        TotalCount: this.throttle + this.otherError,
      },
      FaultStatistics: { OtherCount: this.fault, TotalCount: this.fault },
      TotalCount: this.total,
      TotalResponseTime: this.responseTime,
    };
  }

  responseTimeHistogram(): HistogramEntry[] {
    return [...this.histogram]
      .sort(([a], [b]) => a - b)
      .map(([Value, Count]) => ({ Value, Count }));
  }
}
