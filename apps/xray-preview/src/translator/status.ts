/**
 * Spec §6 (`cause.go: makeCause`, last part): fault / error / throttle. The HTTP status code
 * decides when it is 4xx or 5xx, whatever the span status; otherwise an ERROR status is a fault.
 */
import type { Span } from '../model.js';
import { StatusCode } from '../model.js';
import { int } from './attributes.js';

export interface ErrorFlags {
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
}

export function errorFlags(span: Span): ErrorFlags {
  const attrs = span.attributes;
  const value = attrs.has('http.status_code')
    ? attrs.get('http.status_code')
    : attrs.get('http.response.status_code');
  const hasCode = attrs.has('http.status_code') || attrs.has('http.response.status_code');
  const code = hasCode ? int(value) : 0;
  if (hasCode && code >= 400 && code <= 499) {
    return { fault: false, error: true, throttle: code === 429 };
  }
  if (hasCode && code >= 500 && code <= 599) return { fault: true, error: false, throttle: false };
  return { fault: span.status.code === StatusCode.ERROR, error: false, throttle: false };
}
