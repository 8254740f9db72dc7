import { type Attributes, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { AppError } from '../errors.js';
import { TASK_OPERATION, TASK_OUTCOME } from './attributes.js';
import { telemetry } from './handle.js';

// Only the API package here: without a registered SDK (OTEL_SDK_DISABLED, unit tests) every
// call below is a no-op. With tracing on, the bootstrap publishes the tracer to use.
const apiTracer = trace.getTracer('task-service');

/** The span's start attributes, made once per attribute set and operation (tracers copy them). */
const merged = new WeakMap<Attributes, Map<string, Attributes>>();
function withOperation(attributes: Attributes, operation: string): Attributes {
  let byOperation = merged.get(attributes);
  if (byOperation === undefined) merged.set(attributes, (byOperation = new Map()));
  let all = byOperation.get(operation);
  if (all === undefined) {
    // The outcome is declared too (set when the operation ends): see requestAttributes in
    // ./sdk/server-spans.ts for why.
    all = Object.freeze({ [TASK_OPERATION]: operation, ...attributes, [TASK_OUTCOME]: undefined });
    if (byOperation.size < 32) byOperation.set(operation, all);
  }
  return all;
}

/**
 * Runs one business operation in its own span (an X-Ray subsegment), named `tasks.<operation>`,
 * with low-cardinality attributes meant for X-Ray annotations. A thrown error is recorded as an
 * exception event, then rethrown unchanged: a server error sets ERROR status (X-Ray "fault"), a
 * client error (4xx AppError) carries its status code instead (X-Ray "error").
 */
export function traced<T>(
  operation: string,
  attributes: Attributes,
  run: () => Promise<T>,
): Promise<T> {
  // A request the sampler dropped: the child span would be dropped as well (parent-based), so do
  // not pay for creating it and entering its context. Children of `run` (DynamoDB calls) still see
  // the request's unsampled span as their parent. Most requests take this path.
  const active = trace.getActiveSpan();
  if (active !== undefined && !active.isRecording()) return run();
  return (telemetry().tracer ?? apiTracer).startActiveSpan(
    `tasks.${operation}`,
    { attributes: withOperation(attributes, operation) },
    async (span) => {
      try {
        const result = await run();
        span.setAttribute(TASK_OUTCOME, 'ok');
        return result;
      } catch (error) {
        span.setAttribute(TASK_OUTCOME, error instanceof AppError ? error.code : 'internal');
        if (error instanceof AppError && error.isClientError) recordClientError(span, error);
        else recordError(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * Records `error` as an exception event and sets ERROR status. The exception type is the class
 * name: the SDK would otherwise take an `error.code` field (AppError has one) as the type.
 */
export function recordError(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(
    error instanceof Error
      ? { name: error.name, message, ...(error.stack !== undefined && { stack: error.stack }) }
      : message,
  );
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * A client's mistake (unknown id, stale version) is not a failure of the service. The awsxray
 * exporter turns ERROR status without an HTTP status into `fault: true` (the same as a 5xx), but a
 * 4xx status code into `error: true`; so the span keeps UNSET status and carries the code. The
 * exception event stays, so the subsegment's `cause` still says what happened.
 */
function recordClientError(span: Span, error: AppError): void {
  span.recordException({ name: error.name, message: error.message });
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, error.status);
}
