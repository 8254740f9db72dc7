/**
 * In-memory, bounded store of segment documents grouped by trace. Documents are kept as the
 * JSON text the exporter would send plus a few parsed fields for the query API. When the
 * document count passes the cap, whole traces are evicted, oldest first (by first arrival), so
 * memory stays flat under sustained load.
 */
import type { SegmentDocument } from '../translator/types.js';

/** The fields the query API needs, read once at ingest. */
export interface StoredDocument {
  readonly json: string;
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
}

function toStored(doc: SegmentDocument): StoredDocument {
  return {
    json: JSON.stringify(doc),
    id: doc.id ?? '',
    parentId: doc.parent_id,
    name: doc.name,
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
  };
}

export class TraceStore {
  private readonly traces = new Map<string, StoredTrace>();
  private documentCount = 0;
  private spansReceived = 0;
  private spansRejected = 0;
  private documentsEvicted = 0;
  private tracesEvicted = 0;
  private readonly listeners = new Set<() => void>();

  constructor(readonly maxDocuments: number) {}

  /** Adds one batch's documents (arrival order kept) and the batch's span counts. */
  add(documents: readonly SegmentDocument[], spansReceived: number, spansRejected: number): void {
    this.spansReceived += spansReceived;
    this.spansRejected += spansRejected;
    const now = Date.now();
    for (const doc of documents) {
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
      trace.documents.push(toStored(doc));
      trace.start = Math.min(trace.start, doc.start_time);
      trace.end = Math.max(trace.end, doc.end_time);
      trace.updatedAt = now;
      this.documentCount++;
    }
    this.evict();
    for (const listener of this.listeners) listener();
  }

  private evict(): void {
    for (const [id, trace] of this.traces) {
      if (this.documentCount <= this.maxDocuments) break;
      this.traces.delete(id);
      this.documentCount -= trace.documents.length;
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
    };
  }

  /** Called after every ingested batch; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
