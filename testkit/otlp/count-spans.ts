/**
 * Counts the spans of an ExportTraceServiceRequest without decoding them: it walks only the
 * nesting (resource_spans 1 → scope_spans 2 → spans 2) and skips every span's payload, so a
 * counting receiver costs little next to the process it measures. Built on the preview's wire
 * reader, so corrupt input fails the same way (OtlpDecodeError → INVALID_ARGUMENT).
 */
import { WireReader, WireType } from '../../apps/xray-preview/src/otlp/wire-reader.js';

const RESOURCE_SPANS = (1 << 3) | WireType.LEN;
const SCOPE_SPANS = (2 << 3) | WireType.LEN;
const SPANS = (2 << 3) | WireType.LEN;

/** Calls `each(reader)` for every embedded message of field `tag`, skipping other fields. */
function forEachField(r: WireReader, tag: number, each: (sub: WireReader) => void): void {
  while (!r.done) {
    const t = r.varint();
    if (t === tag) each(r.sub());
    else r.skip(t & 7);
  }
}

export function countSpans(request: Buffer): number {
  let count = 0;
  forEachField(new WireReader(request), RESOURCE_SPANS, (resourceSpans) =>
    forEachField(resourceSpans, SCOPE_SPANS, (scopeSpans) =>
      forEachField(scopeSpans, SPANS, () => {
        count += 1;
      }),
    ),
  );
  return count;
}
