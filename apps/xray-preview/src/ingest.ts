/**
 * Decoded OTLP batch → (the port's policy) → translated documents → store; shared by the gRPC
 * and HTTP receivers.
 */
import type { IngestPolicy } from './contract.js';
import type { ResourceSpans } from './model.js';
import type { PartialSuccess } from './otlp/decode.js';
import { applyPolicy, isRestrictive } from './policy.js';
import type { RefusalCounters } from './store/refusals.js';
import type { TraceStore } from './store/trace-store.js';
import { translateBatch } from './translator/index.js';
import type { TranslateOptions } from './translator/types.js';

/** Ingests one request's spans; `policy` is the receiving port's (none on gRPC). */
export type Ingest = (
  batch: readonly ResourceSpans[],
  policy?: IngestPolicy,
) => PartialSuccess | undefined;

function countSpans(batch: readonly ResourceSpans[]): number {
  let spans = 0;
  for (const rs of batch) spans += rs.spans.length;
  return spans;
}

export function createIngest(
  store: TraceStore,
  refusals: RefusalCounters,
  options: TranslateOptions,
): Ingest {
  return (batch, policy) => {
    const received = countSpans(batch);
    let accepted: readonly ResourceSpans[] = batch;
    let refused = 0;
    let reason: string | undefined;
    if (policy !== undefined && isRestrictive(policy)) {
      const outcome = applyPolicy(batch, policy);
      accepted = outcome.accepted;
      for (const [why, count] of outcome.refused) {
        refusals.refuseSpans(why, count);
        refused += count;
      }
      reason = outcome.firstReason;
    }
    const result = translateBatch(accepted, options);
    const spanNames = new Map<string, string>();
    for (const rs of accepted) for (const span of rs.spans) spanNames.set(span.spanId, span.name);
    const tooLarge = store.add(result.documents, received, result.droppedSpans, spanNames);
    if (tooLarge > 0) refusals.refuseSpans('document_too_large', tooLarge);
    const rejected = refused + result.droppedSpans + tooLarge;
    if (rejected === 0) return undefined;
    // The exporter drops untranslatable spans silently, and X-Ray refuses oversize documents
    // after the fact; the preview reports both, and policy refusals, as OTLP partial success.
    return {
      rejectedSpans: rejected,
      errorMessage:
        reason ??
        result.firstError ??
        `document_too_large: ${tooLarge} segment document(s) over X-Ray's 64 KB limit; ` +
          'X-Ray would not store them',
    };
  };
}
