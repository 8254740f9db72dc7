/**
 * The pdata behaviour the exporter relies on (`go.opentelemetry.io/collector/pdata/pcommon`
 * v1.62.0, vendored by ADOT v0.49.0): typed value accessors that answer the zero value for any
 * other type, and an attribute map that keeps repeated keys, answers `Get` with the first one
 * and removes by moving the last entry into the hole. See docs/xray-translation.md, "pdata".
 */
import type { AttrMap, AttrValue } from '../model.js';
import { attributeEntries, OtlpDouble } from '../model.js';

/** An int64 as the model stores it. */
export type Int64 = number | bigint;

/**
 * A value ready for Go's encoding/json, as `Value.AsRaw()` builds it: maps are plain objects
 * (written with sorted keys), ints are numbers or bigints, doubles are numbers.
 */
export type RawValue =
  string | number | bigint | boolean | null | RawValue[] | { [key: string]: RawValue };

export function isMap(value: AttrValue | undefined): value is AttrMap {
  return value instanceof Map;
}

/**
 * Sets a key on a plain object used as a Go map. `__proto__` would otherwise set the prototype
 * instead of adding a key.
 */
export function setKey<V>(object: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/** `Value.Str()`: the string, '' for any other type. */
export function str(value: AttrValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** `Value.Int()`: the int, 0 for any other type (a double or a numeric string included). */
export function int(value: AttrValue | undefined): Int64 {
  return typeof value === 'number' || typeof value === 'bigint' ? value : 0;
}

export function isBool(value: AttrValue | undefined): value is boolean {
  return typeof value === 'boolean';
}

/** `annotationValue`: strings, ints, doubles and bools are annotation values; nothing else. */
export function scalar(value: AttrValue | undefined): string | Int64 | boolean | undefined {
  if (value instanceof OtlpDouble) return value.value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return value;
    default:
      return undefined;
  }
}

/**
 * `Value.AsRaw()`. Bytes become base64 text, except empty bytes: pdata copies them into a nil
 * slice, which encoding/json writes as `null`. Repeated keys in a map: the last one wins.
 */
export function asRaw(value: AttrValue): RawValue {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof OtlpDouble) return value.value;
  if (value instanceof Uint8Array) {
    return value.length === 0 ? null : Buffer.from(value).toString('base64');
  }
  if (Array.isArray(value)) return value.map(asRaw);
  const out: { [key: string]: RawValue } = {};
  for (const [key, entry] of attributeEntries(value)) setKey(out, key, asRaw(entry));
  return out;
}

/** `float64AsString`: like JS number formatting, but -0 keeps its sign. */
function doubleText(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * `Value.AsString()`. Maps and slices are JSON without HTML escaping; a NaN inside makes the
 * encoder fail, and pdata ignores the error, so the text is empty.
 */
export function asString(value: AttrValue | undefined, encode: (raw: RawValue) => string): string {
  if (value === undefined || value === null) return '';
  if (value instanceof OtlpDouble) return doubleText(value.value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value !== 'object') return String(value);
  try {
    return encode(asRaw(value));
  } catch {
    return '';
  }
}

/**
 * A span's or resource's attributes as pdata holds them: an ordered list in which a key may
 * repeat. The translator copies the model's map into one, so it can remove entries the way the
 * exporter does without touching the decoded span. The copy is made on the first `remove`: until
 * then reads go to the model's map, whose `get` already answers the first of a repeated key.
 */
export class PdataMap {
  private readonly source: AttrMap;
  /** The entries once this map has been changed (or copied from a changed map). */
  private entries: [string, AttrValue][] | undefined;

  constructor(source: AttrMap | PdataMap) {
    if (source instanceof PdataMap) {
      this.source = source.source;
      this.entries = source.entries?.map(([k, v]) => [k, v]);
    } else {
      this.source = source;
    }
  }

  private all(): Iterable<[string, AttrValue]> {
    return this.entries ?? attributeEntries(this.source);
  }

  /** `Len()`: entries, repeats included. */
  get size(): number {
    if (this.entries !== undefined) return this.entries.length;
    const all = attributeEntries(this.source);
    return all instanceof Map ? all.size : Array.from(all).length;
  }

  /** `Get(key)`: the first entry with that key. */
  get(key: string): AttrValue | undefined {
    if (this.entries === undefined) return this.source.get(key);
    return this.entries.find(([k]) => k === key)?.[1];
  }

  has(key: string): boolean {
    if (this.entries === undefined) return this.source.has(key);
    return this.entries.some(([k]) => k === key);
  }

  /** `Remove(key)`: the first entry with that key; the last entry takes its place. */
  remove(key: string): void {
    if (!this.has(key)) return;
    this.entries ??= [...attributeEntries(this.source)];
    const index = this.entries.findIndex(([k]) => k === key);
    const last = this.entries.pop();
    if (last !== undefined && index < this.entries.length) this.entries[index] = last;
  }

  /** `All()`: every entry in order. */
  [Symbol.iterator](): Iterator<[string, AttrValue]> {
    return this.all()[Symbol.iterator]();
  }
}
