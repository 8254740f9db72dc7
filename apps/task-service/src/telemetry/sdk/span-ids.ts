// Ids for the SDK: trace ids from the X-Ray id generator (X-Ray needs the epoch seconds in their
// first 8 hex digits), span ids in bulk. A span id is 8 random bytes with no format to keep; a
// sampled request takes two, and making each from Math.random, a buffer write and its own hex
// encoding showed in the profile. Here 512 at a time come from the system's random source, hex
// encoded at once; one id is then a substring.
import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

const IDS_PER_FILL = 512;
const SPAN_ID_HEX = 16;
const INVALID_SPAN_ID = '0000000000000000';

export class PooledSpanIds implements IdGenerator {
  private readonly bytes = Buffer.allocUnsafe((IDS_PER_FILL * SPAN_ID_HEX) / 2);
  private pool = '';
  private next = 0;

  constructor(private readonly traceIds: IdGenerator) {}

  generateTraceId(): string {
    return this.traceIds.generateTraceId();
  }

  generateSpanId(): string {
    if (this.next >= this.pool.length) {
      randomFillSync(this.bytes);
      this.pool = this.bytes.toString('hex');
      this.next = 0;
    }
    const id = this.pool.slice(this.next, this.next + SPAN_ID_HEX);
    this.next += SPAN_ID_HEX;
    // All zeros is the invalid id; 1 in 2^64, but it must never go out.
    return id === INVALID_SPAN_ID ? this.generateSpanId() : id;
  }
}
