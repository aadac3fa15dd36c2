import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { seededRandomBytes, Xoshiro128 } from '../src/prng.js';
import { expectQkdError } from './expect-error.js';

const words = (g: Xoshiro128, n: number) => Array.from({ length: n }, () => g.nextU32());

describe('Xoshiro128 seeding and outputs', () => {
  it('the state is SHA-256(seed) read as four little-endian words', () => {
    const seed = Uint8Array.of(1, 2, 3);
    const h = new DataView(sha256(seed).buffer);
    const st = [0, 4, 8, 12].map((o) => h.getUint32(o, true));
    const ref = Xoshiro128.fromState(st[0]!, st[1]!, st[2]!, st[3]!);
    expect(words(new Xoshiro128(seed), 8)).toStrictEqual(words(ref, 8));
  });

  it('a numeric seed is its 8 little-endian bytes', () => {
    const n = 0x0102030405;
    expect(words(new Xoshiro128(n), 4)).toStrictEqual(
      words(new Xoshiro128(Uint8Array.of(5, 4, 3, 2, 1, 0, 0, 0)), 4),
    );
    expect(words(new Xoshiro128(0), 4)).toStrictEqual(words(new Xoshiro128(new Uint8Array(8)), 4));
    const max = Number.MAX_SAFE_INTEGER; // 2^53 − 1
    expect(words(new Xoshiro128(max), 4)).toStrictEqual(
      words(new Xoshiro128(Uint8Array.of(255, 255, 255, 255, 255, 255, 31, 0)), 4),
    );
  });

  it.each([-1, 1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects the numeric seed %d on field seed',
    (s) => {
      expectQkdError(() => new Xoshiro128(s), 'INVALID_PARAMETER', 'seed');
    },
  );

  it('fromState replaces the all-zero fixed point by (1, 0, 0, 0)', () => {
    // From (1, 0, 0, 0): out0 = 0 (s1 = 0); the update gives s1 = 1, so out1 = rotl(5, 7)·9 = 5760.
    expect(words(Xoshiro128.fromState(0, 0, 0, 0), 2)).toStrictEqual([0, 5760]);
    expect(words(Xoshiro128.fromState(1, 0, 0, 0), 2)).toStrictEqual([0, 5760]);
  });

  it('fill writes the same words as nextU32 (known answer from state 1, 2, 3, 4) and returns its buffer', () => {
    const out = new Uint32Array(3);
    expect(Xoshiro128.fromState(1, 2, 3, 4).fill(out)).toBe(out);
    expect([...out]).toStrictEqual([11520, 0, 5927040]);
  });

  it('nextDouble joins 27 + 26 bits: (hi·2^26 + lo)/2^53', () => {
    // Words 11520 and 0: hi = 11520 >>> 5 = 360, lo = 0 → 360·2^26/2^53 = 360/2^27.
    expect(Xoshiro128.fromState(1, 2, 3, 4).nextDouble()).toBe(360 / 2 ** 27);
    const g = new Xoshiro128(9);
    const [a, b] = words(new Xoshiro128(9), 2) as [number, number];
    expect(g.nextDouble()).toBe(((a >>> 5) * 2 ** 26 + (b >>> 6)) / 2 ** 53);
  });

  it('nextBelow(n) is floor(nextDouble·n) and stays in [0, n)', () => {
    const a = new Xoshiro128(4);
    const b = new Xoshiro128(4);
    for (let i = 0; i < 50; i++) {
      const k = a.nextBelow(10);
      expect(k).toBe(Math.floor(b.nextDouble() * 10));
      expect(k >= 0 && k < 10).toBe(true);
    }
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 9])('bytes(%d) are the words little-endian, truncated', (len) => {
    const ws = words(new Xoshiro128(11), Math.ceil(len / 4));
    const expected = ws.flatMap((w) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255, w >>> 24]);
    expect([...new Xoshiro128(11).bytes(len)]).toStrictEqual(expected.slice(0, len));
  });

  it.each([0, 1, 4, 5, 8])('bytes(%d) uses exactly ⌈length / 4⌉ words of the stream', (len) => {
    const g = new Xoshiro128(11);
    g.bytes(len);
    const stream = words(new Xoshiro128(11), Math.ceil(len / 4) + 1);
    expect(g.nextU32()).toBe(stream[Math.ceil(len / 4)]);
  });

  it('seededRandomBytes is the byte stream of the seeded generator, continuing across calls', () => {
    const rb = seededRandomBytes(77);
    const g = new Xoshiro128(77);
    expect([...rb(4)]).toStrictEqual([...g.bytes(4)]);
    expect([...rb(8)]).toStrictEqual([...g.bytes(8)]);
  });
});
