import type { z } from 'zod';
import { AppError } from '../errors.js';

/** Longest echo of a client's value in an error message. */
const ECHO_CHARS = 80;
/** Unknown field names listed in an error message, at most. */
const ECHO_KEYS = 5;

/** Parses `input` with `schema`, or throws a 400 that names the field, the value and the fix. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw AppError.validation(`${what} is invalid`);
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : what;
  if (issue.code === 'unrecognized_keys') {
    const listed = issue.keys.slice(0, ECHO_KEYS).map((key) => preview(key, 40));
    const more = issue.keys.length > ECHO_KEYS ? ` and ${issue.keys.length - ECHO_KEYS} more` : '';
    throw AppError.validation(
      `${what} has unknown field(s) ${listed.join(', ')}${more}; remove them`,
    );
  }
  const got =
    'input' in issue
      ? ` (got ${issue.input === undefined ? 'nothing' : preview(issue.input)})`
      : '';
  throw AppError.validation(`${field}: ${issue.message}${got}`);
}

type Step = { readonly text: string } | { readonly value: unknown };

/**
 * The start of `value` as JSON, at most `limit` characters (then `...`). Iterative, and it looks
 * at no more of the value than it prints: a client's value can be nested thousands of levels
 * deep or be 64 KiB wide, and `JSON.stringify` on it overflows the stack or copies it whole.
 */
export function preview(value: unknown, limit = ECHO_CHARS): string {
  let out = '';
  const steps: Step[] = [{ value }];
  while (steps.length > 0 && out.length <= limit) {
    const step = steps.pop() as Step;
    if ('text' in step) {
      out += step.text;
      continue;
    }
    const v = step.value;
    if (typeof v === 'string') {
      out += JSON.stringify(v.slice(0, limit + 1));
    } else if (v === null || typeof v !== 'object') {
      out += typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
    } else {
      const isArray = Array.isArray(v);
      // Each child prints at least one character, so `limit` of them are all that can show.
      const keys = Object.keys(v).slice(0, limit);
      const children: Step[] = [];
      keys.forEach((key, i) => {
        if (i > 0) children.push({ text: ',' });
        if (!isArray) children.push({ text: `${JSON.stringify(key.slice(0, limit))}:` });
        children.push({ value: (v as Record<string, unknown>)[key] });
      });
      steps.push({ text: isArray ? ']' : '}' }, ...children.reverse(), {
        text: isArray ? '[' : '{',
      });
    }
  }
  return out.length > limit || steps.length > 0 ? `${out.slice(0, limit - 3)}...` : out;
}
