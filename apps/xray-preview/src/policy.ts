/**
 * The browser port's ingest policy: what the public web collector would accept from task-web,
 * applied to a decoded request before translation. Spans are refused, never altered.
 *
 * The collector drops such spans in its filter processor, and its receiver still answers a plain
 * success (the processor's "skip" result is not an error). The preview answers OTLP partial
 * success instead, with the count and the first reason, so a developer sees why; to an OTLP
 * exporter both are a 200 that needs no retry.
 */
import type { IngestPolicy, SpanRefusalReason } from './contract.js';
import type { AttrMap, AttrValue, ResourceSpans, Span } from './model.js';

const SERVICE_NAME = 'service.name';
const LOCAL_SERVICE = 'aws.local.service';

export interface PolicyOutcome {
  readonly accepted: ResourceSpans[];
  /** Refused spans by reason (only reasons that occurred). */
  readonly refused: ReadonlyMap<SpanRefusalReason, number>;
  /** The first refusal, as a sentence for partial_success.error_message. */
  readonly firstReason: string | undefined;
}

export function isRestrictive(policy: IngestPolicy): boolean {
  return (
    policy.serviceNames !== undefined ||
    policy.maxSpansPerRequest !== undefined ||
    policy.maxAttributeValueLength !== undefined
  );
}

export function applyPolicy(batch: readonly ResourceSpans[], policy: IngestPolicy): PolicyOutcome {
  const refused = new Map<SpanRefusalReason, number>();
  let firstReason: string | undefined;
  const refuse = (reason: SpanRefusalReason, count: number, why: string): void => {
    if (count === 0) return;
    refused.set(reason, (refused.get(reason) ?? 0) + count);
    firstReason ??= why;
  };

  const total = batch.reduce((sum, rs) => sum + rs.spans.length, 0);
  const maxSpans = policy.maxSpansPerRequest;
  if (maxSpans !== undefined && total > maxSpans) {
    refuse(
      'too_many_spans',
      total,
      `too_many_spans: the request holds ${total} spans; this port takes at most ${maxSpans} per request`,
    );
    return { accepted: [], refused, firstReason };
  }

  const allowed = policy.serviceNames === undefined ? undefined : new Set(policy.serviceNames);
  const maxLength = policy.maxAttributeValueLength;
  const accepted: ResourceSpans[] = [];
  for (const rs of batch) {
    const resourceService = serviceOf(rs.resource, allowed);
    if (resourceService !== undefined) {
      refuse('service_not_allowed', rs.spans.length, notAllowed(resourceService, allowed));
      continue;
    }
    const longResource = maxLength === undefined ? undefined : longKey(rs.resource, maxLength);
    if (longResource !== undefined) {
      refuse('attribute_too_long', rs.spans.length, tooLong(`resource ${longResource}`, maxLength));
      continue;
    }
    const spans: Span[] = [];
    for (const span of rs.spans) {
      const localService = allowed === undefined ? undefined : localServiceOf(span, allowed);
      const long = maxLength === undefined ? undefined : longSpanKey(span, maxLength);
      if (localService !== undefined) {
        refuse('service_not_allowed', 1, notAllowed(localService, allowed));
      } else if (long !== undefined) {
        refuse('attribute_too_long', 1, tooLong(long, maxLength));
      } else {
        spans.push(span);
      }
    }
    if (spans.length > 0) accepted.push({ resource: rs.resource, spans });
  }
  return { accepted, refused, firstReason };
}

/** The resource's offending service (`service.name` or `aws.local.service`), if any. */
function serviceOf(resource: AttrMap, allowed: Set<string> | undefined): string | undefined {
  if (allowed === undefined) return undefined;
  const name = resource.get(SERVICE_NAME);
  const text = typeof name === 'string' ? name : '';
  if (!allowed.has(text)) return text;
  const local = resource.get(LOCAL_SERVICE);
  if (local !== undefined && !allowed.has(String(local))) return String(local);
  return undefined;
}

function localServiceOf(span: Span, allowed: Set<string>): string | undefined {
  const local = span.attributes.get(LOCAL_SERVICE);
  return local !== undefined && !allowed.has(String(local)) ? String(local) : undefined;
}

function notAllowed(service: string, allowed: Set<string> | undefined): string {
  const list = [...(allowed ?? [])].join(', ');
  const shown = service === '' ? 'no service.name' : `service "${service.slice(0, 64)}"`;
  return `service_not_allowed: ${shown} is not accepted on this port (allowed: ${list})`;
}

function tooLong(where: string, max: number | undefined): string {
  return `attribute_too_long: ${where} is longer than ${max} characters`;
}

function tooLongValue(value: AttrValue, max: number): boolean {
  if (typeof value === 'string') return value.length > max;
  if (value instanceof Uint8Array) return value.length > max;
  if (Array.isArray(value)) return value.some((item) => tooLongValue(item, max));
  if (value instanceof Map) return longKey(value, max) !== undefined;
  return false;
}

/** The first attribute key whose value (or any element of it) is too long. */
function longKey(attributes: AttrMap, max: number): string | undefined {
  for (const [key, value] of attributes) {
    if (tooLongValue(value, max)) return `attribute "${key.slice(0, 64)}"`;
  }
  return undefined;
}

function longSpanKey(span: Span, max: number): string | undefined {
  const own = longKey(span.attributes, max);
  if (own !== undefined) return `span ${own}`;
  for (const event of span.events) {
    const key = longKey(event.attributes, max);
    if (key !== undefined) return `event ${key}`;
  }
  for (const link of span.links) {
    const key = longKey(link.attributes, max);
    if (key !== undefined) return `link ${key}`;
  }
  return undefined;
}
