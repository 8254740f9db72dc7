/**
 * Readers that behave like pdata's `pcommon.Value` accessors, which the exporter relies on:
 * `Str()` is '' for non-strings and `Int()` is 0 for non-ints.
 */
import type { AttrMap, AttrValue } from '../model.js';

/** A JSON-ready value, as pdata's `AsRaw()` produces before Go's encoding/json writes it. */
export type RawValue = string | number | boolean | null | RawValue[] | { [key: string]: RawValue };

/** pcommon `Value.Str()`: the string, or '' for any other type. */
export function str(value: AttrValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** pcommon `Value.Int()`: the integer, or 0 for any other type (strings read as 0). */
export function int(value: AttrValue | undefined): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : 0;
}

/** pcommon `Value.AsString()`, for the few places that stringify any type. */
export function asString(value: AttrValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(toRaw(value));
}

export function isMap(value: AttrValue | undefined): value is AttrMap {
  return value instanceof Map;
}

/** The four types X-Ray accepts as annotation values (`annotationValue` in segment.go). */
export function annotationValue(
  value: AttrValue | undefined,
): string | number | boolean | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return undefined;
}

/**
 * pcommon `AsRaw()` followed by Go's JSON rules: maps are written with sorted keys, bytes as
 * base64, an empty value as null.
 */
export function toRaw(value: AttrValue): RawValue {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toRaw);
  return sortedObject(value, toRaw);
}

/** Builds a plain object with keys in Go's `encoding/json` map order (sorted). */
export function sortedObject<V, R>(
  entries: Map<string, V> | Record<string, V>,
  convert: (value: V) => R,
): Record<string, R> {
  const pairs = entries instanceof Map ? [...entries] : Object.entries(entries);
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // No prototype: an attribute named "__proto__" must stay a key, not replace the prototype.
  const out = Object.create(null) as Record<string, R>;
  for (const [key, value] of pairs) out[key] = convert(value);
  return out;
}

/** Deep key sort for JSON parsed at runtime (aws.xray.metadata.* values), as Go re-marshals maps. */
export function sortJson(value: unknown): RawValue {
  if (value === null || typeof value !== 'object') return value as RawValue;
  if (Array.isArray(value)) return value.map(sortJson);
  return sortedObject(value as Record<string, unknown>, sortJson);
}
