/**
 * The X-Ray segment document as `internal/aws/xray/tracesegment.go` serialises it. Field order
 * follows that struct so our JSON reads like the exporter's. Optional fields are left out
 * (Go's omitempty / nil pointers); `fault`, `error` and `throttle` are always present.
 */
import type { RawValue } from './attributes.js';

export interface StackFrame {
  path: string;
  line: number;
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
  response: { status?: number; content_length: number };
}

export interface AwsData {
  elastic_beanstalk?: {
    environment_name: string | null;
    version_label: string | null;
    deployment_id: number;
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

export type Annotations = Record<string, string | number | boolean>;
export type Metadata = Record<string, Record<string, RawValue> | null>;

export interface SegmentDocument {
  name: string;
  id?: string;
  start_time: number;
  service?: { version?: string };
  origin?: string;
  user?: string;
  links?: LinkData[];
  trace_id: string;
  end_time: number;
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
