import type { z } from 'zod';
import { AppError } from '../errors.js';

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
  const field = issue.path.length > 0 ? issue.path.join('.') : what;
  if (issue.code === 'unrecognized_keys') {
    throw AppError.validation(
      `${what} has unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}; remove them`,
    );
  }
  const got = 'input' in issue ? ` (got ${describe(issue.input)})` : '';
  throw AppError.validation(`${field}: ${issue.message}${got}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
