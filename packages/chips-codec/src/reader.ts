import { ChipsError, type ChipsErrorCode } from './errors.js';
import { decodeUtf8Nfc } from './utf8.js';

/**
 * A strict, single-pass MessagePack reader for the canonical profile (docs/spec/chips.md §3).
 *
 * General MessagePack decoders (including @msgpack/msgpack's Decoder) accept every encoding of
 * a value and report the value only, so they cannot tell `0x05` from `0xcc 0x05`. This reader
 * checks each head as it reads it: shortest integer and length forms, float64 only for
 * non-integers, no float32 / ext / 0xc1. Lengths are checked against the bytes that remain
 * before anything is allocated, so a 5-byte input cannot make it reserve 4 GiB.
 *
 * Errors carry the offset of the head byte of the offending value.
 */
export class CanonicalReader {
  pos: number;
  readonly bytes: Uint8Array;
  readonly end: number;
  private view: DataView | undefined;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  fail(code: ChipsErrorCode, message: string, at: number, field?: string): never {
    throw new ChipsError(code, message, at, field);
  }

  /** Head byte of the next value, without consuming it. */
  peek(field?: string): number {
    if (this.pos >= this.end)
      this.fail('TRUNCATED', 'input ends where a value should start', this.pos, field);
    return this.bytes[this.pos]!;
  }

  /** Moves past `n` bytes after a head at `at`, failing with TRUNCATED if they are not there. */
  private take(n: number, at: number, field?: string): number {
    const p = this.pos;
    if (n > this.end - p) this.fail('TRUNCATED', `value needs ${n} more bytes`, at, field);
    this.pos = p + n;
    return p;
  }

  private u8(at: number, field?: string): number {
    return this.bytes[this.take(1, at, field)]!;
  }

  private u16(at: number, field?: string): number {
    const p = this.take(2, at, field);
    const b = this.bytes;
    return (b[p]! << 8) | b[p + 1]!;
  }

