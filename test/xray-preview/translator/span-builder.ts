/** Builds spans in the internal model for translator tests, with readable attribute literals. */
import type {
  AttrMap,
  AttrValue,
  Span,
  SpanEvent,
  SpanLink,
} from '../../../apps/xray-preview/src/model.js';
import { SpanKind, StatusCode } from '../../../apps/xray-preview/src/model.js';
import { makeSegmentsFromSpan } from '../../../apps/xray-preview/src/translator/index.js';
import type {
  SegmentDocument,
  TranslateOptions,
} from '../../../apps/xray-preview/src/translator/types.js';
import { DEFAULT_TRANSLATE_OPTIONS } from '../../../apps/xray-preview/src/translator/types.js';

export { SpanKind, StatusCode };

/** 2023-11-14T22:13:20Z; trace IDs below start with this epoch (0x6553f100). */
export const NOW_SECONDS = 1_700_000_000;
export const TRACE_ID = '6553f1005c9a8d1e2f3a4b5c6d7e8f90';
export const XRAY_TRACE_ID = '1-6553f100-5c9a8d1e2f3a4b5c6d7e8f90';

export function attrs(record: Record<string, AttrValue> = {}): AttrMap {
  return new Map(Object.entries(record));
}

export interface SpanInput {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly parentSpanId?: string;
  readonly name?: string;
  readonly kind?: SpanKind;
  readonly start?: number;
  readonly end?: number;
  readonly attributes?: Record<string, AttrValue>;
  readonly events?: {
    name: string;
    timeUnixNano?: bigint;
    attributes?: Record<string, AttrValue>;
  }[];
  readonly links?: { traceId: string; spanId: string; attributes?: Record<string, AttrValue> }[];
  readonly status?: { code: StatusCode; message?: string };
}

export function span(input: SpanInput = {}): Span {
  const events: SpanEvent[] = (input.events ?? []).map((e) => ({
    name: e.name,
    timeUnixNano: e.timeUnixNano ?? 1_700_000_000_000_000_000n,
    attributes: attrs(e.attributes),
  }));
  const links: SpanLink[] = (input.links ?? []).map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    attributes: attrs(l.attributes),
  }));
  return {
    traceId: input.traceId ?? TRACE_ID,
    spanId: input.spanId ?? 'aaaaaaaaaaaaaaaa',
    parentSpanId: input.parentSpanId ?? '',
    name: input.name ?? 'span-name',
    kind: input.kind ?? SpanKind.SERVER,
    startTimeUnixNano: input.start ?? 1_700_000_000_000_000_000,
    endTimeUnixNano: input.end ?? 1_700_000_000_500_000_000,
    attributes: attrs(input.attributes),
    events,
    links,
    status: { code: input.status?.code ?? StatusCode.UNSET, message: input.status?.message ?? '' },
  };
}

let counter = 0;
/** Deterministic ids so tests can follow chains; real runs use random ones. */
export function sequentialIds(): () => string {
  return () => (++counter).toString(16).padStart(16, '0');
}

export function options(overrides: Partial<TranslateOptions> = {}): TranslateOptions {
  return { ...DEFAULT_TRANSLATE_OPTIONS, nowSeconds: () => NOW_SECONDS, ...overrides };
}

/** Translates and returns the single document (most rules make exactly one). */
export function translate(
  input: SpanInput,
  resource: Record<string, AttrValue> = {},
  overrides: Partial<TranslateOptions> = {},
): SegmentDocument {
  const docs = makeSegmentsFromSpan(span(input), attrs(resource), options(overrides));
  if (docs.length !== 1 || docs[0] === undefined) {
    throw new Error(`expected one document, got ${docs.length}`);
  }
  return docs[0];
}

/** The documents as the exporter's JSON would parse back. */
export function translateAll(
  input: SpanInput,
  resource: Record<string, AttrValue> = {},
  overrides: Partial<TranslateOptions> = {},
): SegmentDocument[] {
  return makeSegmentsFromSpan(span(input), attrs(resource), options(overrides)).map(
    (doc) => JSON.parse(JSON.stringify(doc)) as SegmentDocument,
  );
}
