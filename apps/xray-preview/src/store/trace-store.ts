/**
 * In-memory, bounded store of segment documents grouped by trace. Documents are kept as the
 * JSON text the exporter would send plus a few parsed fields for the query API. When the
 * document count or the bytes held pass their caps, whole traces are evicted, oldest first (by
 * first arrival), so memory stays flat under sustained load. A document over X-Ray's 64 KB limit
 * is not stored at all: X-Ray would refuse it (PutTraceSegments reports it unprocessed).
 */
import type { PreviewStats, SpanWarning } from '../contract.js';
import { MAX_SEGMENT_DOCUMENT_BYTES } from '../contract.js';
import type { HttpData, SegmentDocument, TranslatedDocument } from '../translator/types.js';
import { WarningLog } from './warning-log.js';

/** The http block with plain numbers (the translator keeps int64 exact; the API needs numbers). */
export interface StoredHttp {
  readonly request: HttpData['request'];
  readonly response: { readonly status?: number; readonly content_length: number };
}

/**
 * Heap a stored document takes besides its JSON text (the parsed fields, the object, the array
 * slot), measured with task-service-like documents; used to count the store in bytes.
 */
export const DOCUMENT_OVERHEAD_BYTES = 640;

/** The fields the query API needs, read once at ingest. */
export interface StoredDocument {
  readonly json: string;
  /** Bytes this document is counted for: its UTF-8 JSON plus DOCUMENT_OVERHEAD_BYTES. */
  readonly bytes: number;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly name: string;
  readonly isSubsegment: boolean;
  /** `in_progress` documents have no end_time; `end` is their start. */
  readonly inProgress: boolean;
  readonly namespace: string | undefined;
  readonly origin: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly http: StoredHttp | undefined;
  readonly tableName: string | undefined;
  readonly annotations: Record<string, string | number | boolean> | undefined;
  /**
   * Name of the OpenTelemetry span the document was made from, when known (preview-only: the
   * document itself does not carry it).
   */
  readonly spanName: string | undefined;
}

export interface StoredTrace {
  readonly id: string;
  readonly documents: StoredDocument[];
  /** Earliest start_time and latest end_time of its documents, epoch seconds. */
  start: number;
  end: number;
  /** Epoch ms of the last document's arrival. */
  updatedAt: number;
}

/** The part of `/api/stats` the store itself counts. */
export type StoreStats = Pick<
  PreviewStats,
  | 'spansReceived'
  | 'spansRejected'
  | 'documentsStored'
  | 'documentsEvicted'
  | 'tracesStored'
  | 'tracesEvicted'
  | 'maxDocuments'
  | 'storeBytes'
  | 'maxStoreBytes'
>;

