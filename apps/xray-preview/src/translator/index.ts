/**
 * OTel span → X-Ray segment documents, following ../../../../shared/xray-translation-spec.md
 * (the collector's awsxray exporter). One file per spec section; all functions are pure
 * apart from the random IDs (injectable through TranslateOptions.newId).
 */
import type { ResourceSpans } from '../model.js';
import { makeSegmentsFromSpan } from './local-root.js';
import type { SegmentDocument, TranslateOptions } from './types.js';

export { makeSegmentsFromSpan } from './local-root.js';
export { InvalidTraceIdError, toXRayTraceId } from './trace-id.js';
export type { SegmentDocument, TranslateOptions } from './types.js';
export { DEFAULT_TRANSLATE_OPTIONS } from './types.js';

export interface TranslatedBatch {
  readonly documents: SegmentDocument[];
  /** Spans dropped because translation failed (bad trace ID, bad link trace ID). */
  readonly droppedSpans: number;
  /** The first failure's message, for OTLP partial_success.error_message. */
  readonly firstError: string | undefined;
}

/** Every span of the batch, each with its resource; failures drop only that span. */
export function translateBatch(
  batch: readonly ResourceSpans[],
  options: TranslateOptions,
): TranslatedBatch {
  const documents: SegmentDocument[] = [];
  let droppedSpans = 0;
  let firstError: string | undefined;
  for (const { resource, spans } of batch) {
    for (const span of spans) {
      try {
        documents.push(...makeSegmentsFromSpan(span, resource, options));
      } catch (error) {
        droppedSpans++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  }
  return { documents, droppedSpans, firstError };
}
