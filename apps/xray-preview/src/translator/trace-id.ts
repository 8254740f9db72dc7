/**
 * `segment.go: convertToAmazonTraceID`: an OTel trace id in X-Ray form, `1-<8 hex>-<24 hex>`.
 * The time check only runs when the skip-timestamp-validation feature gate is off (it is on by
 * default in the pinned release). See docs/xray-translation.md, "Trace id".
 */
import { randomBytes } from 'node:crypto';

/** X-Ray refuses trace ids older than 30 days; the exporter keeps a margin of 2. */
const MAX_AGE_SECONDS = 60 * 60 * 24 * 28;
/** Clock skew allowed into the future. */
const MAX_SKEW_SECONDS = 60 * 5;

/** Why a trace id fails the time check, or undefined when it passes (or is not checked). */
export function traceIdProblem(
  otelTraceId: string,
  skipTimestampValidation: boolean,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): string | undefined {
  if (skipTimestampValidation) return undefined;
  const epoch = Number.parseInt(otelTraceId.padStart(32, '0').slice(0, 8), 16);
  const delta = nowSeconds() - epoch;
  if (delta > MAX_AGE_SECONDS) return 'it is older than 28 days';
  if (delta < -MAX_SKEW_SECONDS) return 'it is more than 5 minutes in the future';
  return undefined;
}

/** The X-Ray form; an empty (all-zero) trace id becomes `1-00000000-000…`, as in Go. */
export function toXRayTraceId(otelTraceId: string): string {
  const hex = otelTraceId.toLowerCase().padStart(32, '0');
  return `1-${hex.slice(0, 8)}-${hex.slice(8)}`;
}

/** `newSegmentID`: 8 random bytes as 16 hex digits. */
export function randomSegmentId(): string {
  return randomBytes(8).toString('hex');
}

/** `timestampToFloatSeconds`: Go's `float64(ns) / 1e9`; `ns` is already float64-rounded. */
export function toFloatSeconds(unixNano: number): number {
  return unixNano / 1e9;
}
