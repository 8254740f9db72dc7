/**
 * In-memory, bounded store of segment documents grouped by trace. Documents are kept as the
 * JSON text the exporter would send plus a few parsed fields for the query API. When the
 * document count or the bytes held pass their caps, whole traces are evicted, oldest first (by
 * first arrival), so memory stays flat under sustained load. A document over X-Ray's 64 KB limit
 * is not stored at all: X-Ray would refuse it (PutTraceSegments reports it unprocessed).
 */
import { MAX_SEGMENT_DOCUMENT_BYTES } from '../contract.js';
import type { SegmentDocument } from '../translator/types.js';

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
  readonly namespace: string | undefined;
  readonly origin: string | undefined;
  readonly start: number;
  readonly end: number;
  readonly fault: boolean;
  readonly error: boolean;
  readonly throttle: boolean;
  readonly http: SegmentDocument['http'];
  readonly tableName: string | undefined;
  readonly annotations: SegmentDocument['annotations'];
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

export interface StoreStats {
  readonly spansReceived: number;
  readonly spansRejected: number;
  readonly documentsStored: number;
  readonly documentsEvicted: number;
  readonly tracesStored: number;
  readonly tracesEvicted: number;
  readonly maxDocuments: number;
  readonly storeBytes: number;
  readonly maxStoreBytes: number;
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
    name: detached(doc.name),
    isSubsegment: doc.type === 'subsegment',
    namespace: doc.namespace,
    origin: doc.origin,
    start: doc.start_time,
    end: doc.end_time,
    fault: doc.fault,
    error: doc.error,
    throttle: doc.throttle,
    http: doc.http,
    tableName: doc.aws?.table_name,
    annotations: doc.annotations,
    spanName: spanName === undefined ? undefined : detached(spanName.slice(0, 200)),
  };
}

/** A copy of `text` that shares no memory with a larger string. */
function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private documentCount = 0;
  private byteCount = 0;
  private spansReceived = 0;
  private spansRejected = 0;
  private documentsEvicted = 0;
  private tracesEvicted = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly maxDocuments: number,
    /** @default unlimited */
    readonly maxBytes: number = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Adds one batch's documents (arrival order kept) and the batch's span counts; `spanNames`
   * maps span ids to span names. Returns how many documents were refused for being over
   * X-Ray's document size limit.
   */
  add(
    documents: readonly SegmentDocument[],
    spansReceived: number,
    spansRejected: number,
    spanNames?: ReadonlyMap<string, string>,
  ): number {
    this.spansReceived += spansReceived;
    this.spansRejected += spansRejected;
    const now = Date.now();
    let tooLarge = 0;
    for (const doc of documents) {
      const json = JSON.stringify(doc);
      const jsonBytes = Buffer.byteLength(json);
      if (jsonBytes > MAX_SEGMENT_DOCUMENT_BYTES) {
        tooLarge++;
        continue;
      }
      let trace = this.traces.get(doc.trace_id);
      if (trace === undefined) {
        trace = {
          id: doc.trace_id,
          documents: [],
          start: doc.start_time,
          end: doc.end_time,
          updatedAt: now,
        };
        this.traces.set(doc.trace_id, trace);
      }
      const stored = toStored(doc, json, jsonBytes, spanNames?.get(doc.id ?? ''));
      trace.documents.push(stored);
      trace.start = Math.min(trace.start, doc.start_time);
      trace.end = Math.max(trace.end, doc.end_time);
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
    for (const [id, trace] of this.traces) {
      if (this.documentCount <= this.maxDocuments && this.byteCount <= this.maxBytes) break;
      this.traces.delete(id);
      this.documentCount -= trace.documents.length;
      for (const doc of trace.documents) this.byteCount -= doc.bytes;
      this.documentsEvicted += trace.documents.length;
      this.tracesEvicted++;
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
      spansRejected: this.spansRejected,
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
