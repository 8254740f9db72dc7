// A growable byte buffer with the protobuf wire primitives the span encoder needs. Lengths of
// nested messages are not known before their content is written: `openMessage` reserves the
// number of length bytes the caller expects, and `closeMessage` writes the real length, moving the
// content only when that guess was wrong, so every length stays in its shortest (canonical) form.
// https://protobuf.dev/programming-guides/encoding/

/** Wire types. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

export const varintSize = (n: number): number =>
  n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;

/** Hex digit value by character code; -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = NIBBLE[65 + i] = 10 + i;

export class ProtobufOutput {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.pos = 0;
  }

  ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** A copy of what was written, sized exactly (the transport may keep it while this is reused). */
  take(): Uint8Array {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** An unsigned varint below 2^32. */
  varint(n: number): void {
    this.ensure(5);
    const b = this.buf;
    let v = n >>> 0;
    while (v >= 0x80) {
      b[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[this.pos++] = v;
  }

  /** A signed 64-bit integer as a varint (negative numbers take ten bytes, as int64 does). */
  int64(n: number): void {
    if (n >= 0 && n < 0x100000000) {
      this.varint(n);
      return;
    }
    this.ensure(10);
    let v = BigInt.asUintN(64, BigInt(n));
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  fixed32(n: number): void {
    this.ensure(4);
    this.uint32le(n >>> 0);
  }

  private uint32le(v: number): void {
    const b = this.buf;
    const p = this.pos;
    b[p] = v & 0xff;
    b[p + 1] = (v >>> 8) & 0xff;
    b[p + 2] = (v >>> 16) & 0xff;
    b[p + 3] = v >>> 24;
    this.pos = p + 4;
  }

  double(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  /** Nanoseconds since the epoch, from [seconds, nanoseconds], as fixed64. */
  hrTime(time: readonly [number, number]): void {
    // 1e9 = 2^9 * 1953125: seconds * 1953125 stays exact in a double, and the shift by 9 bits is
    // split across the two 32-bit halves.
    const scaled = time[0] * 1953125;
    let low = (scaled % 0x800000) * 512 + time[1];
    let high = Math.floor(scaled / 0x800000);
    if (low >= 0x100000000) {
      low -= 0x100000000;
      high += 1;
    }
    this.ensure(8);
    this.uint32le(low);
    this.uint32le(high >>> 0);
  }

  /** A length-delimited field of UTF-8 text. */
  string(field: number, value: string): void {
    this.tag(field, LENGTH_DELIMITED);
    this.text(value);
  }

  /**
   * The length of `value` in UTF-8, then its bytes. Most values are short ASCII (methods, routes,
   * names, addresses): those are copied here, character by character, cheaper than a call into
   * the native encoder; anything else goes to it.
   */
  text(value: string): void {
    const n = value.length;
    if (n < 128) {
      this.ensure(n + 1);
      const b = this.buf;
      const start = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        b[start + 1 + i] = c;
      }
      if (i === n) {
        b[start] = n;
        this.pos = start + 1 + n;
        return;
      }
    }
    const length = Buffer.byteLength(value, 'utf8');
    this.varint(length);
    this.ensure(length);
    this.pos += this.buf.write(value, this.pos, length, 'utf8');
  }

  /** A length-delimited field of bytes given as hex (trace and span ids). */
  hex(field: number, value: string): void {
    const length = value.length >>> 1;
    this.tag(field, LENGTH_DELIMITED);
    this.varint(length);
    this.ensure(length);
    const b = this.buf;
    const p = this.pos;
    const digit = (c: number): number => (c < 128 ? (NIBBLE[c] as number) : -1);
    for (let i = 0; i < length; i++) {
      const hi = digit(value.charCodeAt(2 * i));
      const lo = digit(value.charCodeAt(2 * i + 1));
      // Ids are checked where they are made; a malformed digit still keeps the length right.
      b[p + i] = hi < 0 || lo < 0 ? 0 : (hi << 4) | lo;
    }
    this.pos = p + length;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * Starts a length-delimited field whose content follows; returns where its length goes.
   * `expectedLengthBytes`: 1 for content under 128 bytes, 2 under 16 KiB, 3 under 2 MiB.
   */
  openMessage(field: number, expectedLengthBytes: number): number {
    this.tag(field, LENGTH_DELIMITED);
    this.ensure(expectedLengthBytes);
    const at = this.pos;
    this.pos += expectedLengthBytes;
    return at | (expectedLengthBytes << 28);
  }

  /** Writes the length of the message `openMessage` started, now that its content is written. */
  closeMessage(opened: number): void {
    const reserved = opened >>> 28;
    const at = opened & 0x0fffffff;
    const start = at + reserved;
    const length = this.pos - start;
    const size = varintSize(length);
    if (size !== reserved) {
      this.ensure(size - reserved);
      this.buf.copyWithin(at + size, start, this.pos);
      this.pos += size - reserved;
    }
    let v = length;
    let p = at;
    while (v >= 0x80) {
      this.buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[p] = v;
  }
}