/** Annotations with plain numbers (the translator keeps int64 values exact as bigints). */
function toNumbers(annotations: SegmentDocument['annotations']): StoredDocument['annotations'] {
  if (annotations === undefined) return undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(annotations)) {
    out[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return out;
}

function toStoredHttp(http: SegmentDocument['http']): StoredHttp | undefined {
  if (http === undefined) return undefined;
  const { status, content_length } = http.response;
  return {
    request: http.request,
    response: {
      status: status === undefined ? undefined : Number(status),
      content_length: Number(content_length),
    },
  };
}

/**
 * The stored form. Names are copied: the translator trims a segment name to 200 bytes, and such
 * a cut can share memory with the whole attribute it was cut from (V8 keeps substrings as views),
 * which would keep a multi-megabyte attribute alive in the store. The other strings are whole
 * attribute values, and a document holding a large one is over 64 KB and not stored.
 */
function toStored(
  doc: SegmentDocument,
  json: string,
  jsonBytes: number,
  spanName: string | undefined,
): StoredDocument {
  return {
    json,
    bytes: jsonBytes + DOCUMENT_OVERHEAD_BYTES,
    id: doc.id ?? '',
    parentId: doc.parent_id,
    name: detached(doc.name ?? ''),
    isSubsegment: doc.type === 'subsegment',
    inProgress: doc.in_progress === true,
    namespace: doc.namespace,
    origin: doc.origin,
    start: doc.start_time,
    end: doc.end_time ?? doc.start_time,
    fault: doc.fault,
    error: doc.error,
    throttle: doc.throttle,
    http: toStoredHttp(doc.http),
    tableName: doc.aws?.table_name,
    annotations: toNumbers(doc.annotations),
    spanName: spanName === undefined ? undefined : detached(spanName.slice(0, 200)),
  };
}

/** A copy of `text` that shares no memory with a larger string. */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  /**
   * Trace ids in first-arrival order from `head` on: eviction takes them from here. Iterating the
   * Map from its start would walk past every entry deleted since V8 last rehashed it, on every
   * document added at the cap (that walk was a third of the preview's CPU when full).
   */
  private order: string[] = [];
  private head = 0;
  private documentCount = 0;
  private byteCount = 0;
  private spansReceived = 0;
  /** Spans kept out of the store because X-Ray would never show them. */
  readonly warnings = new WarningLog();
  private documentsEvicted = 0;
  private tracesEvicted = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly maxDocuments: number,
    /** @default unlimited */
    readonly maxBytes: number = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Adds one request's documents (arrival order kept), its span count, a warning for each span
   * that produced no documents, and (`spanNames`) span names by span id. Returns how many
   * documents were refused for being over X-Ray's document size limit.
   */
  add(
    documents: readonly TranslatedDocument[],
    spansReceived: number,
    warnings: readonly SpanWarning[] = [],
    spanNames?: ReadonlyMap<string, string>,
  ): number {
    this.spansReceived += spansReceived;
    this.warnings.add(warnings);
    const now = Date.now();
    let tooLarge = 0;
    for (const { document: doc, json } of documents) {
      const jsonBytes = Buffer.byteLength(json);
      if (jsonBytes > MAX_SEGMENT_DOCUMENT_BYTES) {
        tooLarge++;
        continue;
      }
      const end = doc.end_time ?? doc.start_time;
      let trace = this.traces.get(doc.trace_id);
      if (trace === undefined) {
        trace = {
          id: doc.trace_id,
          documents: [],
          start: doc.start_time,
          end,
          updatedAt: now,
        };
        this.traces.set(doc.trace_id, trace);
        this.order.push(doc.trace_id);
      }
      const stored = toStored(doc, json, jsonBytes, spanNames?.get(doc.id ?? ''));
      trace.documents.push(stored);
      trace.start = Math.min(trace.start, doc.start_time);
      trace.end = Math.max(trace.end, end);
      trace.updatedAt = now;
      this.documentCount++;
      this.byteCount += stored.bytes;
      // Evicting per document keeps a large batch from holding twice the cap for a moment.
      this.evict();
    }
    for (const listener of this.listeners) listener();
    return tooLarge;
  }

  private evict(): void {
    while (
      (this.documentCount > this.maxDocuments || this.byteCount > this.maxBytes) &&
      this.head < this.order.length
    ) {
      const id = this.order[this.head++] as string;
      const trace = this.traces.get(id);
      if (trace === undefined) continue;
      this.traces.delete(id);
      this.documentCount -= trace.documents.length;
      for (const doc of trace.documents) this.byteCount -= doc.bytes;
      this.documentsEvicted += trace.documents.length;
      this.tracesEvicted++;
    }
    // Drop the evicted prefix now and then, so the array stays about as long as the Map.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId);
  }

  /** Stored traces, oldest first. */
  all(): IterableIterator<StoredTrace> {
    return this.traces.values();
  }

  stats(): StoreStats {
    return {
      spansReceived: this.spansReceived,
      spansRejected: this.warnings.count,
      documentsStored: this.documentCount,
      documentsEvicted: this.documentsEvicted,
      tracesStored: this.traces.size,
      tracesEvicted: this.tracesEvicted,
      maxDocuments: this.maxDocuments,
      storeBytes: this.byteCount,
      maxStoreBytes: this.maxBytes,
    };
  }

  /** Called after every ingested batch; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
