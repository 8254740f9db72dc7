/**
 * A test case of the exporter's own Go test suite, re-expressed as data: the span (with the
 * attribute names the v0.156.0 code reads), the settings, and what the Go test asserts about
 * the documents, written as the JSON the exporter sends. See upstream-vectors.test.ts.
 */
import { expect } from 'vitest';
import type { AttrMap, AttrValue } from '../../../../apps/xray-preview/src/model.js';
import type { TranslateOptions } from '../../../../apps/xray-preview/src/translator/types.js';
import type { SpanInput } from '../span-builder.js';
import { outcome } from '../span-builder.js';

/** `<document index>:<dotted path>`, e.g. `0:metadata.default`. */
export type DocPath = `${number}:${string}`;

export interface Vector {
  /** The Go test function it comes from. */
  readonly test: string;
  readonly span: SpanInput;
  readonly resource?: Record<string, AttrValue> | AttrMap;
  readonly options?: Partial<TranslateOptions>;
  /** Each document's JSON must contain these fields (deep, partial). */
  readonly documents?: readonly object[];
  /** Fields that must not be in the JSON. */
  readonly absent?: readonly DocPath[];
  /** Number of keys (objects) or items (arrays) at a path. */
  readonly sizes?: Readonly<Record<DocPath, number>>;
  /** Pairs of paths with equal values. */
  readonly same?: readonly (readonly [DocPath, DocPath])[];
  /** Text the documents must (or must not) contain. */
  readonly contains?: readonly string[];
  readonly notContains?: readonly string[];
  /** The span yields no documents, for this reason. */
  readonly lost?: { readonly kind: 'dropped' | 'crash'; readonly reason: string };
}

export interface VectorFile {
  /** The Go test file. */
  readonly file: string;
  readonly vectors: readonly Vector[];
}

function at(docs: readonly Record<string, unknown>[], path: DocPath): unknown {
  const [index, dotted = ''] = path.split(/:(.*)/s);
  let value: unknown = docs[Number(index)];
  // Keys may contain dots (attribute names); a segment is matched greedily from the left.
  let rest = dotted;
  while (rest !== '' && value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const key = Object.keys(object)
      .filter((k) => rest === k || rest.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return undefined;
    value = object[key];
    rest = rest.slice(key.length + 1);
  }
  return rest === '' ? value : undefined;
}

/** Runs one vector with vitest assertions. */
export function check(vector: Vector): void {
  const result = outcome(vector.span, vector.resource, vector.options);
  if (vector.lost !== undefined) {
    expect(result).toMatchObject(vector.lost);
    return;
  }
  if (result.kind !== 'documents') throw new Error(`${result.kind}: ${result.detail}`);
  const texts = result.documents.map((d) => d.json);
  const docs = texts.map((text) => JSON.parse(text) as Record<string, unknown>);
  if (vector.documents !== undefined) {
    expect(docs).toHaveLength(vector.documents.length);
    vector.documents.forEach((expected, i) => expect(docs[i]).toMatchObject(expected));
  }
  for (const path of vector.absent ?? []) expect(at(docs, path), path).toBeUndefined();
  for (const [path, size] of Object.entries(vector.sizes ?? {})) {
    const value = at(docs, path as DocPath);
    expect(Array.isArray(value) ? value.length : Object.keys(value ?? {}).length, path).toBe(size);
  }
  for (const [a, b] of vector.same ?? []) expect(at(docs, a), `${a} = ${b}`).toEqual(at(docs, b));
  const all = texts.join('\n');
  for (const text of vector.contains ?? []) expect(all).toContain(text);
  for (const text of vector.notContains ?? []) expect(all).not.toContain(text);
}
