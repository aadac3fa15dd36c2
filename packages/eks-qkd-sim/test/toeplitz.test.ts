import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toeplitzHash, toeplitzHashReference } from '../src/index.js';

const bitsArb = (min: number, max: number) =>
  fc
    .array(fc.integer({ min: 0, max: 1 }), { minLength: min, maxLength: max })
    .map((a) => Uint8Array.from(a));

/** An input, a seed of the right length for m output bits, and m. */
const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 100 }))
  .chain(([n, m]) =>
    fc.tuple(bitsArb(n, n), bitsArb(n, n), bitsArb(n + m - 1, n + m - 1), fc.constant(m)),
  );

describe('Toeplitz hashing', () => {
  it('the word-parallel map equals the definition y_i = ⊕_j s[i − j + n − 1]·x_j', () => {
    fc.assert(
      fc.property(caseArb, ([x, , s, m]) => {
        expect(toeplitzHash(x, s, m)).toEqual(toeplitzHashReference(x, s, m));
      }),
      { numRuns: 300 },
    );
  });

  it('is linear over GF(2): T(x ⊕ y) = T(x) ⊕ T(y)', () => {
    fc.assert(
      fc.property(caseArb, ([x, y, s, m]) => {
        const xy = x.map((b, i) => b ^ y[i]!);
        const lhs = toeplitzHash(xy, s, m);
        const tx = toeplitzHash(x, s, m);
        const ty = toeplitzHash(y, s, m);
        expect(lhs).toEqual(tx.map((b, i) => b ^ ty[i]!));
      }),
      { numRuns: 300 },
    );
  });

  it('a worked 3×4 example', () => {
    // n = 4, m = 3, seed s0..s5 = 1 0 1 1 0 0; rows: T[i][j] = s[i − j + 3]
    // row0 = s3 s2 s1 s0 = 1 1 0 1; row1 = s4 s3 s2 s1 = 0 1 1 0; row2 = s5 s4 s3 s2 = 0 0 1 1
    // x = 1 0 1 1 → y0 = 1⊕0⊕1 = 0, y1 = 0⊕1⊕0 = 1, y2 = 0⊕1⊕1 = 0
    const y = toeplitzHash(Uint8Array.of(1, 0, 1, 1), Uint8Array.of(1, 0, 1, 1, 0, 0), 3);
    expect([...y]).toEqual([0, 1, 0]);
  });

  it('rejects a seed of the wrong length with a typed error', () => {
    expect(() => toeplitzHash(new Uint8Array(8), new Uint8Array(8), 4)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'seed' }),
    );
  });
});
