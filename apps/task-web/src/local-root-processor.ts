// Marks every root span of the browser as the "local root" of task-web, using the attributes
// AWS Application Signals SDKs set. Why: the awsxray exporter names a segment after the
// resource's service.name only for SERVER spans (docs/xray-translation.md, "Name"). A browser has no
// SERVER spans, so its root spans (documentLoad, user actions, a stray fetch) would otherwise
// become segments named "documentLoad", "GET", ... and the map would show no "task-web" node.
// With aws.span.kind=LOCAL_ROOT the exporter names the segment after aws.local.service, and a
// root CLIENT span is split into a task-web segment plus its dependency subsegment
// (docs/xray-translation.md, "Local roots").
import { trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

import { LOCAL_ROOT_ATTRIBUTES } from './contract.js';

export const ATTR_AWS_SPAN_KIND = LOCAL_ROOT_ATTRIBUTES.spanKind;
export const ATTR_AWS_LOCAL_SERVICE = LOCAL_ROOT_ATTRIBUTES.localService;
export const LOCAL_ROOT = LOCAL_ROOT_ATTRIBUTES.localRoot;

export class LocalRootSpanProcessor implements SpanProcessor {
  constructor(private readonly serviceName: string) {}

  onStart(span: Span, parentContext: Context): void {
    const parent = trace.getSpanContext(parentContext);
    if (parent !== undefined && trace.isSpanContextValid(parent)) return;
    span.setAttribute(ATTR_AWS_SPAN_KIND, LOCAL_ROOT);
    span.setAttribute(ATTR_AWS_LOCAL_SERVICE, this.serviceName);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
