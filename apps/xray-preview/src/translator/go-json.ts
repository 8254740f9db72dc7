/**
 * The segment document as text, the way the exporter's `json.Encoder` writes it
 * (`writer_pool.go`, Go's encoding/json): struct fields in declaration order (the builders insert
 * them in that order), map keys sorted by their UTF-8 bytes, `<`, `>`, `&`, U+2028 and U+2029
 * escaped, ints of any size exact, and an error for NaN or ±Infinity, which makes the exporter
 * drop the span. See docs/xray-translation.md, "Encoding".
 */
import type { RawValue } from './pdata.js';

/** Go's `json: unsupported value: NaN`: the document cannot be written. */
export class UnsupportedValueError extends Error {
  constructor(
    readonly path: string,
    value: number,
  ) {
    super(`${path} is ${String(value)}, which JSON cannot carry`);
    this.name = 'UnsupportedValueError';
  }
}

/** Signals a non-finite number while encoding; the path is looked up only then. */
class NonFinite extends Error {}

/** Where the first NaN or ±Infinity sits, as a dotted path, for the drop reason. */
function nonFinitePath(value: unknown, path: string): [string, number] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [path, value];
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item, path === '' ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Struct fields that Go declares as maps: their keys are written sorted, at every depth. */
const MAP_FIELDS = new Set(['annotations', 'metadata', 'attributes']);

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

// Quote, backslash, control characters, the HTML-sensitive characters, the JS line separators,
// and lone surrogates (invalid UTF-8 in Go, written as U+FFFD).
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex -- control characters are what Go escapes
  /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escapeChar(char: string, escapeHtml: boolean): string {
  const short = ESCAPES[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return '\\ufffd';
  if (!escapeHtml && (char === '<' || char === '>' || char === '&')) return char;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A cheap first check; most strings need no escaping at all. */
// eslint-disable-next-line no-control-regex -- control characters are what Go escapes
const MAY_NEED_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

export function goString(text: string, escapeHtml = true): string {
  if (!MAY_NEED_ESCAPE.test(text)) return `"${text}"`;
  return `"${text.replace(NEEDS_ESCAPE, (char) => escapeChar(char, escapeHtml))}"`;
}

/** float64 and int64 as Go writes them; JS number formatting matches Go's except for -0. */
export function goNumber(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new NonFinite();
  return Object.is(value, -0) ? '-0' : String(value);
}

/** Keys with surrogate pairs, where UTF-16 order and code point order can differ. */
const ASTRAL = /[\ud800-\udfff]/;

/** Go's order of map keys: their UTF-8 bytes, which is code point order. */
export function sortKeys(keys: string[]): string[] {
  return keys.some((key) => ASTRAL.test(key)) ? keys.sort(compareKeys) : keys.sort();
}

/** Code point order (UTF-16 order differs when surrogate pairs meet U+E000–U+FFFF). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** `awsxray.String`: '' is a nil pointer, which omitempty leaves out. */
export function omitEmpty(text: string): string | undefined {
  return text === '' ? undefined : text;
}

/** `awsxray.String` for a field without omitempty: a nil pointer is written null. */
export function nullIfEmpty(text: string): string | null {
  return text === '' ? null : text;
}

/**
 * A Go struct value built from a literal in field order: fields that are `undefined` (nil
 * pointers under omitempty) are removed, so the object holds exactly what is written.
 */
export function struct<T extends object>(fields: T): T {
  const source = fields as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) if (source[key] !== undefined) out[key] = source[key];
  return out as T;
}

/**
 * A value from a Go map (`AsRaw()` output, parsed JSON) as JSON text; objects are maps, with
 * sorted keys. Pieces are joined with `+`, which V8 keeps as a rope until the text is read.
 */
function rawText(value: RawValue, escapeHtml: boolean): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return goString(value, escapeHtml);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
    case 'bigint':
      return goNumber(value);
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += rawText(value[i] ?? null, escapeHtml);
    }
    return `${out}]`;
  }
  const keys = sortKeys(Object.keys(value));
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0) out += ',';
    out += `${goString(key, escapeHtml)}:${rawText(value[key] ?? null, escapeHtml)}`;
  }
  return `${out}}`;
}

/** A value from a Go map as JSON text. */
export function encodeRaw(value: RawValue, escapeHtml = true): string {
  return rawText(value, escapeHtml);
}

/**
 * `"name":` for each struct field name. Field names come from tracesegment.go's structs, never
 * from span data, so the cache stays as small as that schema.
 */
const FIELD_NAMES = new Map<string, string>();

function fieldName(key: string): string {
  let text = FIELD_NAMES.get(key);
  if (text === undefined) {
    text = `${goString(key)}:`;
    FIELD_NAMES.set(key, text);
  }
  return text;
}

/** A Go struct: fields in insertion order, `undefined` ones left out (omitempty / nil). */
function structText(fields: Record<string, unknown>): string {
  let out = '{';
  let first = true;
  for (const key in fields) {
    const field = fields[key];
    if (field === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += fieldName(key);
    out += MAP_FIELDS.has(key) ? rawText(field as RawValue, true) : structValueText(field);
  }
  return `${out}}`;
}

function structValueText(value: unknown): string {
  if (value === null || typeof value !== 'object') return rawText(value as RawValue, true);
  if (!Array.isArray(value)) return structText(value as Record<string, unknown>);
  let out = '[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) out += ',';
    out += structValueText(value[i]);
  }
  return `${out}]`;
}

/**
 * `MakeDocumentFromSegment`: the document text (without the encoder's trailing newline).
 * Throws UnsupportedValueError where Go's encoder would fail.
 */
export function encodeDocument(document: object): string {
  try {
    return structText(document as Record<string, unknown>);
  } catch (error) {
    if (!(error instanceof NonFinite)) throw error;
    const [path, value] = nonFinitePath(document, '') ?? ['a value', NaN];
    throw new UnsupportedValueError(path, value);
  }
}
