/**
 * `cause.go: makeCause` (first part) and `parseException`: the `cause` block. Exception events
 * win over the span status, and a cause can appear on a span that is neither fault nor error.
 * See docs/xray-translation.md, "Cause".
 */
import type { AttrValue, SpanEvent } from '../model.js';
import { SpanKind, StatusCode } from '../model.js';
import { encodeRaw, struct } from './go-json.js';
import { isAwsSdkSpan } from './name.js';
import type { PdataMap } from './pdata.js';
import { asString, str } from './pdata.js';
import { stackParserFor } from './stack/index.js';
import type { CauseData, WorkSpan, XRayException } from './types.js';

const EXCEPTION_EVENT = 'exception';
/** Per-attempt failure events the AWS SDK instrumentation records. */
const AWS_HTTP_FAILURE_EVENT = 'HTTP request failure';
const AWS_HTTP_ERROR_TYPE = 'aws.http.error.event';

export interface CauseResult {
  readonly cause: CauseData | undefined;
  /** The attributes left for later steps (`http.status_text` is used up by the status branch). */
  readonly remaining: Map<string, AttrValue>;
}

export function makeCause(
  span: WorkSpan,
  attributes: Map<string, AttrValue>,
  resource: PdataMap,
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
  const remaining = new Map(attributes);
  if (remaining.has('http.status_text')) {
    if (message === '') message = str(remaining.get('http.status_text'));
    remaining.delete('http.status_text');
  }
  if (message === '') return { cause: undefined, remaining };
  return { cause: { exceptions: [{ id: newId(), message, type: '' }] }, remaining };
}

function exceptionsCause(
  span: WorkSpan,
  resource: PdataMap,
  awsSdk: boolean,
  newId: () => string,
): CauseData {
  const language = str(resource.get('telemetry.sdk.language'));
  const remote = span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER;
  const exceptions: XRayException[] = [];
  for (const event of span.events) {
    if (event.name === EXCEPTION_EVENT) {
      exceptions.push(...parseException(event, remote, language, newId));
    } else if (awsSdk && event.name === AWS_HTTP_FAILURE_EVENT) {
      const entry = awsHttpFailure(event, newId);
      if (entry !== undefined) exceptions.push(entry);
    }
  }
  // Exception's field order in tracesegment.go: id, message, type, remote, cause, stack.
  const ordered = exceptions.map((e) =>
    struct({
      id: e.id,
      message: e.message,
      type: e.type,
      remote: e.remote,
      cause: e.cause,
      stack: e.stack,
    }),
  );
  return ordered.length === 0 ? {} : { exceptions: ordered };
}

function parseException(
  event: SpanEvent,
  remote: boolean,
  language: string,
  newId: () => string,
): XRayException[] {
  const exceptions: XRayException[] = [
    {
      id: newId(),
      message: str(event.attributes.get('exception.message')),
      type: str(event.attributes.get('exception.type')),
      remote,
    },
  ];
  const stacktrace = str(event.attributes.get('exception.stacktrace'));
  if (stacktrace !== '') stackParserFor(language)?.(stacktrace, exceptions, newId);
  return exceptions;
}

/** `time.Unix(0, ns).UnixMicro()`: nanoseconds as int64, floored to microseconds. */
function unixMicros(timeUnixNano: bigint): bigint {
  const ns = BigInt.asIntN(64, timeUnixNano);
  const micros = ns / 1000n;
  return ns < 0n && micros * 1000n !== ns ? micros - 1n : micros;
}

/** `"<status>@<event time in seconds, 6 decimals>@<message>"`, as the exporter writes it. */
function awsHttpFailure(event: SpanEvent, newId: () => string): XRayException | undefined {
  const code = event.attributes.get('http.response.status_code');
  const message = event.attributes.get('aws.http.error_message');
  if (code === undefined || message === undefined) return undefined;
  const seconds = (Number(unixMicros(event.timeUnixNano)) / 1_000_000).toFixed(6);
  const status = asString(code, (raw) => encodeRaw(raw, false));
  return {
    id: newId(),
    message: [status, seconds, str(message)].join('@'),
    type: AWS_HTTP_ERROR_TYPE,
    remote: true,
  };
}
