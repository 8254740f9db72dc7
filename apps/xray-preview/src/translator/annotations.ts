/**
 * `segment.go: addSpecialAttributes`, `makeXRayAttributes`, `annotationValue`, `fixAnnotationKey`:
 * which attributes become searchable annotations and which become metadata, and `user`.
 * See docs/xray-translation.md, "Annotations and metadata".
 */
import { MAX_VALUE_DEPTH } from '../limits.js';
import type { AttrValue } from '../model.js';
import type { PdataMap, RawValue } from './pdata.js';
import { asRaw, scalar, setKey, str } from './pdata.js';
import type { Annotations, Metadata } from './types.js';

const ANNOTATIONS_ATTRIBUTE = 'aws.xray.annotations';
const METADATA_PREFIX = 'aws.xray.metadata.';
const RESOURCE_PREFIX = 'otel.resource.';
const DEFAULT_NAMESPACE = 'default';

/** Annotation keys keep ASCII letters and digits (and '.' with allowDot); any other rune → '_'. */
export function fixAnnotationKey(key: string, allowDot: boolean): string {
  return key.replace(allowDot ? /[^A-Za-z0-9.]/gu : /[^A-Za-z0-9]/gu, '_');
}

/**
 * Puts back attributes an earlier step used up (http.method, aws.operation, …) when
 * `indexed_attributes` names them, so they can still become annotations.
 */
export function addIndexedBack(
  remaining: Map<string, AttrValue>,
  indexedAttributes: readonly string[],
  original: PdataMap,
): Map<string, AttrValue> {
  for (const name of indexedAttributes) {
    if (!remaining.has(name) && original.has(name)) remaining.set(name, original.get(name) ?? null);
  }
  return remaining;
}

export interface XRayAttributes {
  readonly user: string;
  readonly annotations: Annotations | undefined;
  readonly metadata: Metadata | undefined;
}

export interface XRayAttributeOptions {
  readonly indexedAttributes: readonly string[];
  readonly indexAllAttributes: boolean;
  readonly allowDot: boolean;
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(hasNonFinite);
}

/** How deep arrays and objects nest in JSON text (strings skipped), in one pass. */
function nestingDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * `json.Unmarshal` into `map[string]any`: an object or `null`; anything else, or a number beyond
 * float64, is an error (undefined here). Go also refuses JSON nested more than 10,000 deep; the
 * preview stops at MAX_VALUE_DEPTH, since it walks the value recursively (docs/xray-translation.md,
 * "Not modelled"). Either way the text stays a plain string in metadata.
 */
function unmarshalObject(json: string): { value: Record<string, RawValue> | null } | undefined {
  if (nestingDepth(json) > MAX_VALUE_DEPTH) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (parsed === null) return { value: null };
  if (typeof parsed !== 'object' || Array.isArray(parsed) || hasNonFinite(parsed)) return undefined;
  return { value: parsed as Record<string, RawValue> };
}

function annotate(into: Annotations, key: string, value: AttrValue, allowDot: boolean): void {
  const annotation = scalar(value);
  if (annotation !== undefined) setKey(into, fixAnnotationKey(key, allowDot), annotation);
}

/** An empty value is left out; empty bytes are kept, and written as null. */
function keep(into: Record<string, RawValue>, key: string, value: AttrValue): void {
  if (value !== null) setKey(into, key, asRaw(value));
}

interface ResourceEntry {
  readonly key: string;
  readonly value: AttrValue;
  readonly scalar: boolean;
  /** `AsRaw()`; undefined for an empty value, which metadata leaves out. Shared, never changed. */
  readonly raw: RawValue | undefined;
}

/** `otel.resource.<key>` entries, once per resource: every span of a request shares it. */
const resourceCache = new WeakMap<PdataMap, readonly ResourceEntry[]>();

function resourceEntries(resource: PdataMap): readonly ResourceEntry[] {
  let entries = resourceCache.get(resource);
  if (entries === undefined) {
    entries = [...resource].map(([name, value]) => ({
      key: RESOURCE_PREFIX + name,
      value,
      scalar: scalar(value) !== undefined,
      raw: value === null ? undefined : asRaw(value),
    }));
    resourceCache.set(resource, entries);
  }
  return entries;
}

export function makeXRayAttributes(
  attributes: Map<string, AttrValue>,
  resource: PdataMap,
  storeResource: boolean,
  options: XRayAttributeOptions,
): XRayAttributes {
  const user = str(attributes.get('enduser.id'));
  attributes.delete('enduser.id');
  if (attributes.size === 0 && (!storeResource || resource.size === 0)) {
    return { user, annotations: undefined, metadata: undefined };
  }
  const annotations: Annotations = {};
  const defaults: Record<string, RawValue> = {};
  const metadata: Metadata = {};
  const indexed = new Set(options.indexAllAttributes ? [] : options.indexedAttributes);
  const listed = attributes.get(ANNOTATIONS_ATTRIBUTE);
  if (Array.isArray(listed)) {
    for (const key of listed) if (typeof key === 'string') indexed.add(key);
    attributes.delete(ANNOTATIONS_ATTRIBUTE);
  }

  if (storeResource) {
    for (const { key, value, scalar: isScalar, raw } of resourceEntries(resource)) {
      if (isScalar && (options.indexAllAttributes || indexed.has(key))) {
        annotate(annotations, key, value, options.allowDot);
      } else if (raw !== undefined) setKey(defaults, key, raw);
    }
  }

  for (const [key, value] of attributes) {
    if (options.indexAllAttributes || indexed.has(key)) {
      // Indexed but not a scalar: dropped, not moved to metadata.
      annotate(annotations, key, value, options.allowDot);
    } else if (key.startsWith(METADATA_PREFIX) && typeof value === 'string') {
      const namespace = key.slice(METADATA_PREFIX.length);
      const parsed = unmarshalObject(value);
      if (parsed === undefined) setKey(defaults, key, value);
      else if (namespace.toLowerCase() === DEFAULT_NAMESPACE) {
        for (const [k, v] of Object.entries(parsed.value ?? {})) setKey(defaults, k, v);
      } else setKey(metadata, namespace, parsed.value);
    } else keep(defaults, key, value);
  }

  if (Object.keys(defaults).length > 0) {
    setKey<Record<string, RawValue> | null>(metadata, DEFAULT_NAMESPACE, defaults);
  }
  return {
    user,
    annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
  };
}
