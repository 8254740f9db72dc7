/**
 * Decoded OTLP request → (the port's policy) → translated documents → store; shared by the gRPC
 * and HTTP receivers. Spans the exporter would not send are kept out of the map and listed as
 * warnings.
 *
 * A span that makes the exporter panic takes the collector down. In the deployed pipeline
 * (memory_limiter → batch → awsxray, no sending queue) the export runs on the batch processor's
 * goroutine, nothing recovers the panic, and the process exits with the batch that held the
 * span. The batch processor never splits a request, so at least the whole request is lost: the
 * preview drops every span of that request. Spans of other requests in the same batch, and the
 * restart gap, it cannot know about (docs/xray-preview.md, "Spans X-Ray will never show").
 */
import type { IngestPolicy, SpanWarning } from './contract.js';
import { LOST_WITH_CRASH } from './contract.js';
import type { ResourceSpans } from './model.js';
import type { PartialSuccess } from './otlp/decode.js';
import { applyPolicy, isRestrictive } from './policy.js';
import type { RefusalCounters } from './store/refusals.js';
import type { TraceStore } from './store/trace-store.js';
import type { SpanResult } from './translator/index.js';
import { toXRayTraceId, translateBatch } from './translator/index.js';
import type { TranslatedDocument, TranslateOptions } from './translator/types.js';

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

function warning(
  result: SpanResult,
  fields: Pick<SpanWarning, 'reason' | 'kind' | 'detail'>,
  receivedAt: number,
): SpanWarning {
  const service = result.resource.get('service.name');
  return {
    ...fields,
    service: typeof service === 'string' ? service : '',
    spanName: result.span.name,
    traceId: toXRayTraceId(result.span.traceId),
    spanId: result.span.spanId,
    startTime: result.span.startTimeUnixNano / 1e9,
    receivedAt,
  };
}

/** Documents to store and warnings to list for one request. */
export function sortOutcomes(
  results: readonly SpanResult[],
  receivedAt: number,
): { documents: TranslatedDocument[]; warnings: SpanWarning[] } {
  const crashed = results.find((r) => r.outcome.kind === 'crash');
  const documents: TranslatedDocument[] = [];
  const warnings: SpanWarning[] = [];
  for (const result of results) {
    const { outcome } = result;
    if (outcome.kind === 'dropped' || outcome.kind === 'crash') {
      const kind = outcome.kind === 'crash' ? 'crash' : 'dropped';
      warnings.push(
        warning(result, { reason: outcome.reason, kind, detail: outcome.detail }, receivedAt),
      );
    } else if (crashed !== undefined) {
      const detail = `sent with span "${crashed.span.name}" (${crashed.span.spanId}), which crashes the exporter`;
      warnings.push(warning(result, { reason: LOST_WITH_CRASH, kind: 'lost', detail }, receivedAt));
    } else {
      documents.push(...outcome.documents);
    }
  }
  return { documents, warnings };
}

/** The first reasons why spans will not reach X-Ray, for OTLP partial_success. */
function warningsMessage(warnings: readonly SpanWarning[]): string {
  const reasons = [...new Set(warnings.map((w) => w.reason))];
  const first = warnings[0];
  return (
    `${warnings.length} span(s) will never reach X-Ray (${reasons.join(', ')}); ` +
    `first: "${first?.spanName ?? ''}": ${first?.detail ?? ''}. The preview lists them at /api/warnings.`
  );
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
    const results = translateBatch(accepted, options);
    const { documents, warnings } = sortOutcomes(results, Date.now());
    const spanNames = new Map<string, string>();
    for (const rs of accepted) for (const span of rs.spans) spanNames.set(span.spanId, span.name);
    const tooLarge = store.add(documents, received, warnings, spanNames);
    if (tooLarge > 0) refusals.refuseSpans('document_too_large', tooLarge);
    const rejected = refused + warnings.length + tooLarge;
    if (rejected === 0) return undefined;
    // The exporter drops untranslatable spans (and crashes on some), and X-Ray refuses oversize
    // documents after the fact; the preview reports those, and policy refusals, as OTLP partial
    // success.
    return {
      rejectedSpans: rejected,
      errorMessage:
        reason ??
        (warnings.length > 0 ? warningsMessage(warnings) : undefined) ??
        `document_too_large: ${tooLarge} segment document(s) over X-Ray's 64 KB limit; ` +
          'X-Ray would not store them',
    };
  };
}
