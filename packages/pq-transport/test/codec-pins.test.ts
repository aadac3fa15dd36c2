import { describe, expect, it } from 'vitest';
import {
  isTransportError,
  Reader,
  readU64BE,
  TransportError,
  Writer,
  writeU64BE,
} from '../src/index.js';
import { errorOf } from './error-of.js';

const filled = (n: number) => new Uint8Array(n).fill(7);
const reader = (...bytes: number[]) => new Reader(Uint8Array.from(bytes), 'MALFORMED_MESSAGE');

describe('Writer length prefixes', () => {
  it('bytes8 writes a 255-byte field with its length byte', () => {
    const out = new Writer().bytes8(filled(255)).finish();
    expect(out.length).toBe(256);
    expect(out[0]).toBe(255);
  });

  it('bytes8 refuses a 256-byte field as INVALID_ARGUMENT', () => {
    expect(errorOf(() => new Writer().bytes8(filled(256)))).toStrictEqual({
      code: 'INVALID_ARGUMENT',
      field: undefined,
      offset: undefined,
    });
  });

  it('bytes16 writes a 65535-byte field with its big-endian length', () => {
    const out = new Writer().bytes16(filled(0xffff)).finish();
    expect(out.length).toBe(0xffff + 2);
    expect([out[0], out[1]]).toStrictEqual([0xff, 0xff]);
  });

  it('bytes16 refuses a 65536-byte field as INVALID_ARGUMENT', () => {
    expect(errorOf(() => new Writer().bytes16(filled(0x10000)))?.code).toBe('INVALID_ARGUMENT');
  });
});

describe('Reader bounds', () => {
  it('remaining counts the unread bytes', () => {
    const r = reader(1, 2, 3, 4, 5);
    expect(r.remaining).toBe(5);
    r.u8('a');
    r.u16('b');
    expect(r.remaining).toBe(2);
  });

  it('a read past the end is the reader code at the field and the offset it started at', () => {
    const r = reader(9);
    expect(r.u8('first')).toBe(9);
    expect(errorOf(() => r.u8('second'))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'second',
      offset: 1,
    });
  });

  it('u64 reads 2^53 - 1, the largest safe integer', () => {
    const r = reader(0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe);
    expect(r.u64('n')).toBe(Number.MAX_SAFE_INTEGER - 1);
    expect(r.offset).toBe(8);
  });

  it('u64 above 2^53 - 1 is the reader code at the field and its offset', () => {
    const r = reader(0xaa, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
    r.u8('lead');
    expect(errorOf(() => r.u64('counter'))).toStrictEqual({
      code: 'MALFORMED_MESSAGE',
      field: 'counter',
      offset: 1,
    });
  });

  it.each([
    ['bytes8', [0xaa, 3, 1, 2, 3], (r: Reader) => r.bytes8('f', 3)],
    ['bytes16', [0xaa, 0, 3, 1, 2, 3], (r: Reader) => r.bytes16('f', 3)],
  ] as const)('%s accepts a field exactly at its maximum', (_, bytes, read) => {
    const r = reader(...bytes);
    r.u8('lead');
    expect(read(r)).toStrictEqual(Uint8Array.of(1, 2, 3));
    expect(r.remaining).toBe(0);
  });

  it.each([
    ['bytes8', [0xaa, 4, 1, 2, 3, 4], (r: Reader) => r.bytes8('f', 3)],
    ['bytes16', [0xaa, 0, 4, 1, 2, 3, 4], (r: Reader) => r.bytes16('f', 3)],
  ] as const)(
    '%s over its maximum fails at the field and the offset of the length',
    (_, bytes, read) => {
      const r = reader(...bytes);
      r.u8('lead');
      expect(errorOf(() => read(r))).toStrictEqual({
        code: 'MALFORMED_MESSAGE',
        field: 'f',
        offset: 1,
      });
    },
  );
});

describe('64-bit big-endian helpers', () => {
  it('writeU64BE writes all eight bytes at the offset', () => {
    const out = new Uint8Array(12);
    writeU64BE(out, 4, 0x0012_3456_789a_bcde);
    expect(out).toStrictEqual(
      Uint8Array.of(0, 0, 0, 0, 0x00, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde),
    );
    expect(readU64BE(out, 4)).toBe(0x0012_3456_789a_bcde);
  });

  it('readU64BE returns Infinity from 2^53 on', () => {
    expect(readU64BE(Uint8Array.of(0x00, 0x20, 0, 0, 0, 0, 0, 0), 0)).toBe(Infinity);
    expect(readU64BE(Uint8Array.of(0x00, 0x1f, 0xff, 0xff, 0, 0, 0, 1), 0)).toBe(
      2 ** 53 - 2 ** 32 + 1,
    );
  });
});

describe('isTransportError', () => {
  const named = <T extends object>(o: T) => Object.assign(o, { name: 'TransportError' });

  it.each([
    ['a TransportError', new TransportError('BAD_MAC', 'x'), true],
    ['a plain object shaped like one', named({ code: 'BAD_MAC', message: 'x' }), false],
    ['a plain object with only the name', named({}), false],
    ['an Error named TransportError without a code', named(new Error('x')), false],
    ['an Error with a code but another name', Object.assign(new Error('x'), { code: 'X' }), false],
  ])('%s → %s', (_, value, expected) => {
    expect(isTransportError(value)).toBe(expected);
  });
});
