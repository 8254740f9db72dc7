/**
 * Client input quoted in an error message is cut, so a 1 MB bad value costs a 1 MB request and
 * not a 1 MB answer (or log line) as well.
 */
import { MAX_ECHO_CHARS } from '../limits.js';

/** `value` as is when short; otherwise its start, an ellipsis and its full length. */
export function clip(value: string, max: number = MAX_ECHO_CHARS): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}… (${value.length} characters)`;
}

/** JSON.stringify for an error message, cut like clip(). */
export function quote(value: unknown, max: number = MAX_ECHO_CHARS): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, max);
}
