// The subset of AWS X-Ray's JSON shapes the preview UI reads. Field names match the X-Ray API
// (GetServiceGraph, GetTraceSummaries, BatchGetTraces), so the UI works against the preview server
// and would work against anything else that speaks the same shapes.
// https://docs.aws.amazon.com/xray/latest/api/API_GetServiceGraph.html

export interface ErrorStatistics {
  readonly ThrottleCount?: number;
  readonly OtherCount?: number;
  readonly TotalCount?: number;
}

export interface FaultStatistics {
  readonly OtherCount?: number;
  readonly TotalCount?: number;
}

export interface SummaryStatistics {
  readonly OkCount?: number;
  readonly ErrorStatistics?: ErrorStatistics;
  readonly FaultStatistics?: FaultStatistics;
  readonly TotalCount?: number;
  /** Sum of response times in seconds. */
  readonly TotalResponseTime?: number;
}

export interface ServiceEdge {
  readonly ReferenceId: number;
  readonly SummaryStatistics?: SummaryStatistics;
}

export interface XRayService {
  readonly ReferenceId: number;
  readonly Name?: string;
  readonly Names?: readonly string[];
  /** `client`, an origin such as `AWS::EKS::Container`, an AWS resource type, `remote`, or absent. */
  readonly Type?: string;
  readonly Root?: boolean;
  readonly Edges?: readonly ServiceEdge[];
  readonly SummaryStatistics?: SummaryStatistics;
}

export interface ServiceGraphResponse {
  readonly Services?: readonly XRayService[];
  readonly StartTime?: number | string;
  readonly EndTime?: number | string;
}

export interface ServiceId {
  readonly Name?: string;
  readonly Names?: readonly string[];
  readonly Type?: string;
}

export interface TraceSummary {
  readonly Id?: string;
  readonly Duration?: number;
  readonly ResponseTime?: number;
  readonly HasFault?: boolean;
  readonly HasError?: boolean;
  readonly HasThrottle?: boolean;
  readonly Http?: {
    readonly HttpURL?: string;
    readonly HttpStatus?: number;
    readonly HttpMethod?: string;
  };
  readonly ServiceIds?: readonly ServiceId[];
  /** The service that received the first request of the trace. */
  readonly EntryPoint?: ServiceId;
  readonly StartTime?: number | string;
}

export interface TraceSummariesResponse {
  readonly TraceSummaries?: readonly TraceSummary[];
  readonly NextToken?: string;
}

/** One X-Ray segment or subsegment document, as sent to PutTraceSegments. */
export interface SegmentDocument {
  readonly trace_id?: string;
  readonly id: string;
  readonly parent_id?: string;
  readonly name: string;
  readonly start_time: number;
  readonly end_time?: number;
  readonly type?: string;
  readonly namespace?: string;
  readonly origin?: string;
  readonly fault?: boolean;
  readonly error?: boolean;
  readonly throttle?: boolean;
  readonly http?: {
    readonly request?: { readonly method?: string; readonly url?: string };
    readonly response?: { readonly status?: number };
  };
  /** Present when a segment carries its subsegments inline (BatchGetTraces output). */
  readonly subsegments?: readonly SegmentDocument[];
  readonly [key: string]: unknown;
}
