import { describe, expect, it } from 'vitest';
import { MAX_TOEPLITZ_INPUT_BITS, toeplitzHash, toeplitzHashReference } from '../src/toeplitz.js';
import { expectQkdError } from './expect-error.js';

const bits = (n: number, f: (i: number) => number) =>
  Uint8Array.from({ length: n }, (_, i) => f(i));

describe('toeplitzHash limits', () => {
  it('the limit is 2^22 bits', () => {
    expect(MAX_TOEPLITZ_INPUT_BITS).toBe(4_194_304);
  });

  it('accepts n = 1 and m = 1 (a single seed bit: y = s0·x0)', () => {
    expect([...toeplitzHash(Uint8Array.of(1), Uint8Array.of(1), 1)]).toStrictEqual([1]);
    expect([...toeplitzHash(Uint8Array.of(1), Uint8Array.of(0), 1)]).toStrictEqual([0]);
  });

  it('accepts an input of exactly 2^22 bits; with one set bit j the output is seed bit n − 1 − j', () => {
    const n = MAX_TOEPLITZ_INPUT_BITS;
    const x = new Uint8Array(n);
    x[n - 1 - 77] = 1;
    const s = new Uint8Array(n);
    s[77] = 1;
    expect([...toeplitzHash(x, s, 1)]).toStrictEqual([1]);
  });

  it('accepts exactly 2^22 output bits; for n = 1 the output is the seed itself', () => {
    const m = MAX_TOEPLITZ_INPUT_BITS;
    const s = bits(m, (i) => (i % 3 === 0 ? 1 : 0));
    // Compared as buffers: a deep equality over 4 M elements would take seconds.
    expect(Buffer.from(toeplitzHash(Uint8Array.of(1), s, m)).equals(Buffer.from(s))).toBe(true);
  });

  it.each([
    { name: 'an empty input', n: 0, seedLen: 3, m: 4, field: 'input.length' },
    {
      name: 'an input one bit over the limit',
      n: MAX_TOEPLITZ_INPUT_BITS + 1,
      seedLen: 0,
      m: 1,
      field: 'input.length',
    },
    { name: 'zero output bits', n: 4, seedLen: 3, m: 0, field: 'outputBits' },
    { name: 'a fractional output length', n: 4, seedLen: 5, m: 1.5, field: 'outputBits' },
    {
      name: 'an output one bit over the limit',
      n: 1,
      seedLen: 0,
      m: MAX_TOEPLITZ_INPUT_BITS + 1,
      field: 'outputBits',
    },
    { name: 'a seed one bit short', n: 4, seedLen: 6, m: 4, field: 'seed' },
    { name: 'a seed one bit long', n: 4, seedLen: 8, m: 4, field: 'seed' },
  ])('rejects $name on field $field', ({ n, seedLen, m, field }) => {
    expectQkdError(
      () => toeplitzHash(new Uint8Array(n), new Uint8Array(seedLen), m),
      'INVALID_PARAMETER',
      field,
    );
  });

  it('a seed of the wrong length is refused with the length it must have', () => {
    // n = 4 input bits and m = 5 output bits need n + m - 1 = 8 seed bits.
    expect(() => toeplitzHash(new Uint8Array(4), new Uint8Array(7), 5)).toThrow(
      expect.objectContaining({
        message: 'INVALID_PARAMETER (seed): must hold n + m − 1 = 8 bits',
      }),
    );
  });

  it('reads only bit 0 of each input byte, as the reference does', () => {
    const s = bits(40 + 40 - 1, (i) => ((i * 2654435761) >>> 13) & 1);
    const x = bits(40, (i) => (i % 5 === 0 ? 2 : i % 3 === 0 ? 3 : 0));
    const y = toeplitzHash(x, s, 40);
    expect(y).toStrictEqual(
      toeplitzHash(
        x.map((b) => b & 1),
        s,
        40,
      ),
    );
    expect(y).toStrictEqual(toeplitzHashReference(x, s, 40));
  });

  it('a long input with sparse set bits matches the definition across many word offsets', () => {
    const n = 3000;
    const m = 257;
    const s = bits(n + m - 1, (i) => ((i * 2654435761) >>> 13) & 1);
    const x = bits(n, (i) => (i % 37 === 0 || i === n - 1 ? 1 : 0));
    expect(toeplitzHash(x, s, m)).toStrictEqual(toeplitzHashReference(x, s, m));
  });
});
