/**
 * `span_links.go: makeSpanLinks`: one entry per span link, trace id converted. A link whose
 * trace id fails the time check drops the whole span. See docs/xray-translation.md, "Links".
 */
import type { SpanLink } from '../model.js';
import { attributeEntries } from '../model.js';
import type { RawValue } from './pdata.js';
import { asRaw, setKey } from './pdata.js';
import { SpanDropped } from './signals.js';
import { toXRayTraceId, traceIdProblem } from './trace-id.js';
import type { LinkData } from './types.js';

export function makeLinks(
  links: readonly SpanLink[],
  skipTimestampValidation: boolean,
  nowSeconds?: () => number,
): LinkData[] | undefined {
  if (links.length === 0) return undefined;
  return links.map((link) => {
    const problem = traceIdProblem(link.traceId, skipTimestampValidation, nowSeconds);
    if (problem !== undefined) {
      throw new SpanDropped(
        'link-trace-id-out-of-window',
        `link trace id ${link.traceId}: ${problem}`,
      );
    }
    const data: LinkData = { trace_id: toXRayTraceId(link.traceId), id: link.spanId };
    if (link.attributes.size > 0) {
      const attributes: Record<string, RawValue> = {};
      for (const [key, value] of attributeEntries(link.attributes))
        setKey(attributes, key, asRaw(value));
      data.attributes = attributes;
    }
    return data;
  });
}
