/** Spec §11 (`span_links.go: makeSpanLinks`): one entry per span link, trace ID converted. */
import type { SpanLink } from '../model.js';
import { sortedObject, toRaw } from './attributes.js';
import { toXRayTraceId } from './trace-id.js';
import type { LinkData } from './types.js';

/** Throws InvalidTraceIdError (dropping the whole span) when a link's trace ID fails the gate. */
export function makeLinks(
  links: readonly SpanLink[],
  skipTimestampValidation: boolean,
  nowSeconds?: () => number,
): LinkData[] | undefined {
  if (links.length === 0) return undefined;
  return links.map((link) => {
    const data: LinkData = {
      trace_id: toXRayTraceId(link.traceId, skipTimestampValidation, nowSeconds),
      id: link.spanId,
    };
    if (link.attributes.size > 0) data.attributes = sortedObject(link.attributes, toRaw);
    return data;
  });
}
