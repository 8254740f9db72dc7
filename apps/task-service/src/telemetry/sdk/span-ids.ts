// Ids for the SDK: trace ids from the X-Ray id generator (X-Ray needs the epoch seconds in their
// first 8 hex digits), span ids in bulk. A span id is 8 random bytes with no format to keep; a
// sampled request takes two, and making each from Math.random, a buffer write and its own hex
// encoding showed in the profile. Here random hex comes from the system's random source 4 KiB at
// a time, encoded at once; an id is then a substring.
import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const POOL_BYTES = 4096;
const SPAN_ID_HEX = 16;
const INVALID_SPAN_ID = '0000000000000000';

/** Random hex digits, handed out in slices. */
export class HexPool {
  private readonly bytes = Buffer.allocUnsafe(POOL_BYTES);
  private pool = '';
  private next = 0;

  /** `digits` random hex digits (at most 2 * POOL_BYTES). */
  take(digits: number): string {
    if (this.next + digits > this.pool.length) {
      randomFillSync(this.bytes);
      this.pool = this.bytes.toString('hex');
      this.next = 0;
    }
    const hex = this.pool.slice(this.next, this.next + digits);
    this.next += digits;
    return hex;
  }
}

export class PooledSpanIds implements IdGenerator {
  private readonly hex = new HexPool();

  constructor(private readonly traceIds: IdGenerator) {}

  generateTraceId(): string {
    return this.traceIds.generateTraceId();
  }

  generateSpanId(): string {
    const id = this.hex.take(SPAN_ID_HEX);
    // All zeros is the invalid id; 1 in 2^64, but it must never go out.
    return id === INVALID_SPAN_ID ? this.generateSpanId() : id;
  }
}
