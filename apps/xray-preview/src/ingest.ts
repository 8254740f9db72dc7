/** Decoded OTLP batch → translated documents → store; shared by the gRPC and HTTP receivers. */
import type { ResourceSpans } from './model.js';
import type { PartialSuccess } from './otlp/decode.js';
import type { TraceStore } from './store/trace-store.js';
import { translateBatch } from './translator/index.js';
import type { TranslateOptions } from './translator/types.js';

export type Ingest = (batch: readonly ResourceSpans[]) => PartialSuccess | undefined;

export function createIngest(store: TraceStore, options: TranslateOptions): Ingest {
  return (batch) => {
    let spans = 0;
    for (const rs of batch) spans += rs.spans.length;
    const result = translateBatch(batch, options);
    store.add(result.documents, spans, result.droppedSpans);
    if (result.droppedSpans === 0) return undefined;
    // The exporter drops such spans silently; the preview reports them as OTLP partial success.
    return {
      rejectedSpans: result.droppedSpans,
      errorMessage: result.firstError ?? 'spans could not be translated',
    };
  };
}
