/**
 * OTel spans → X-Ray segment documents, as the `awsxray` exporter of the pinned ADOT Collector
 * does it (docs/xray-translation.md). Nothing here throws for a span: each one ends as its
 * documents, or as the reason the exporter would drop it or crash on it.
 */
import type { ResourceSpans, Span } from '../model.js';
import { encodeDocument, UnsupportedValueError } from './go-json.js';
import { makeSegmentsFromSpan } from './local-root.js';
import { PdataMap } from './pdata.js';
import { ExporterPanic, SpanDropped } from './signals.js';
import type { SpanOutcome, TranslateOptions } from './types.js';

export { toXRayTraceId } from './trace-id.js';
export type {
  SegmentDocument,
  SpanOutcome,
  TranslateOptions,
  TranslatedDocument,
} from './types.js';
export { DEFAULT_TRANSLATE_OPTIONS } from './types.js';

/**
 * `segment.go: MakeSegmentDocuments`: the span's documents and their text, or why there are none.
 * One document that cannot be written loses all of the span's documents.
 */
export function translateSpan(
  span: Span,
  resource: PdataMap,
  options: TranslateOptions,
): SpanOutcome {
  try {
    const documents = makeSegmentsFromSpan(span, resource, options).map((document) => ({
      document,
      json: encodeDocument(document),
    }));
    return { kind: 'documents', documents };
  } catch (error) {
    if (error instanceof SpanDropped) {
      return { kind: 'dropped', reason: error.reason, detail: error.message };
    }
    if (error instanceof UnsupportedValueError) {
      return { kind: 'dropped', reason: 'non-finite-number', detail: error.message };
    }
    if (error instanceof ExporterPanic) {
      return { kind: 'crash', reason: error.reason, detail: error.message };
    }
    throw error;
  }
}

export interface SpanResult {
  readonly span: Span;
  /** The span's resource, as decoded. */
  readonly resource: ResourceSpans['resource'];
  readonly outcome: SpanOutcome;
}

/** `awsxray.go: extractResourceSpans`: every span of the request, each with its resource. */
export function translateBatch(
  batch: readonly ResourceSpans[],
  options: TranslateOptions,
): SpanResult[] {
  const results: SpanResult[] = [];
  for (const { resource, spans } of batch) {
    const pdataResource = new PdataMap(resource);
    for (const span of spans) {
      results.push({ span, resource, outcome: translateSpan(span, pdataResource, options) });
    }
  }
  return results;
}
