import { describe, expect, it } from 'vitest';
import { bitsToBytes, bytesToBits, hammingDistance, packBits, unpackBits } from '../src/bits.js';

const bitsOf = (s: string) => Uint8Array.from(s, (c) => Number(c));

describe('bit packing', () => {
  it('packs bit i into word i >>> 5 at position i & 31, with one spare word', () => {
    const bits = new Uint8Array(33);
    bits[0] = 1;
    bits[31] = 1;
    bits[32] = 1;
    expect([...packBits(bits)]).toStrictEqual([0x8000_0001, 1, 0]);
    expect([...packBits(new Uint8Array(32))]).toStrictEqual([0, 0]);
    expect([...packBits(new Uint8Array(0))]).toStrictEqual([0]);
  });

  it('packs only the low bit of each byte', () => {
    expect([...packBits(Uint8Array.of(2, 3, 0, 1))]).toStrictEqual([0b1010, 0]);
  });

  it('unpacks the first `length` bits, LSB first', () => {
    const words = Uint32Array.of(0x8000_0005, 0b10);
    const out = unpackBits(words, 34);
    expect(out.length).toBe(34);
    expect([...out.subarray(0, 4)]).toStrictEqual([1, 0, 1, 0]);
    expect(out[31]).toBe(1);
    expect([...out.subarray(32)]).toStrictEqual([0, 1]);
    expect(out.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe('bits and key bytes', () => {
  it('bitsToBytes reads eight bits per byte, MSB first, low bit of each only', () => {
    expect([...bitsToBytes(bitsOf('1000000000000011'))]).toStrictEqual([0x80, 0x03]);
    expect([...bitsToBytes(Uint8Array.of(3, 2, 2, 2, 2, 2, 2, 3))]).toStrictEqual([0x81]);
    expect(bitsToBytes(new Uint8Array(7)).length).toBe(0);
  });

  it('bytesToBits writes eight bits per byte, MSB first', () => {
    expect([...bytesToBits(Uint8Array.of(0x80, 0x03))]).toStrictEqual([
      ...bitsOf('1000000000000011'),
    ]);
    expect([...bytesToBits(Uint8Array.of(0xa5))]).toStrictEqual([1, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('hammingDistance counts differing low bits', () => {
    expect(hammingDistance(bitsOf('0110'), bitsOf('1100'))).toBe(2);
    expect(hammingDistance(Uint8Array.of(2, 1), Uint8Array.of(0, 1))).toBe(0);
    expect(hammingDistance(bitsOf('111'), bitsOf('000'))).toBe(3);
  });
});
