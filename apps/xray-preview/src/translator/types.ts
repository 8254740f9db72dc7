/**
 * The X-Ray segment document as `internal/aws/xray/tracesegment.go` declares it. Builders insert
 * fields in that struct's order, which is the order go-json.ts writes them in. Optional fields
 * are left out (Go's omitempty on nil pointers); `null` marks a nil pointer without omitempty.
 */
import type { CrashReason, DropReason } from '../contract.js';
import type { Span } from '../model.js';
import type { Int64, PdataMap, RawValue } from './pdata.js';

export interface StackFrame {
  path: string;
  line: Int64;
  label: string;
}

export interface XRayException {
  id: string;
  message?: string;
  type?: string;
  remote?: boolean;
  cause?: string;
  stack?: StackFrame[];
}

export interface CauseData {
  exceptions?: XRayException[];
}

export interface HttpData {
  request: {
    x_forwarded_for?: boolean;
    method?: string;
    url?: string;
    user_agent?: string;
    client_ip?: string;
  };
  response: { status?: Int64; content_length: Int64 };
}

export interface AwsData {
  elastic_beanstalk?: {
    environment_name: string | null;
    version_label: string | null;
    deployment_id: Int64;
  };
  cloudwatch_logs?: { log_group: string | null; arn?: string }[];
  ecs?: Partial<
    Record<
      | 'container'
      | 'container_id'
      | 'task_arn'
      | 'task_family'
      | 'cluster_arn'
      | 'container_arn'
      | 'availability_zone'
      | 'launch_type',
      string
    >
  >;
  ec2?: {
    instance_id: string | null;
    availability_zone: string | null;
    instance_size: string | null;
    ami_id: string | null;
  };
  eks?: { cluster_name: string | null; pod: string | null; container_id: string | null };
  xray?: { sdk?: string; sdk_version?: string; auto_instrumentation: boolean };
  account_id?: string;
  operation?: string;
  region?: string;
  request_id?: string;
  queue_url?: string;
  table_name?: string;
  table_names?: string[];
}

export interface SqlData {
  connection_string?: string;
  url?: string;
  sanitized_query?: string;
  database_type?: string;
  user?: string;
}

export interface LinkData {
  trace_id: string;
  id: string;
  attributes?: Record<string, RawValue>;
}

export type Annotations = Record<string, string | Int64 | boolean>;
export type Metadata = Record<string, Record<string, RawValue> | null>;

export interface SegmentDocument {
  /** `null` when a local-root rule names the segment from an empty or non-string value. */
  name: string | null;
  /** `null` when the span has no span id (Go writes a nil pointer, no omitempty). */
  id: string | null;
  start_time: number;
  service?: { version?: string };
  origin?: string;
  user?: string;
  links?: LinkData[];
  trace_id: string;
  /** Absent when `in_progress` is set. */
  end_time?: number;
  in_progress?: true;
  http?: HttpData;
  fault: boolean;
  error: boolean;
  throttle: boolean;
  cause?: CauseData;
  aws?: AwsData;
  annotations?: Annotations;
  metadata?: Metadata;
  namespace?: string;
  parent_id?: string;
  type?: 'subsegment';
  sql?: SqlData;
}

/** One document and the exact text the exporter would send for it. */
export interface TranslatedDocument {
  readonly document: SegmentDocument;
  readonly json: string;
}

/**
 * What became of one span: its documents, or why the exporter sends none (it drops the span,
 * or it panics on it and takes the collector down).
 */
export type SpanOutcome =
  | { readonly kind: 'documents'; readonly documents: readonly TranslatedDocument[] }
  | { readonly kind: 'dropped'; readonly reason: DropReason; readonly detail: string }
  | { readonly kind: 'crash'; readonly reason: CrashReason; readonly detail: string };

/** Exporter settings that change translation (`config.go` plus the two beta feature gates). */
export interface TranslateOptions {
  /** `indexed_attributes`. */
  readonly indexedAttributes: readonly string[];
  /** `index_all_attributes`. */
  readonly indexAllAttributes: boolean;
  /** Feature gate `exporter.awsxray.skiptimestampvalidation` (beta: on). */
  readonly skipTimestampValidation: boolean;
  /** Feature gate `exporter.xray.allowDot` (beta: on). */
  readonly allowDot: boolean;
  /** `aws_log_groups`. */
  readonly logGroupNames: readonly string[];
  /** Clock for trace-ID timestamp validation, in epoch seconds. */
  readonly nowSeconds?: () => number;
  /** Source of the random 16-hex IDs (exception ids, local-root service segment id). */
  readonly newId?: () => string;
}

export const DEFAULT_TRANSLATE_OPTIONS: TranslateOptions = {
  indexedAttributes: [],
  indexAllAttributes: false,
  skipTimestampValidation: true,
  allowDot: true,
  logGroupNames: [],
};

/**
 * A span as the exporter's functions see it: the decoded span with its attributes copied into
 * a pdata-like map, which the translation edits (the in-progress flag and, for a local root's
 * service segment, the remote attributes are removed) without touching the decoded span.
 */
export interface WorkSpan extends Omit<Span, 'attributes'> {
  readonly attributes: PdataMap;
}
