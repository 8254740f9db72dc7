/**
 * Spec §7 (`cause.go: makeCause`, `parseException`): the `cause` block. Exception events win
 * over the span status, and a cause can appear on a span that is neither fault nor error.
 */
import type { AttrMap, Span, SpanEvent } from '../model.js';
import { SpanKind, StatusCode } from '../model.js';
import { asString, str } from './attributes.js';
import { isAwsSdkSpan } from './name.js';
import { stackParserFor } from './stack/index.js';
import type { CauseData, XRayException } from './types.js';

const EXCEPTION_EVENT = 'exception';
/** Per-attempt failure events the AWS SDK instrumentation records. */
const AWS_HTTP_FAILURE_EVENT = 'HTTP request failure';
const AWS_HTTP_ERROR_TYPE = 'aws.http.error.event';

export interface CauseResult {
  readonly cause: CauseData | undefined;
  /** The attributes left for later steps (`http.status_text` is used up by the status branch). */
  readonly remaining: AttrMap;
}

export function makeCause(
  span: Span,
  attributes: AttrMap,
  resource: AttrMap,
  newId: () => string,
): CauseResult {
  const awsSdk = isAwsSdkSpan(span);
  const hasExceptions = span.events.some(
    (event) => event.name === EXCEPTION_EVENT || (awsSdk && event.name === AWS_HTTP_FAILURE_EVENT),
  );
  if (hasExceptions) {
    return { cause: exceptionsCause(span, resource, awsSdk, newId), remaining: attributes };
  }
  if (span.status.code !== StatusCode.ERROR) return { cause: undefined, remaining: attributes };

  let message = span.status.message;
  if (attributes.has('http.status_text')) {
    if (message === '') message = str(attributes.get('http.status_text'));
    attributes.delete('http.status_text');
  }
  if (message === '') return { cause: undefined, remaining: attributes };
  return { cause: { exceptions: [{ id: newId(), message, type: '' }] }, remaining: attributes };
}

function exceptionsCause(
  span: Span,
  resource: AttrMap,
  awsSdk: boolean,
  newId: () => string,
): CauseData {
  const language = str(resource.get('telemetry.sdk.language'));
  const remote = span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
  const exceptions: XRayException[] = [];
  for (const event of span.events) {
    if (event.name === EXCEPTION_EVENT) {
      exceptions.push(...parseException(event.attributes, remote, language, newId));
    } else if (awsSdk && event.name === AWS_HTTP_FAILURE_EVENT) {
      const entry = awsHttpFailure(event, newId);
      if (entry !== undefined) exceptions.push(entry);
    }
  }
  return exceptions.length === 0 ? {} : { exceptions };
}

function parseException(
  attributes: AttrMap,
  remote: boolean,
  language: string,
  newId: () => string,
): XRayException[] {
  const exceptions: XRayException[] = [
    {
      id: newId(),
      message: str(attributes.get('exception.message')),
      type: str(attributes.get('exception.type')),
      remote,
    },
  ];
  const stacktrace = str(attributes.get('exception.stacktrace'));
  if (stacktrace !== '') stackParserFor(language)?.(stacktrace, exceptions, newId);
  return exceptions;
}

/** `"<status>@<event time, seconds with 6 decimals>@<message>"`, as the exporter writes it. */
function awsHttpFailure(event: SpanEvent, newId: () => string): XRayException | undefined {
  const code = event.attributes.get('http.response.status_code');
  const message = event.attributes.get('aws.http.error_message');
  if (code === undefined || message === undefined) return undefined;
  const micros = event.timeUnixNano / 1000n;
  const seconds = `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`;
  return {
    id: newId(),
    message: [asString(code), seconds, str(message)].join('@'),
    type: AWS_HTTP_ERROR_TYPE,
    remote: true,
  };
}
