/**
 * OTLP trace request decoding, shared by the gRPC service and OTLP/HTTP: one protobuf decoder
 * for both transports, and the OTLP JSON mapping normalised into the same span model.
 */
import type { ResourceSpans } from '../model.js';
import { clip } from '../server/echo.js';
import { normalizeRequest, OtlpDecodeError } from './normalize.js';
import { decodeExportRequest } from './protobuf-decoder.js';
import { ExportTraceServiceResponse } from './proto-schema.js';
import type { WireRequest } from './wire-types.js';

export { OtlpDecodeError } from './normalize.js';

export function decodeProtobufRequest(body: Uint8Array): ResourceSpans[] {
  const buffer = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  try {
    return decodeExportRequest(buffer);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(
      `body is not a protobuf ExportTraceServiceRequest: ${(error as Error).message}`,
    );
  }
}

export function decodeJsonRequest(body: string): ResourceSpans[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new OtlpDecodeError(`body is not JSON: ${clip((error as Error).message, 200)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new OtlpDecodeError('body must be an OTLP JSON ExportTraceServiceRequest object');
  }
  try {
    return normalizeRequest(parsed as WireRequest);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(
      `body is not a valid OTLP JSON request: ${clip((error as Error).message, 200)}`,
    );
  }
}

export interface PartialSuccess {
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

/** ExportTraceServiceResponse; partial_success only when spans were rejected. */
export function encodeProtobufResponse(partial: PartialSuccess | undefined): Uint8Array {
  const message =
    partial === undefined
      ? {}
      : {
          partialSuccess: {
            rejectedSpans: partial.rejectedSpans,
            errorMessage: partial.errorMessage,
          },
        };
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(message)).finish();
}

/** OTLP JSON form of the same response (int64 as a string, per the OTLP JSON mapping). */
export function jsonResponse(partial: PartialSuccess | undefined): string {
  if (partial === undefined) return '{}';
  return JSON.stringify({
    partialSuccess: {
      rejectedSpans: String(partial.rejectedSpans),
      errorMessage: partial.errorMessage,
    },
  });
}
