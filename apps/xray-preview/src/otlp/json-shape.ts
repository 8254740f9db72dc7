/**
 * Type checks for OTLP JSON fields. pdata's JSON reader refuses a field of the wrong JSON type
 * (a number where a string belongs, an object where an array does), so the collector answers 400
 * for the whole request; the preview does the same with the field and the value in the message,
 * instead of carrying a number into code that expects text.
 */
import { quote } from '../server/echo.js';

/** A request that does not decode: the receivers answer 400 / INVALID_ARGUMENT with it. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OtlpDecodeError';
  }
}

/** A field's name, or a function that makes it (so hot paths build no text unless they fail). */
export type FieldName = string | (() => string);

export function wrongType(field: FieldName, value: unknown, expected: string): OtlpDecodeError {
  const name = typeof field === 'string' ? field : field();
  return new OtlpDecodeError(`${name} ${quote(value)} is not ${expected}`);
}

/** A string field; absent or null is ''. */
export function jsonString(value: unknown, field: FieldName): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw wrongType(field, value, 'a JSON string');
  return value;
}

/** A repeated field; absent or null is empty. */
export function jsonList<T>(value: T[] | undefined | null, field: FieldName): readonly T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw wrongType(field, value, 'a JSON array');
  return value;
}

/** A message field; absent or null is undefined. */
export function jsonObject<T extends object>(
  value: T | undefined | null,
  field: FieldName,
): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw wrongType(field, value, 'a JSON object');
  }
  return value;
}

/** An enum field: its number or its name. */
export function jsonEnum(value: unknown, field: FieldName): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw wrongType(field, value, 'an enum number or name');
  }
  return value;
}
