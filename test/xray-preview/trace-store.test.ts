// Bounded store: eviction of whole traces, oldest first.
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_DOCUMENT_BYTES } from '../../apps/xray-preview/src/contract.js';
import {
  DOCUMENT_OVERHEAD_BYTES,
  TraceStore,
} from '../../apps/xray-preview/src/store/trace-store.js';
import type {
  SegmentDocument,
  TranslatedDocument,
} from '../../apps/xray-preview/src/translator/types.js';

const translated = (document: SegmentDocument): TranslatedDocument => ({
  document,
  json: JSON.stringify(document),
});

const doc = (traceId: string, id: string, fields: Partial<SegmentDocument> = {}) =>
  translated({
    name: 'svc',
    id,
    start_time: 1,
    trace_id: traceId,
    end_time: 2,
    fault: false,
    error: false,
    throttle: false,
    ...fields,
  });

describe('TraceStore', () => {
  it('GIVEN a cap of 4 documents WHEN a third 2-document trace arrives THEN the oldest trace is evicted whole', () => {
    const store = new TraceStore(4);
    store.add([doc('1-a', '1'), doc('1-a', '2')], 2);
    store.add([doc('1-b', '3'), doc('1-b', '4')], 2);
    store.add([doc('1-c', '5'), doc('1-c', '6')], 2);
    expect(store.get('1-a')).toBeUndefined();
    expect([...store.all()].map((t) => t.id)).toEqual(['1-b', '1-c']);
    expect(store.stats()).toMatchObject({
      spansReceived: 6,
      documentsStored: 4,
      documentsEvicted: 2,
      tracesStored: 2,
      tracesEvicted: 1,
    });
  });

  it('GIVEN the oldest trace gets a later document WHEN the cap is passed THEN it still goes first: age is first arrival', () => {
    const store = new TraceStore(4);
    store.add([doc('1-a', '1')], 1);
    store.add([doc('1-b', '2'), doc('1-b', '3')], 2);
    store.add([doc('1-a', '4')], 1);
    store.add([doc('1-c', '5')], 1);
    expect([...store.all()].map((t) => t.id)).toEqual(['1-b', '1-c']);
    expect(store.stats()).toMatchObject({ documentsStored: 3, tracesEvicted: 1 });
  });

  it('GIVEN 5,000 one-document traces through a cap of 100 WHEN each is added THEN the newest 100 stay, in arrival order, and an evicted trace that returns is new again', () => {
    const store = new TraceStore(100);
    for (let i = 0; i < 5000; i++) store.add([doc(`1-${i}`, String(i))], 1);
    const ids = [...store.all()].map((t) => t.id);
    expect(ids).toEqual(Array.from({ length: 100 }, (_, k) => `1-${4900 + k}`));
    store.add([doc('1-0', 'again')], 1);
    expect([...store.all()].map((t) => t.id).slice(-2)).toEqual(['1-4999', '1-0']);
    expect(store.get('1-4900')).toBeUndefined();
    expect(store.stats()).toMatchObject({ documentsStored: 100, tracesEvicted: 4901 });
  });

  it('GIVEN a cap in bytes WHEN 40 KB documents keep arriving THEN the oldest traces go and the store stays under the cap', () => {
    const maxBytes = 200 * 1024;
    const store = new TraceStore(1_000_000, maxBytes);
    const big = (traceId: string, id: string) =>
      doc(traceId, id, { metadata: { default: { payload: 'p'.repeat(40 * 1024) } } });
    for (let i = 0; i < 20; i++) store.add([big(`1-${i}`, String(i))], 1);
    const stats = store.stats();
    expect(stats.storeBytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.storeBytes).toBeGreaterThan(maxBytes - 41 * 1024 - DOCUMENT_OVERHEAD_BYTES);
    expect(stats.tracesStored).toBe(4);
    expect([...store.all()].map((t) => t.id)).toEqual(['1-16', '1-17', '1-18', '1-19']);
  });

  it('GIVEN a document over 64 KB of JSON WHEN added THEN it is refused and reported, and its neighbours are kept', () => {
    const store = new TraceStore(10);
    const tooLarge = doc('1-a', 'x', {
      metadata: { default: { payload: 'é'.repeat(MAX_SEGMENT_DOCUMENT_BYTES / 2) } },
    });
    expect(store.add([doc('1-a', '1'), tooLarge, doc('1-a', '2')], 3)).toBe(1);
    expect(store.get('1-a')?.documents.map((d) => d.id)).toEqual(['1', '2']);
  });

  it('GIVEN documents of one trace in several batches WHEN stored THEN they keep arrival order and widen the time span', () => {
    const store = new TraceStore(10);
    store.add([doc('1-a', '2')], 1);
    store.add([doc('1-a', '1', { start_time: 0.5, end_time: 3 })], 1);
    const trace = store.get('1-a');
    expect(trace?.documents.map((d) => d.id)).toEqual(['2', '1']);
    expect([trace?.start, trace?.end]).toEqual([0.5, 3]);
  });

  it('GIVEN a listener WHEN a batch is added THEN it is called, and not after unsubscribing', () => {
    const store = new TraceStore(10);
    let calls = 0;
    const off = store.onChange(() => calls++);
    store.add([doc('1-a', '1')], 1);
    off();
    store.add([doc('1-a', '2')], 1);
    expect(calls).toBe(1);
  });

  it('GIVEN an in-progress document (no end_time) WHEN stored THEN its end is its start and the trace times stay numbers', () => {
    const store = new TraceStore(10);
    const inProgress = translated({
      name: 'svc',
      id: '1',
      start_time: 5,
      trace_id: '1-a',
      in_progress: true,
      fault: false,
      error: false,
      throttle: false,
    });
    store.add([inProgress], 1);
    const trace = store.get('1-a');
    expect(trace?.documents[0]).toMatchObject({ inProgress: true, start: 5, end: 5 });
    expect([trace?.start, trace?.end]).toEqual([5, 5]);
  });

  it('GIVEN warnings with a batch WHEN added THEN they are counted as rejected spans and listed newest first', () => {
    const store = new TraceStore(10);
    const warning = (spanName: string) => ({
      reason: 'non-finite-number' as const,
      kind: 'dropped' as const,
      detail: 'metadata.default.v is NaN',
      service: 's',
      spanName,
      traceId: '1-a',
      spanId: '1',
      startTime: 1,
      receivedAt: 1,
    });
    store.add([], 2, [warning('first'), warning('second')]);
    expect(store.stats()).toMatchObject({ spansReceived: 2, spansRejected: 2 });
    expect(store.warnings.response().warnings.map((w) => w.spanName)).toEqual(['second', 'first']);
    expect(store.warnings.byReason()['non-finite-number']).toBe(2);
  });
});
