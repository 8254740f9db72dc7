/**
 * The translation half of the preview's contract: the exporter release it mirrors, the settings
 * it translates with, and the spans X-Ray will never show (why, and how /api/warnings lists
 * them). Re-exported by contract.ts; dependency-free like it.
 */

/**
 * The exporter the translator mirrors: the `awsxray` exporter vendored in the ADOT Collector
 * image the deployment runs. The ADOT tag must equal the tag of `ADOT_COLLECTOR_IMAGE` (a test
 * checks it); when the image moves, re-read the vendored exporter and move both together.
 */
export const MIRRORED_EXPORTER = {
  /** ADOT Collector release (the image tag). */
  adotCollector: 'v0.49.0',
  /** opentelemetry-collector-contrib version its vendor tree pins the exporter at. */
  collectorContrib: 'v0.156.0',
  /** Go package path of the exporter inside collector-contrib. */
  component: 'exporter/awsxrayexporter',
} as const;

export type MirroredExporter = typeof MIRRORED_EXPORTER;

/**
 * Spans the pinned exporter translates, then silently leaves out of PutTraceSegments. The
 * collector keeps running; only that span is lost.
 */
export const DROP_REASONS = {
  'non-finite-number':
    "a NaN or ±Infinity value reaches the segment document; Go's encoding/json refuses it, so the exporter drops the whole span",
  'trace-id-out-of-window':
    'the trace id is not an X-Ray trace id: its first 4 bytes are not a time within the last 28 days (checked only when the skip-timestamp-validation feature gate is off)',
  'link-trace-id-out-of-window':
    "a span link's trace id fails the same time check, and the exporter drops the span that carries the link",
} as const;

/**
 * Spans that make the pinned exporter panic. Nothing recovers the panic: the collector process
 * exits, and the batch the span travelled in is lost with it.
 */
export const CRASH_REASONS = {
  'local-root-dependency-not-aws':
    'a LOCAL_ROOT CLIENT/PRODUCER/CONSUMER span whose resource cloud.provider is not "aws": the exporter builds no aws block, then clears fields of it (nil pointer dereference)',
  'java-stack-trace':
    'a Java/PHP stack trace with a "Caused by: …:" line that ends in the colon (slice out of range)',
  'python-stack-trace':
    'a malformed Python traceback: a "  File" line with a one-character file part, a "During handling…" line within two lines of the frame above it, or a chained message that ends in its first colon (slice out of range)',
  'dotnet-stack-trace':
    'a .NET stack frame "at in …" or one ending in ":line" with no number (slice out of range)',
} as const;

/** Spans of the same OTLP request as a crashing span: the collector died before sending them. */
export const LOST_WITH_CRASH = 'lost-with-crashed-batch' as const;

export type DropReason = keyof typeof DROP_REASONS;
export type CrashReason = keyof typeof CRASH_REASONS;
export type WarningReason = DropReason | CrashReason | typeof LOST_WITH_CRASH;

/** Every reason, in the order the UI lists them, with a one-line explanation. */
export const WARNING_REASONS: Readonly<Record<WarningReason, string>> = {
  ...DROP_REASONS,
  ...CRASH_REASONS,
  [LOST_WITH_CRASH]:
    'sent in the same request as a span that crashes the exporter; the collector exits before sending the batch',
};

/** Short labels for the UI, one per reason. */
export const WARNING_LABELS: Readonly<Record<WarningReason, string>> = {
  'non-finite-number': 'NaN or ±Infinity value',
  'trace-id-out-of-window': 'trace id outside 28 days',
  'link-trace-id-out-of-window': 'link trace id outside 28 days',
  'local-root-dependency-not-aws': 'crash: local root without aws',
  'java-stack-trace': 'crash: Java stack trace',
  'python-stack-trace': 'crash: Python traceback',
  'dotnet-stack-trace': 'crash: .NET stack trace',
  [LOST_WITH_CRASH]: 'lost with a crashing span',
};

/** One span X-Ray will never show, and why. */
export interface SpanWarning {
  readonly reason: WarningReason;
  /** `dropped`: only this span is lost; `crash`: it takes the collector down; `lost`: collateral. */
  readonly kind: 'dropped' | 'crash' | 'lost';
  /** What in the span triggered it (attribute, stack line, trace id), for the developer. */
  readonly detail: string;
  /** Resource `service.name`, '' when absent. */
  readonly service: string;
  readonly spanName: string;
  /** X-Ray form `1-xxxxxxxx-…`, as the UI shows trace ids. */
  readonly traceId: string;
  /** 16 hex digits, '' when the span has none. */
  readonly spanId: string;
  /** Span start, epoch seconds. */
  readonly startTime: number;
  /** When the preview received it, epoch milliseconds. */
  readonly receivedAt: number;
}

/** `GET /api/warnings`: newest first, at most `capacity` entries kept. */
export interface WarningsResponse {
  readonly warnings: readonly SpanWarning[];
  /** Warnings since start, including those no longer listed. */
  readonly total: number;
  readonly capacity: number;
}

/** Path of the warnings list. */
export const WARNINGS_PATH = '/api/warnings';

/** Exporter settings the preview translates with, as `/api/stats` reports them. */
export interface TranslationSettings {
  readonly indexedAttributes: readonly string[];
  readonly indexAllAttributes: boolean;
  /** Feature gate `exporter.awsxray.skiptimestampvalidation` (beta in the pinned release: on). */
  readonly skipTimestampValidation: boolean;
  /** Feature gate `exporter.xray.allowDot` (beta in the pinned release: on). */
  readonly allowDot: boolean;
}

/** The translation part of `GET /api/stats`. */
export interface TranslationStats {
  readonly exporter: MirroredExporter;
  readonly settings: TranslationSettings;
  /** Spans kept out of the map, by reason (every reason present, zero when none). */
  readonly spansDropped: Readonly<Record<WarningReason, number>>;
}
