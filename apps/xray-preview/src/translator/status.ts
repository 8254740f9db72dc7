/**
 * `cause.go: makeCause` (last part): fault, error and throttle. An HTTP status code decides when
 * it is 4xx or 5xx, whatever the span status; otherwise an ERROR status is a fault. The code is
 * read with `Int()`, so a double or string status counts as no code. See
 * docs/xray-translation.md, "Fault, error, throttle".
 */
import { StatusCode } from '../model.js';
import { int } from './pdata.js';
import type { WorkSpan } from './types.js';

export interface ErrorFlags {
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
}

export function errorFlags(span: WorkSpan): ErrorFlags {
  const attrs = span.attributes;
  const key = attrs.has('http.status_code') ? 'http.status_code' : 'http.response.status_code';
  const present = attrs.has(key);
  const code = present ? int(attrs.get(key)) : 0;
  if (present && code >= 400 && code <= 499) {
    return { fault: false, error: true, throttle: Number(code) === 429 };
  }
  if (present && code >= 500 && code <= 599) return { fault: true, error: false, throttle: false };
  return { fault: span.status.code === StatusCode.ERROR, error: false, throttle: false };
}
