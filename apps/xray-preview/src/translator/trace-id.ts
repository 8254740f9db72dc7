/**
 * Spec §5 (`segment.go: convertToAmazonTraceID`): OTel trace ID → X-Ray trace ID, with the
 * optional timestamp gate that the default feature-gate setting skips.
 */
import { randomBytes } from 'node:crypto';

/** X-Ray rejects trace IDs older than 30 days; the exporter keeps a margin (28 days). */
const MAX_AGE_SECONDS = 60 * 60 * 24 * 28;
/** Allowed clock skew into the future. */
const MAX_SKEW_SECONDS = 60 * 5;

export class InvalidTraceIdError extends Error {
  constructor(traceId: string, reason: string) {
    super(
      `trace ID ${traceId} is not a valid X-Ray trace ID (${reason}); the awsxray exporter drops ` +
        'such spans unless XRAY_PREVIEW_SKIP_TIMESTAMP_VALIDATION=true',
    );
    this.name = 'InvalidTraceIdError';
  }
}

/**
 * `"1-" + 8 hex + "-" + 24 hex`. With validation on, the first 4 bytes must be unix seconds
 * no more than 28 days old and no more than 5 minutes ahead.
 */
export function toXRayTraceId(
  otelTraceId: string,
  skipTimestampValidation: boolean,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): string {
  const hex = otelTraceId.toLowerCase().padStart(32, '0');
  const epochHex = hex.slice(0, 8);
  if (!skipTimestampValidation) {
    const delta = nowSeconds() - Number.parseInt(epochHex, 16);
    if (delta > MAX_AGE_SECONDS) throw new InvalidTraceIdError(otelTraceId, 'older than 28 days');
    if (delta < -MAX_SKEW_SECONDS) {
      throw new InvalidTraceIdError(otelTraceId, 'more than 5 minutes in the future');
    }
  }
  return `1-${epochHex}-${hex.slice(8)}`;
}

/** A new random segment ID (`newSegmentID`): 8 random bytes as 16 hex digits. */
export function randomSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** Go's `float64(ns) / 1e9`; `ns` is already the float64-rounded value (see model.ts). */
export function toFloatSeconds(unixNano: number): number {
  return unixNano / 1e9;
}