  private u32(at: number, field?: string): number {
    const p = this.take(4, at, field);
    const b = this.bytes;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  private dataView(): DataView {
    if (this.view === undefined) {
      const b = this.bytes;
      this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    }
    return this.view;
  }

  /** Container length check shared by arrays and maps: limit first, then availability. */
  private count(
    n: number,
    minBytesPerItem: number,
    maxItems: number,
    at: number,
    field?: string,
  ): number {
    if (n > maxItems)
      this.fail('TOO_LARGE', `container of ${n} items over the limit ${maxItems}`, at, field);
    if (n * minBytesPerItem > this.end - this.pos) {
      this.fail('TRUNCATED', `container of ${n} items cannot fit in the input`, at, field);
    }
    return n;
  }

  /** Reads an array head; returns the element count, checked against `maxItems` and the bytes left. */
  readArrayHeader(maxItems: number, field?: string): number {
    const at = this.pos;
    return this.count(this.readArrayLength(field), 1, maxItems, at, field);
  }

  /**
   * Reads an array head and returns the count it declares, unchecked: for fixed layouts, whose
   * caller compares it with the one length it accepts before reading (or allocating) anything.
   */
  readArrayLength(field?: string): number {
    const at = this.pos;
    const h = this.peek(field);
    this.pos++;
    if (h >= 0x90 && h <= 0x9f) return h - 0x90;
    if (h === 0xdc) {
      const n = this.u16(at, field);
      if (n < 16) this.fail('NON_CANONICAL', 'array 16 for fewer than 16 items', at, field);
      return n;
    }
    if (h === 0xdd) {
      const n = this.u32(at, field);
      if (n < 0x10000) this.fail('NON_CANONICAL', 'array 32 for fewer than 65536 items', at, field);
      return n;
    }
    this.pos = at;
    return this.wrongType('an array', h, at, field);
  }

  /** Reads a map head; returns the entry count. */
  readMapHeader(maxItems: number, field?: string): number {
    const at = this.pos;
    const h = this.peek(field);
    this.pos++;
    if (h >= 0x80 && h <= 0x8f) return this.count(h - 0x80, 2, maxItems, at, field);
    if (h === 0xde) {
      const n = this.u16(at, field);
      if (n < 16) this.fail('NON_CANONICAL', 'map 16 for fewer than 16 entries', at, field);
      return this.count(n, 2, maxItems, at, field);
    }
    if (h === 0xdf) {
      const n = this.u32(at, field);
      if (n < 0x10000) this.fail('NON_CANONICAL', 'map 32 for fewer than 65536 entries', at, field);
      return this.count(n, 2, maxItems, at, field);
    }
    this.pos = at;
    return this.wrongType('a map', h, at, field);
  }

  /**
   * Reads any number in canonical form: a safe integer in its shortest int form, or a finite
   * non-integer float64 (a float64 holding a safe integer, -0 included, is not canonical).
   */
  readNumber(field?: string): number {
    const at = this.pos;
    const h = this.peek(field);
    if (h <= 0x7f) {
      this.pos++;
      return h;
    }
    if (h >= 0xe0) {
      this.pos++;
      return h - 0x100;
    }
    this.pos++;
    switch (h) {
      case 0xcc: {
        const v = this.u8(at, field);
        if (v < 0x80) this.fail('NON_CANONICAL', 'uint 8 for a fixint', at, field);
        return v;
      }
      case 0xcd: {
        const v = this.u16(at, field);
        if (v < 0x100) this.fail('NON_CANONICAL', 'uint 16 for a shorter integer', at, field);
        return v;
      }
      case 0xce: {
        const v = this.u32(at, field);
        if (v < 0x10000) this.fail('NON_CANONICAL', 'uint 32 for a shorter integer', at, field);
        return v;
      }
      case 0xcf: {
        const hi = this.u32(at, field);
        const lo = this.u32(at, field);
        if (hi > 0x1fffff) this.fail('UNSAFE_INTEGER', 'uint 64 above 2^53 - 1', at, field);
        if (hi === 0) this.fail('NON_CANONICAL', 'uint 64 for a shorter integer', at, field);
        return hi * 0x100000000 + lo;
      }
      case 0xd0: {
        const v = (this.u8(at, field) << 24) >> 24;
        if (v >= -32) this.fail('NON_CANONICAL', 'int 8 for a fixint', at, field);
        return v;
      }
      case 0xd1: {
        const v = (this.u16(at, field) << 16) >> 16;
        if (v >= -128) this.fail('NON_CANONICAL', 'int 16 for a shorter integer', at, field);
        return v;
      }
      case 0xd2: {
        const v = this.u32(at, field) | 0;
        if (v >= -32768) this.fail('NON_CANONICAL', 'int 32 for a shorter integer', at, field);
        return v;
      }
      case 0xd3: {
        const hi = this.u32(at, field) | 0;
        const lo = this.u32(at, field);
        const v = hi * 0x100000000 + lo;
        if (!Number.isSafeInteger(v))
          this.fail('UNSAFE_INTEGER', 'int 64 outside ±(2^53 - 1)', at, field);
        if (v >= -0x80000000) this.fail('NON_CANONICAL', 'int 64 for a shorter integer', at, field);
        return v;
      }
      case 0xcb: {
        const p = this.take(8, at, field);
        const v = this.dataView().getFloat64(p);
        if (!Number.isFinite(v)) this.fail('NON_FINITE', 'NaN or Infinity', at, field);
        if (Number.isSafeInteger(v)) {
          this.fail('NON_CANONICAL', 'float 64 holding a safe integer (or -0)', at, field);
        }
        return v;
      }
    }
    this.pos = at;
    return this.wrongType('a number', h, at, field);
  }

  /** Reads an integer in [min, max] (both safe integers). */
  readInt(min: number, max: number, field?: string): number {
    const at = this.pos;
    const h = this.peek(field);
    // Fast path: the positive fixint, by far the most common integer on the wire.
    if (h <= 0x7f && h >= min && h <= max) {
      this.pos++;
      return h;
    }
    if (h === 0xcb) this.wrongType('an integer', h, at, field);
    const v = this.readNumber(field);
    if (v < min || v > max) this.fail('OUT_OF_RANGE', `${v} outside [${min}, ${max}]`, at, field);
    return v;
  }

  readBool(field?: string): boolean {
    const at = this.pos;
    const h = this.peek(field);
    if (h === 0xc3 || h === 0xc2) {
      this.pos++;
      return h === 0xc3;
    }
    return this.wrongType('a boolean', h, at, field);
  }

  /** Consumes a nil if one is next. */
  readNil(): boolean {
    if (this.pos < this.end && this.bytes[this.pos] === 0xc0) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Reads a str: shortest length form, well-formed UTF-8, NFC. */
  readString(maxBytes: number, field?: string): string {
    const at = this.pos;
    const h = this.peek(field);
    this.pos++;
    let n: number;
    if (h >= 0xa0 && h <= 0xbf) n = h - 0xa0;
    else if (h === 0xd9) {
      n = this.u8(at, field);
      if (n < 32) this.fail('NON_CANONICAL', 'str 8 for a fixstr', at, field);
    } else if (h === 0xda) {
      n = this.u16(at, field);
      if (n < 0x100) this.fail('NON_CANONICAL', 'str 16 for a shorter string', at, field);
    } else if (h === 0xdb) {
      n = this.u32(at, field);
      if (n < 0x10000) this.fail('NON_CANONICAL', 'str 32 for a shorter string', at, field);
    } else {
      this.pos = at;
      return this.wrongType('a string', h, at, field);
    }
    if (n > maxBytes)
      this.fail('TOO_LARGE', `string of ${n} bytes over the limit ${maxBytes}`, at, field);
    const p = this.take(n, at, field);
    const s = decodeUtf8Nfc(this.bytes, p, p + n);
    if (s === undefined) this.fail('INVALID_UTF8', 'string is not well-formed UTF-8', at, field);
    if (s === null) this.fail('NOT_NFC', 'string is not in Unicode NFC', at, field);
    return s;
  }

  /** Reads a bin: shortest length form; returns a copy (the input buffer may be reused). */
  readBin(maxBytes: number, field?: string): Uint8Array {
    const at = this.pos;
    const h = this.peek(field);
    this.pos++;
    let n: number;
    if (h === 0xc4) n = this.u8(at, field);
    else if (h === 0xc5) {
      n = this.u16(at, field);
      if (n < 0x100) this.fail('NON_CANONICAL', 'bin 16 for a shorter byte string', at, field);
    } else if (h === 0xc6) {
      n = this.u32(at, field);
      if (n < 0x10000) this.fail('NON_CANONICAL', 'bin 32 for a shorter byte string', at, field);
    } else {
      this.pos = at;
      return this.wrongType('a byte string', h, at, field);
    }
    if (n > maxBytes)
      this.fail('TOO_LARGE', `bin of ${n} bytes over the limit ${maxBytes}`, at, field);
    const p = this.take(n, at, field);
    return this.bytes.slice(p, p + n);
  }

  /**
   * Reads a bin of exactly `length` bytes without copying; returns the offset of its first byte.
   * A bin of another length is INVALID_FIELD.
   */
  readFixedBin(length: number, field?: string): number {
    const at = this.pos;
    const b = this.bytes;
    if (at + 2 + length <= this.end && b[at] === 0xc4 && b[at + 1] === length) {
      this.pos = at + 2 + length;
      return at + 2;
    }
    const got = this.readBin(Number.MAX_SAFE_INTEGER, field);
    if (got.length !== length) {
      this.fail('INVALID_FIELD', `expected ${length} bytes, found ${got.length}`, at, field);
    }
    return this.pos - length;
  }

  /** WRONG_TYPE for a well-known head, UNSUPPORTED_FORMAT for heads outside the profile. */
  wrongType(expected: string, h: number, at: number, field?: string): never {
    if (h === 0xc1 || h === 0xca || (h >= 0xc7 && h <= 0xc9) || (h >= 0xd4 && h <= 0xd8)) {
      this.fail('UNSUPPORTED_FORMAT', `head 0x${h.toString(16)} is outside the profile`, at, field);
    }
    this.fail('WRONG_TYPE', `expected ${expected}, found head 0x${h.toString(16)}`, at, field);
  }
}
