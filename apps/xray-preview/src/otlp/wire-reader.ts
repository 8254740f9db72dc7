/**
 * A minimal protobuf wire-format reader (varint, fixed64, length-delimited) over a Buffer, with
 * bounds checks that turn truncated or corrupt input into OtlpDecodeError.
 */
import { int64Value } from '../model.js';
import { OtlpDecodeError } from './normalize.js';

export const WireType = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;

export class WireReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private fail(what: string): never {
    throw new OtlpDecodeError(
      `protobuf body is truncated or corrupt (${what} at byte ${this.pos})`,
    );
  }

  /** A varint as a JS number; exact up to 2^53, which covers tags, lengths, enums and sizes. */
  varint(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('varint');
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * factor;
      if (byte < 0x80) return result;
      factor *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /**
   * An int64 varint, exact: a number while it is a safe integer, a bigint beyond (negative
   * values use all 10 bytes as two's complement).
   */
  int64(): number | bigint {
    const start = this.pos;
    const value = this.varint();
    if (this.pos - start <= 7) return value;
    let bits = 0n;
    for (let i = start; i < this.pos; i++) {
      bits |= BigInt((this.buf[i] as number) & 0x7f) << BigInt(7 * (i - start));
    }
    return int64Value(BigInt.asIntN(64, bits));
  }

  fixed64(): { lo: number; hi: number } {
    if (this.pos + 8 > this.end) this.fail('fixed64');
    const lo = this.buf.readUInt32LE(this.pos);
    const hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
    return { lo, hi };
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail('double');
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Start and end of a length-delimited field's payload; advances past it. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.pos;
    const end = start + length;
    if (end > this.end) this.fail('length-delimited field');
    this.pos = end;
    return [start, end];
  }

  string(): string {
    const [start, end] = this.span();
    return this.buf.toString('utf8', start, end);
  }

  hex(): string {
    const [start, end] = this.span();
    return this.buf.toString('hex', start, end);
  }

  bytes(): Uint8Array {
    const [start, end] = this.span();
    return new Uint8Array(this.buf.subarray(start, end));
  }

  sub(): WireReader {
    const [start, end] = this.span();
    return new WireReader(this.buf, start, end);
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WireType.VARINT:
        this.varint();
        return;
      case WireType.FIXED64:
        if (this.pos + 8 > this.end) this.fail('fixed64');
        this.pos += 8;
        return;
      case WireType.LEN:
        this.span();
        return;
      case WireType.FIXED32:
        if (this.pos + 4 > this.end) this.fail('fixed32');
        this.pos += 4;
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }
}
