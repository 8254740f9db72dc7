/**
 * Spec §12 (`segment.go: addSpecialAttributes`, `makeXRayAttributes`, `fixAnnotationKey`):
 * which attributes become searchable annotations and which become metadata, and `user`.
 */
import type { AttrMap } from '../model.js';
import type { RawValue } from './attributes.js';
import { annotationValue, sortedObject, sortJson, str, toRaw } from './attributes.js';
import type { Annotations, Metadata } from './types.js';

const ANNOTATIONS_ATTRIBUTE = 'aws.xray.annotations';
const METADATA_PREFIX = 'aws.xray.metadata.';
const RESOURCE_PREFIX = 'otel.resource.';
const DEFAULT_NAMESPACE = 'default';

/** Annotation keys allow ASCII letters and digits (and '.' with allowDot); anything else → '_'. */
export function fixAnnotationKey(key: string, allowDot: boolean): string {
  // The `u` flag makes each code point (not each UTF-16 unit) one '_', like Go's rune loop.
  return key.replace(allowDot ? /[^A-Za-z0-9.]/gu : /[^A-Za-z0-9]/gu, '_');
}

/**
 * Puts back attributes that an earlier step used up (http.method, aws.operation, …) when
 * `indexed_attributes` names them, so they can still become annotations.
 */
export function addIndexedBack(
  remaining: AttrMap,
  indexedAttributes: readonly string[],
  original: AttrMap,
): AttrMap {
  for (const name of indexedAttributes) {
    if (!remaining.has(name) && original.has(name)) remaining.set(name, original.get(name) ?? null);
  }
  return remaining;
}

interface ResourceEntry {
  readonly key: string;
  readonly scalar: string | number | boolean | undefined;
  readonly raw: RawValue | undefined;
}

/**
 * `otel.resource.<key>` entries, computed once per resource: every span of a ResourceSpans
 * shares the same resource map, and the values are never mutated afterwards.
 */
const resourceCache = new WeakMap<AttrMap, readonly ResourceEntry[]>();

function resourceEntries(resource: AttrMap): readonly ResourceEntry[] {
  let entries = resourceCache.get(resource);
  if (entries === undefined) {
    entries = [...resource].map(([key, value]) => ({
      key: RESOURCE_PREFIX + key,
      scalar: annotationValue(value),
      raw: value === null ? undefined : toRaw(value),
    }));
    resourceCache.set(resource, entries);
  }
  return entries;
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

export function makeXRayAttributes(
  attributes: AttrMap,
  resource: AttrMap,
  storeResource: boolean,
  options: XRayAttributeOptions,
): XRayAttributes {
  const user = str(attributes.get('enduser.id'));
  attributes.delete('enduser.id');
  if (attributes.size === 0 && (!storeResource || resource.size === 0)) {
    return { user, annotations: undefined, metadata: undefined };
  }
  const annotations = new Map<string, string | number | boolean>();
  const defaults = new Map<string, RawValue>();
  const namespaces = new Map<string, Record<string, RawValue> | null>();
  const indexed = new Set(options.indexAllAttributes ? [] : options.indexedAttributes);
  const listed = attributes.get(ANNOTATIONS_ATTRIBUTE);
  if (Array.isArray(listed)) {
    for (const key of listed) if (typeof key === 'string') indexed.add(key);
    attributes.delete(ANNOTATIONS_ATTRIBUTE);
  }
  const annotate = (key: string, value: string | number | boolean): void => {
    annotations.set(fixAnnotationKey(key, options.allowDot), value);
  };

  if (storeResource) {
    for (const entry of resourceEntries(resource)) {
      if (entry.scalar !== undefined && (options.indexAllAttributes || indexed.has(entry.key))) {
        annotate(entry.key, entry.scalar);
      } else if (entry.raw !== undefined) {
        defaults.set(entry.key, entry.raw);
      }
    }
  }

  for (const [key, value] of attributes) {
    const scalar = annotationValue(value);
    if (options.indexAllAttributes || indexed.has(key)) {
      // Indexed but not a scalar: dropped, not moved to metadata (as the exporter does).
      if (scalar !== undefined) annotate(key, scalar);
    } else if (key.startsWith(METADATA_PREFIX) && typeof value === 'string') {
      addMetadataNamespace(key.slice(METADATA_PREFIX.length), key, value, defaults, namespaces);
    } else if (value !== null) {
      defaults.set(key, toRaw(value));
    }
  }

  if (defaults.size > 0)
    namespaces.set(
      DEFAULT_NAMESPACE,
      sortedObject(defaults, (v) => v),
    );
  return {
    user,
    annotations: annotations.size > 0 ? sortedObject(annotations, (v) => v) : undefined,
    metadata: namespaces.size > 0 ? sortedObject(namespaces, (v) => v) : undefined,
  };
}

/** `aws.xray.metadata.<ns>` holds a JSON object for namespace <ns>; `default` merges. */
function addMetadataNamespace(
  namespace: string,
  key: string,
  json: string,
  defaults: Map<string, RawValue>,
  namespaces: Map<string, Record<string, RawValue> | null>,
): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    defaults.set(key, json);
    return;
  }
  if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
    // Go cannot unmarshal a non-object into map[string]any: the raw string stays.
    defaults.set(key, json);
    return;
  }
  const object = parsed === null ? null : (sortJson(parsed) as Record<string, RawValue>);
  if (namespace.toLowerCase() === DEFAULT_NAMESPACE) {
    for (const [k, v] of Object.entries(object ?? {})) defaults.set(k, v);
  } else {
    namespaces.set(namespace, object);
  }
}
