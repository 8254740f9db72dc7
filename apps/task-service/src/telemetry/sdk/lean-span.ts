// A recording span for the service's own spans (the server span and the business spans), in place
// of the SDK's SpanImpl. It is both what code writes to (the API `Span`) and what the span
// processors and the exporter read (`ReadableSpan`), and it reaches the same counted pipeline. It
// leaves out what the profile of a sampled request showed as cost without use here: copying and
// validating every attribute twice at start, span metrics objects, and three clock reads per
// timestamp. Attribute values are the callers' own (typed by the API), kept as given; undefined
// values are skipped, as the SDK does.
import { SpanStatusCode } from '@opentelemetry/api';
import type {
  Attributes,
  AttributeValue,
  Context,
  Exception,
  HrTime,
  Link,
  Span,
  SpanContext,
  SpanKind,
  SpanStatus,
  TimeInput,
} from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace';
import {
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
} from '@opentelemetry/semantic-conventions';

/** Milliseconds since the epoch, with sub-millisecond precision, from the monotonic clock. */
const origin = performance.timeOrigin;
const nowMs = (): number => origin + performance.now();

function toHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}

function timeOf(input: TimeInput | undefined): HrTime {
  if (input === undefined) return toHrTime(nowMs());
  if (Array.isArray(input)) return input as HrTime;
  if (input instanceof Date) return toHrTime(input.getTime());
  // A number below the process's uptime is a performance.now() reading; above it, epoch ms.
  return toHrTime(input < performance.now() ? origin + input : input);
}

/** What every span of one tracer shares. */
export interface LeanSpanScope {
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly processor: SpanProcessor;
}

export class LeanSpan implements Span, ReadableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  endTime: HrTime = [0, 0];
  ended = false;
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  readonly attributes: Attributes;
  links: Link[] = [];
  events: TimedEvent[] = [];
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;
  private readonly processor: SpanProcessor;

  constructor(
    scope: LeanSpanScope,
    name: string,
    kind: SpanKind,
    context: SpanContext,
    parent: SpanContext | undefined,
    attributes: Attributes,
    parentContext: Context,
    startTime?: TimeInput,
  ) {
    this.name = name;
    this.kind = kind;
    this.context = context;
    this.parentSpanContext = parent;
    this.attributes = attributes;
    this.resource = scope.resource;
    this.instrumentationScope = scope.instrumentationScope;
    this.processor = scope.processor;
    this.startTime = timeOf(startTime);
    scope.processor.onStart(this, parentContext);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue | undefined): this {
    if (!this.ended && value !== undefined && value !== null) this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.ended) return this;
    const timeGiven =
      attributesOrTime instanceof Date ||
      typeof attributesOrTime === 'number' ||
      Array.isArray(attributesOrTime);
    this.events.push({
      name,
      time: timeOf(timeGiven ? (attributesOrTime as TimeInput) : time),
      attributes: timeGiven ? {} : ((attributesOrTime as Attributes | undefined) ?? {}),
      droppedAttributesCount: 0,
    });
    return this;
  }

  addLink(link: Link): this {
    if (!this.ended) this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  /** As the SDK does: UNSET changes nothing, and OK is final. */
  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET) return this;
    if (this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === 'string'
        ? { code: status.code, message: status.message }
        : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  /** End minus start; [-1, -1] before the end, as the SDK reports it. Made when read. */
  get duration(): HrTime {
    if (!this.ended) return [-1, -1];
    let seconds = this.endTime[0] - this.startTime[0];
    let nanos = this.endTime[1] - this.startTime[1];
    if (nanos < 0) {
      seconds -= 1;
      nanos += 1e9;
    }
    return [seconds, nanos];
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    const end = timeOf(endTime);
    // A clock that went back: zero duration, as the SDK does.
    this.endTime =
      end[0] < this.startTime[0] || (end[0] === this.startTime[0] && end[1] < this.startTime[1])
        ? this.startTime
        : end;
    this.ended = true;
    this.processor.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  /** The SDK's mapping: `code` (else `name`) as the type, then message and stack. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') attributes[ATTR_EXCEPTION_MESSAGE] = exception;
    else if (exception) {
      if (exception.code) attributes[ATTR_EXCEPTION_TYPE] = exception.code.toString();
      else if (exception.name) attributes[ATTR_EXCEPTION_TYPE] = exception.name;
      if (exception.message) attributes[ATTR_EXCEPTION_MESSAGE] = exception.message;
      if (exception.stack) attributes[ATTR_EXCEPTION_STACKTRACE] = exception.stack;
    }
    if (attributes[ATTR_EXCEPTION_TYPE] || attributes[ATTR_EXCEPTION_MESSAGE])
      this.addEvent('exception', attributes, time);
  }
}
