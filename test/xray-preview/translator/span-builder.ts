/** Builds spans in the internal model for translator tests, with readable attribute literals. */
import type {
  AttrMap,
  AttrValue,
  Span,
  SpanEvent,
  SpanLink,
} from '../../../apps/xray-preview/src/model.js';
import {
  appendAttribute,
  OtlpDouble,
  SpanKind,
  StatusCode,
} from '../../../apps/xray-preview/src/model.js';
import { translateSpan } from '../../../apps/xray-preview/src/translator/index.js';
import { PdataMap } from '../../../apps/xray-preview/src/translator/pdata.js';
import type {
  SegmentDocument,
  SpanOutcome,
  TranslateOptions,
} from '../../../apps/xray-preview/src/translator/types.js';
import { DEFAULT_TRANSLATE_OPTIONS } from '../../../apps/xray-preview/src/translator/types.js';

export { SpanKind, StatusCode };

/** An OTLP double; plain integer literals are OTLP ints, other numbers doubles. */
export function double(value: number): OtlpDouble {
  return new OtlpDouble(value);
}

function literal(value: AttrValue): AttrValue {
  if (typeof value === 'number' && !Number.isInteger(value)) return new OtlpDouble(value);
  if (Array.isArray(value)) return value.map(literal);
  return value;
}

/** 2023-11-14T22:13:20Z; trace IDs below start with this epoch (0x6553f100). */
export const NOW_SECONDS = 1_700_000_000;
export const TRACE_ID = '6553f1005c9a8d1e2f3a4b5c6d7e8f90';
export const XRAY_TRACE_ID = '1-6553f100-5c9a8d1e2f3a4b5c6d7e8f90';

export function attrs(record: Record<string, AttrValue> = {}): AttrMap {
  return entries(Object.entries(record));
}

/** Attributes from key/value pairs, in order; a key may repeat, as it may on the wire. */
export function entries(pairs: readonly (readonly [string, AttrValue])[]): AttrMap {
  const map: AttrMap = new Map();
  for (const [key, value] of pairs) appendAttribute(map, key, literal(value));
  return map;
}

export interface SpanInput {
  readonly traceId?: string;
  readonly spanId?: string;
  readonly parentSpanId?: string;
  readonly name?: string;
  readonly kind?: SpanKind;
  readonly start?: number;
  readonly end?: number;
  readonly attributes?: Record<string, AttrValue> | AttrMap;
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
    attributes: input.attributes instanceof Map ? input.attributes : attrs(input.attributes),
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

/** What becomes of the span: its documents, or why there are none. */
export function outcome(
  input: SpanInput,
  resource: Record<string, AttrValue> | AttrMap = {},
  overrides: Partial<TranslateOptions> = {},
): SpanOutcome {
  const map = resource instanceof Map ? resource : attrs(resource);
  return translateSpan(span(input), new PdataMap(map), options(overrides));
}

function documents(result: SpanOutcome): SegmentDocument[] {
  if (result.kind !== 'documents') {
    throw new Error(`expected documents, got ${result.kind}: ${result.reason} (${result.detail})`);
  }
  return result.documents.map((d) => d.document);
}

/** Translates and returns the single document (most rules make exactly one). */
export function translate(
  input: SpanInput,
  resource: Record<string, AttrValue> | AttrMap = {},
  overrides: Partial<TranslateOptions> = {},
): SegmentDocument {
  const docs = documents(outcome(input, resource, overrides));
  if (docs.length !== 1 || docs[0] === undefined) {
    throw new Error(`expected one document, got ${docs.length}`);
  }
  return docs[0];
}

/** The documents as the exporter's JSON text parses back. */
export function translateAll(
  input: SpanInput,
  resource: Record<string, AttrValue> | AttrMap = {},
  overrides: Partial<TranslateOptions> = {},
): SegmentDocument[] {
  const result = outcome(input, resource, overrides);
  documents(result);
  if (result.kind !== 'documents') return [];
  return result.documents.map((d) => JSON.parse(d.json) as SegmentDocument);
}

/** The exact text of the single document. */
export function documentJson(
  input: SpanInput,
  resource: Record<string, AttrValue> | AttrMap = {},
  overrides: Partial<TranslateOptions> = {},
): string {
  const result = outcome(input, resource, overrides);
  if (result.kind !== 'documents' || result.documents.length !== 1) {
    throw new Error(`expected one document, got ${result.kind}`);
  }
  return result.documents[0]?.json ?? '';
}
