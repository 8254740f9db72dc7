// Bounded store: eviction of whole traces, oldest first.
import { describe, expect, it } from 'vitest';
import { MAX_SEGMENT_DOCUMENT_BYTES } from '../../apps/xray-preview/src/contract.js';
import {
  DOCUMENT_OVERHEAD_BYTES,
  TraceStore,
} from '../../apps/xray-preview/src/store/trace-store.js';
import type { SegmentDocument } from '../../apps/xray-preview/src/translator/types.js';

const doc = (traceId: string, id: string): SegmentDocument => ({
  name: 'svc',
  id,
  start_time: 1,
  trace_id: traceId,
  end_time: 2,
  fault: false,
  error: false,
  throttle: false,
});

describe('TraceStore', () => {
  it('GIVEN a cap of 4 documents WHEN a third 2-document trace arrives THEN the oldest trace is evicted whole', () => {
    const store = new TraceStore(4);
    store.add([doc('1-a', '1'), doc('1-a', '2')], 2, 0);
    store.add([doc('1-b', '3'), doc('1-b', '4')], 2, 0);
    store.add([doc('1-c', '5'), doc('1-c', '6')], 2, 0);
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

  it('GIVEN a cap in bytes WHEN 40 KB documents keep arriving THEN the oldest traces go and the store stays under the cap', () => {
    const maxBytes = 200 * 1024;
    const store = new TraceStore(1_000_000, maxBytes);
    const big = (traceId: string, id: string): SegmentDocument => ({
      ...doc(traceId, id),
      metadata: { default: { payload: 'p'.repeat(40 * 1024) } },
    });
    for (let i = 0; i < 20; i++) store.add([big(`1-${i}`, String(i))], 1, 0);
    const stats = store.stats();
    expect(stats.storeBytes).toBeLessThanOrEqual(maxBytes);
    expect(stats.storeBytes).toBeGreaterThan(maxBytes - 41 * 1024 - DOCUMENT_OVERHEAD_BYTES);
    expect(stats.tracesStored).toBe(4);
    expect([...store.all()].map((t) => t.id)).toEqual(['1-16', '1-17', '1-18', '1-19']);
  });

  it('GIVEN a document over 64 KB of JSON WHEN added THEN it is refused and reported, and its neighbours are kept', () => {
    const store = new TraceStore(10);
    const tooLarge: SegmentDocument = {
      ...doc('1-a', 'x'),
      metadata: { default: { payload: 'é'.repeat(MAX_SEGMENT_DOCUMENT_BYTES / 2) } },
    };
    expect(store.add([doc('1-a', '1'), tooLarge, doc('1-a', '2')], 3, 0)).toBe(1);
    expect(store.get('1-a')?.documents.map((d) => d.id)).toEqual(['1', '2']);
  });

  it('GIVEN documents of one trace in several batches WHEN stored THEN they keep arrival order and widen the time span', () => {
    const store = new TraceStore(10);
    store.add([doc('1-a', '2')], 1, 0);
    store.add([{ ...doc('1-a', '1'), start_time: 0.5, end_time: 3 }], 1, 0);
    const trace = store.get('1-a');
    expect(trace?.documents.map((d) => d.id)).toEqual(['2', '1']);
    expect([trace?.start, trace?.end]).toEqual([0.5, 3]);
  });

  it('GIVEN a listener WHEN a batch is added THEN it is called, and not after unsubscribing', () => {
    const store = new TraceStore(10);
    let calls = 0;
    const off = store.onChange(() => calls++);
    store.add([doc('1-a', '1')], 1, 0);
    off();
    store.add([doc('1-a', '2')], 1, 0);
    expect(calls).toBe(1);
  });
});
