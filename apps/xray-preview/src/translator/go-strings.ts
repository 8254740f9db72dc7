/**
 * Go string behaviour the stack parsers depend on: byte-indexed slicing (UTF-8), `strconv.Atoi`
 * with its error ignored, and `strings.TrimSpace`.
 */
import type { Int64 } from './pdata.js';
import { boundedDecimal, int64Value } from '../model.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `len(s)` in Go: UTF-8 bytes. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * `s[start:end]` on the UTF-8 bytes, as text. A cut inside a multi-byte character leaves invalid
 * bytes, which Go's JSON encoder writes as one U+FFFD each; they come back that way here.
 */
export function sliceBytes(text: string, start: number, end?: number): string {
  const bytes = Buffer.from(text, 'utf8').subarray(start, end);
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
    let valid = size > 0 && i + size <= bytes.length;
    for (let k = 1; valid && k < size; k++) valid = ((bytes[i + k] as number) & 0xc0) === 0x80;
    if (valid) {
      out += bytes.subarray(i, i + size).toString('utf8');
      i += size;
    } else {
      out += '\ufffd';
      i += 1;
    }
  }
  return out;
}

/**
 * `strconv.Atoi` with the error ignored: 0 unless the whole text is an optionally signed decimal
 * integer; beyond int64 it is clamped to the nearest bound.
 */
export function atoi(text: string): Int64 {
  if (!/^[+-]?\d+$/.test(text)) return 0;
  const value = boundedDecimal(text) ?? (text.startsWith('-') ? INT64_MIN : INT64_MAX);
  return int64Value(value < INT64_MIN ? INT64_MIN : value > INT64_MAX ? INT64_MAX : value);
}

/** Unicode White_Space, which `strings.TrimSpace` removes (U+FEFF is not in it, U+0085 is). */
const GO_SPACE =
  '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

export function trimSpace(text: string): string {
  return text.replace(TRIM, '');
}
