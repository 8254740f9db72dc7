// The compact, structured-cloneable form in which finished spans cross to the export worker, and the
// way back to the shape the OTLP serializer reads. Resources and scopes are sent once and then
// referred to by number: every span of a process shares them, and the serializer groups spans by
// object identity.
import type {
  Attributes,
  HrTime,
  Link,
  SpanContext,
  SpanKind,
  SpanStatus,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

export interface CompactSpan {
  readonly n: string;
  readonly k: SpanKind;
  readonly t: string;
  readonly s: string;
  readonly f: number;
  readonly ts: string | undefined;
  readonly p: string | undefined;
  readonly pr: boolean | undefined;
  readonly st: HrTime;
  readonly et: HrTime;
  readonly a: Attributes;
  readonly ev: TimedEvent[] | undefined;
  readonly l: CompactLink[] | undefined;
  readonly sc: SpanStatus;
  readonly r: number;
  readonly i: number;
  readonly da: number;
  readonly de: number;
  readonly dl: number;
}

interface CompactLink {
  readonly t: string;
  readonly s: string;
  readonly f: number;
  readonly a: Attributes | undefined;
  readonly d: number;
}

export interface ResourceDef {
  readonly id: number;
  readonly attributes: Attributes;
  readonly schemaUrl: string | undefined;
}

export interface ScopeDef {
  readonly id: number;
  readonly scope: InstrumentationScope;
}

/** Main thread -> worker. */
export type ToWorker =
  | {
      readonly type: 'export';
      readonly id: number;
      readonly resources: ResourceDef[];
      readonly scopes: ScopeDef[];
      readonly spans: CompactSpan[];
    }
  | { readonly type: 'shutdown' };

/** Worker -> main thread. */
export type FromWorker =
  | { readonly type: 'result'; readonly id: number; readonly ok: boolean; readonly error?: string }
  | { readonly type: 'shutdown-done' };

/** Numbers resources and scopes on the main thread and remembers which ones the worker has seen. */
export class Dictionary<T extends object> {
  private readonly ids = new WeakMap<T, number>();
  private next = 0;

  /** Returns the id of `value` and whether it is new (then the caller sends its definition). */
  idOf(value: T): [id: number, isNew: boolean] {
    const known = this.ids.get(value);
    if (known !== undefined) return [known, false];
    const id = this.next++;
    this.ids.set(value, id);
    return [id, true];
  }
}

/** Attributes without the undefined placeholders the service's own spans may hold. */
function defined(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const key in attributes) if (attributes[key] !== undefined) out[key] = attributes[key];
  return out;
}

export function compactSpan(span: ReadableSpan, resourceId: number, scopeId: number): CompactSpan {
  const ctx = span.spanContext();
  return {
    n: span.name,
    k: span.kind,
    t: ctx.traceId,
    s: ctx.spanId,
    f: ctx.traceFlags,
    ts: ctx.traceState?.serialize(),
    p: span.parentSpanContext?.spanId,
    pr: span.parentSpanContext?.isRemote,
    st: span.startTime,
    et: span.endTime,
    a: defined(span.attributes),
    ev: span.events.length > 0 ? span.events : undefined,
    l:
      span.links.length > 0
        ? span.links.map((link) => ({
            t: link.context.traceId,
            s: link.context.spanId,
            f: link.context.traceFlags,
            a: link.attributes,
            d: link.droppedAttributesCount ?? 0,
          }))
        : undefined,
    sc: span.status,
    r: resourceId,
    i: scopeId,
    da: span.droppedAttributesCount,
    de: span.droppedEventsCount,
    dl: span.droppedLinksCount,
  };
}

/** Rebuilds what the OTLP serializer reads from a ReadableSpan (see otlp-transformer trace-serializer). */
export function expandSpan(
  c: CompactSpan,
  resource: Resource,
  scope: InstrumentationScope,
): ReadableSpan {
  const traceState = c.ts === undefined ? undefined : { serialize: () => c.ts ?? '' };
  const context = { traceId: c.t, spanId: c.s, traceFlags: c.f, traceState } as SpanContext;
  const links: Link[] = (c.l ?? []).map((l) => ({
    context: { traceId: l.t, spanId: l.s, traceFlags: l.f },
    attributes: l.a,
    droppedAttributesCount: l.d,
  }));
  const durationNanos = (c.et[0] - c.st[0]) * 1e9 + (c.et[1] - c.st[1]);
  return {
    name: c.n,
    kind: c.k,
    spanContext: () => context,
    parentSpanContext:
      c.p === undefined
        ? undefined
        : { traceId: c.t, spanId: c.p, traceFlags: c.f, isRemote: c.pr ?? false },
    startTime: c.st,
    endTime: c.et,
    status: c.sc,
    attributes: c.a,
    links,
    events: c.ev ?? [],
    duration: [Math.floor(durationNanos / 1e9), durationNanos % 1e9],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: c.da,
    droppedEventsCount: c.de,
    droppedLinksCount: c.dl,
  };
}
