import { describe, expect, it } from 'vitest';
import { CanonicalReader } from '../src/reader.js';
import { refusal } from './refusal.js';

/** A reader over `head` followed by `fill` zero bytes. */
const over = (head: number[], fill = 0) => {
  const bytes = new Uint8Array(head.length + fill);
  bytes.set(head);
  return new CanonicalReader(bytes);
};
/** A reader over a head and `n` ASCII 'a' bytes (the payload of a str or bin). */
const withPayload = (head: number[], n: number) => {
  const bytes = new Uint8Array(head.length + n).fill(0x61);
  bytes.set(head);
  return new CanonicalReader(bytes);
};
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const be16 = (n: number) => [n >>> 8, n & 0xff];

/** The value read and the position after it. */
function read<T>(r: CanonicalReader, f: (r: CanonicalReader) => T): [T, number] {
  const v = f(r);
  return [v, r.pos];
}

describe('CanonicalReader numbers', () => {
  it.each([
    ['positive fixint', [0x7f], 127],
    ['negative fixint', [0xe0], -32],
    ['uint 8', [0xcc, 0x80], 0x80],
    ['uint 16', [0xcd, 0x01, 0x00], 0x100],
    ['uint 32', [0xce, ...be32(0x10000)], 0x10000],
    ['uint 32 max', [0xce, ...be32(0xffffffff)], 0xffffffff],
    ['uint 64', [0xcf, ...be32(1), ...be32(0)], 2 ** 32],
    ['uint 64 max safe', [0xcf, ...be32(0x1fffff), ...be32(0xffffffff)], Number.MAX_SAFE_INTEGER],
    ['int 8', [0xd0, 0xdf], -33],
    ['int 16', [0xd1, 0xff, 0x7f], -129],
    ['int 32', [0xd2, ...be32(0xffff7fff)], -32769],
    ['int 64', [0xd3, ...be32(0xffffffff), ...be32(0x7fffffff)], -(2 ** 31) - 1],
    ['int 64 min safe', [0xd3, ...be32(0xffe00000), ...be32(1)], Number.MIN_SAFE_INTEGER],
    ['float 64', [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 1.5],
  ])('reads a %s', (_, bytes, value) => {
    expect(read(over([...bytes, 0xc0]), (r) => r.readNumber())).toStrictEqual([
      value,
      bytes.length,
    ]);
  });

  it.each([
    ['uint 8 for a fixint', [0xcc, 0x7f], 'NON_CANONICAL'],
    ['uint 16 for a uint 8', [0xcd, 0x00, 0xff], 'NON_CANONICAL'],
    ['uint 32 for a uint 16', [0xce, ...be32(0xffff)], 'NON_CANONICAL'],
    ['uint 64 for a uint 32', [0xcf, ...be32(0), ...be32(0xffffffff)], 'NON_CANONICAL'],
    ['uint 64 over 2^53 - 1', [0xcf, ...be32(0x200000), ...be32(0)], 'UNSAFE_INTEGER'],
    ['int 8 for -32', [0xd0, 0xe0], 'NON_CANONICAL'],
    ['int 8 for 0', [0xd0, 0x00], 'NON_CANONICAL'],
    ['int 16 for -128', [0xd1, 0xff, 0x80], 'NON_CANONICAL'],
    ['int 32 for -32768', [0xd2, ...be32(0xffff8000)], 'NON_CANONICAL'],
    ['int 32 for 1', [0xd2, ...be32(1)], 'NON_CANONICAL'],
    ['int 64 for -2^31', [0xd3, ...be32(0xffffffff), ...be32(0x80000000)], 'NON_CANONICAL'],
    ['int 64 for 1', [0xd3, ...be32(0), ...be32(1)], 'NON_CANONICAL'],
    ['int 64 under -(2^53 - 1)', [0xd3, ...be32(0xffe00000), ...be32(0)], 'UNSAFE_INTEGER'],
    ['float 64 NaN', [0xcb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0], 'NON_FINITE'],
    ['float 64 -Infinity', [0xcb, 0xff, 0xf0, 0, 0, 0, 0, 0, 0], 'NON_FINITE'],
    ['float 64 holding 1', [0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0], 'NON_CANONICAL'],
    ['float 64 -0', [0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0], 'NON_CANONICAL'],
    ['float 32', [0xca, 0x3f, 0xc0, 0, 0], 'UNSUPPORTED_FORMAT'],
    ['a string', [0xa1, 0x61], 'WRONG_TYPE'],
    ['a cut uint 16', [0xcd, 0x01], 'TRUNCATED'],
    ['a cut float 64', [0xcb, 0x3f], 'TRUNCATED'],
  ])('refuses %s with %s at its head byte', (_, bytes, code) => {
    const r = new CanonicalReader(Uint8Array.of(0x00, ...bytes), 1);
    expect(refusal(() => r.readNumber('n'))).toStrictEqual({ code, field: 'n', offset: 1 });
  });

  it('reports TRUNCATED at the end of the input when no value starts there', () => {
    const r = new CanonicalReader(Uint8Array.of(0x01, 0x02), 0, 1);
    expect(r.readNumber()).toBe(1);
    expect(refusal(() => r.readNumber('seq'))).toStrictEqual({
      code: 'TRUNCATED',
      field: 'seq',
      offset: 1,
    });
  });

  it.each([
    ['a fixint in range', [0x05], 0, 10, 5],
    ['a fixint at the bounds', [0x0a], 10, 10, 10],
    ['a uint 16', [0xcd, 0x01, 0x00], 0, 0x100, 0x100],
    ['a negative fixint', [0xff], -1, 0, -1],
  ])('readInt reads %s', (_, bytes, min, max, value) => {
    expect(read(over(bytes), (r) => r.readInt(min, max))).toStrictEqual([value, bytes.length]);
  });

  it.each([
    ['a fixint under the minimum', [0x05], 6, 10, 'OUT_OF_RANGE'],
    ['a fixint over the maximum', [0x0b], 0, 10, 'OUT_OF_RANGE'],
    ['a uint 16 over the maximum', [0xcd, 0x01, 0x00], 0, 0xff, 'OUT_OF_RANGE'],
    ['a float', [0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], 0, 10, 'WRONG_TYPE'],
  ])('readInt refuses %s', (_, bytes, min, max, code) => {
    expect(refusal(() => over(bytes).readInt(min, max, 'hopLimit'))).toStrictEqual({
      code,
      field: 'hopLimit',
      offset: 0,
    });
  });
});

describe('CanonicalReader containers', () => {
  it.each([
    ['fixarray', [0x9f], 15],
    ['array 16', [0xdc, ...be16(16)], 16],
    ['array 32', [0xdd, ...be32(0x10000)], 0x10000],
  ])('readArrayLength reads a %s head and returns its count, unchecked', (_, head, n) => {
    expect(read(over(head), (r) => r.readArrayLength())).toStrictEqual([n, head.length]);
  });

  it.each([
    ['array 16 for 15 items', [0xdc, ...be16(15)], 'NON_CANONICAL'],
    ['array 32 for 65535 items', [0xdd, ...be32(0xffff)], 'NON_CANONICAL'],
    ['a map', [0x80], 'WRONG_TYPE'],
    ['a nil', [0xc0], 'WRONG_TYPE'],
    ['a cut array 32', [0xdd, 0, 1], 'TRUNCATED'],
  ])('readArrayLength refuses %s', (_, head, code) => {
    expect(refusal(() => over(head).readArrayLength('counts'))).toStrictEqual({
      code,
      field: 'counts',
      offset: 0,
    });
    expect(refusal(() => over(head).readArrayHeader(1e9, 'counts')).code).toBe(code);
  });

  it('readArrayHeader checks the count against the limit, then against the bytes left', () => {
    expect(read(over([0x93], 3), (r) => r.readArrayHeader(3))).toStrictEqual([3, 1]);
    expect(refusal(() => over([0x93], 3).readArrayHeader(2, 'ids'))).toStrictEqual({
      code: 'TOO_LARGE',
      field: 'ids',
      offset: 0,
    });
    expect(refusal(() => over([0x93], 2).readArrayHeader(3, 'ids'))).toStrictEqual({
      code: 'TRUNCATED',
      field: 'ids',
      offset: 0,
    });
  });

  it.each([
    ['fixmap', [0x8f], 15],
    ['map 16', [0xde, ...be16(16)], 16],
    ['map 32', [0xdf, ...be32(0x10000)], 0x10000],
  ])('readMapHeader reads a %s head when two bytes per entry remain', (_, head, n) => {
    expect(read(over(head, 2 * n), (r) => r.readMapHeader(n))).toStrictEqual([n, head.length]);
  });

  it.each([
    ['map 16 for 15 entries', [0xde, ...be16(15)], 1e9, 'NON_CANONICAL'],
    ['map 32 for 65535 entries', [0xdf, ...be32(0xffff)], 1e9, 'NON_CANONICAL'],
    ['fixmap over the limit', [0x83], 2, 'TOO_LARGE'],
    ['map 32 over the limit', [0xdf, ...be32(0x10000)], 0xffff, 'TOO_LARGE'],
    ['an array', [0x90], 1e9, 'WRONG_TYPE'],
    ['a cut map 32', [0xdf, 0, 1], 1e9, 'TRUNCATED'],
  ])('readMapHeader refuses %s', (_, head, max, code) => {
    expect(refusal(() => over(head, 0x20000).readMapHeader(max, 'm'))).toStrictEqual({
      code,
      field: 'm',
      offset: 0,
    });
  });

  it.each([
    ['fixmap', [0x83], 3],
    ['map 16', [0xde, ...be16(16)], 16],
    ['map 32', [0xdf, ...be32(0x10000)], 0x10000],
  ])('readMapHeader refuses a %s whose entries cannot fit at two bytes each', (_, head, n) => {
    expect(refusal(() => over(head, 2 * n - 1).readMapHeader(n, 'm'))).toStrictEqual({
      code: 'TRUNCATED',
      field: 'm',
      offset: 0,
    });
  });
});

describe('CanonicalReader booleans and nil', () => {
  it('readBool reads true and false', () => {
    const r = over([0xc3, 0xc2]);
    expect([r.readBool(), r.readBool(), r.pos]).toStrictEqual([true, false, 2]);
  });

  it('readNil consumes a nil only, and never past the end of its range', () => {
    const r = new CanonicalReader(Uint8Array.of(0xc0, 0x01, 0xc0), 0, 2);
    expect([r.readNil(), r.pos]).toStrictEqual([true, 1]);
    expect([r.readNil(), r.pos]).toStrictEqual([false, 1]);
    r.pos = 2;
    expect([r.readNil(), r.pos]).toStrictEqual([false, 2]);
  });
});

describe('CanonicalReader strings', () => {
  it.each([
    ['fixstr', [0xbf], 31],
    ['str 8', [0xd9, 32], 32],
    ['str 16', [0xda, ...be16(0x100)], 0x100],
    ['str 32', [0xdb, ...be32(0x10000)], 0x10000],
  ])('reads a %s of exactly the limit', (_, head, n) => {
    const r = withPayload([...head, 0x61], n);
    expect(read(r, (x) => x.readString(n))).toStrictEqual(['a'.repeat(n), head.length + n]);
  });

  it.each([
    ['str 8 for a fixstr', [0xd9, 31], 31, 'NON_CANONICAL'],
    ['str 16 for a str 8', [0xda, ...be16(0xff)], 0xff, 'NON_CANONICAL'],
    ['str 32 for a str 16', [0xdb, ...be32(0xffff)], 0xffff, 'NON_CANONICAL'],
    ['fixstr one byte over the limit', [0xa4], 3, 'TOO_LARGE'],
    ['str 16 one byte over the limit', [0xda, ...be16(0x100)], 0xff, 'TOO_LARGE'],
    ['fixstr cut short', [0xa9], 9, 'TRUNCATED'],
    ['bin', [0xc4, 1], 9, 'WRONG_TYPE'],
  ])('refuses a %s', (_, head, max, code) => {
    expect(refusal(() => withPayload(head, 8).readString(max, 's'))).toStrictEqual({
      code,
      field: 's',
      offset: 0,
    });
  });

  it.each([
    ['malformed UTF-8', [0xa2, 0xc3, 0x28], 'INVALID_UTF8'],
    ['a lone continuation byte', [0xa1, 0x80], 'INVALID_UTF8'],
    ['text that is not NFC', [0xa3, 0x65, 0xcc, 0x81], 'NOT_NFC'],
  ])('refuses %s', (_, bytes, code) => {
    expect(refusal(() => over(bytes).readString(64, 's'))).toStrictEqual({
      code,
      field: 's',
      offset: 0,
    });
  });
});

describe('CanonicalReader byte strings', () => {
  it.each([
    ['bin 8', [0xc4, 0xff], 0xff],
    ['bin 16', [0xc5, ...be16(0x100)], 0x100],
    ['bin 32', [0xc6, ...be32(0x10000)], 0x10000],
  ])('reads a %s of exactly the limit, as a copy', (_, head, n) => {
    const r = withPayload(head, n);
    const [bin, pos] = read(r, (x) => x.readBin(n));
    expect([bin.length, pos, bin.every((b) => b === 0x61)]).toStrictEqual([
      n,
      head.length + n,
      true,
    ]);
    r.bytes[head.length] = 0;
    expect(bin[0]).toBe(0x61);
  });

  it.each([
    ['bin 16 for a bin 8', [0xc5, ...be16(0xff)], 0x10000, 'NON_CANONICAL'],
    ['bin 32 for a bin 16', [0xc6, ...be32(0xffff)], 0x10000, 'NON_CANONICAL'],
    ['bin 8 one byte over the limit', [0xc4, 5], 4, 'TOO_LARGE'],
    ['bin 16 one byte over the limit', [0xc5, ...be16(0x100)], 0xff, 'TOO_LARGE'],
    ['bin 16 cut short', [0xc5, ...be16(0x101)], 0x10000, 'TRUNCATED'],
    ['str', [0xa1], 0x10000, 'WRONG_TYPE'],
  ])('refuses a %s', (_, head, max, code) => {
    expect(refusal(() => withPayload(head, 0x100).readBin(max, 'block'))).toStrictEqual({
      code,
      field: 'block',
      offset: 0,
    });
  });

  it('readFixedBin returns the offset of the bytes without copying, in a bin 8 or a longer head', () => {
    const r = new CanonicalReader(Uint8Array.of(0xff, 0xc4, 2, 7, 8, 0xc0), 1);
    expect(read(r, (x) => x.readFixedBin(2))).toStrictEqual([3, 5]);
    const wide = withPayload([0xc5, ...be16(0x100)], 0x100);
    expect(read(wide, (x) => x.readFixedBin(0x100))).toStrictEqual([3, 0x103]);
  });

  it.each([
    ['a bin of another length', [0xc4, 1], 0, 2, 'INVALID_FIELD'],
    ['a bin after a byte equal to the length wanted', [0x10, 0xc4, 5], 1, 16, 'INVALID_FIELD'],
    ['a cut bin', [0xc4, 30], 0, 30, 'TRUNCATED'],
    ['a str', [0xa2], 0, 2, 'WRONG_TYPE'],
  ])('readFixedBin refuses %s at its head', (_, head, at, length, code) => {
    const r = over(head, 20);
    r.pos = at;
    expect(refusal(() => r.readFixedBin(length, 'id'))).toStrictEqual({
      code,
      field: 'id',
      offset: at,
    });
  });
});

describe('CanonicalReader heads outside the profile', () => {
  const hexHeads = (heads: number[]) => heads.map((h) => [h.toString(16), h] as const);

  it.each(hexHeads([0xc1, 0xc7, 0xc8, 0xc9, 0xca, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8]))(
    'head 0x%s is UNSUPPORTED_FORMAT wherever a value is expected',
    (_, h) => {
      expect(refusal(() => over([h], 16).readBool('b'))).toStrictEqual({
        code: 'UNSUPPORTED_FORMAT',
        field: 'b',
        offset: 0,
      });
    },
  );

  it.each(hexHeads([0xc0, 0xc4, 0xc6, 0xcb, 0xd3, 0xd9, 0xdc, 0xdf, 0x00, 0xa0]))(
    'head 0x%s is WRONG_TYPE where a boolean is expected',
    (_, h) => {
      expect(refusal(() => over([h], 16).readBool('b'))).toStrictEqual({
        code: 'WRONG_TYPE',
        field: 'b',
        offset: 0,
      });
    },
  );
});
