import { describe, expect, it } from 'vitest';
import { cascade, cascadeBlockSize, reconciliationEfficiency, Xoshiro128 } from '../src/index.js';

/** A random string and a copy with exactly round(q·n) errors at random positions. */
function noisyPair(rng: Xoshiro128, n: number, q: number) {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.nextU32() & 1;
  const b = a.slice();
  const errors = Math.round(q * n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < errors; i++) {
    const j = i + rng.nextBelow(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    b[idx[i]!] = b[idx[i]!]! ^ 1;
  }
  return { a, b, errors };
}

describe('Cascade', () => {
  it('leaves no residual error on 1 200 runs of 4 096-bit keys at QBER 1 %…5 %', () => {
    const rng = new Xoshiro128(2026);
    let residual = 0;
    let runs = 0;
    for (const q of [0.01, 0.02, 0.03, 0.04, 0.05]) {
      for (let r = 0; r < 240; r++) {
        const { a, b } = noisyPair(rng, 4096, q);
        const out = cascade(a, b, q, rng);
        for (let i = 0; i < a.length; i++) residual += a[i]! ^ out.corrected[i]!;
        runs++;
      }
    }
    expect(runs).toBe(1200);
    expect(residual).toBe(0);
  });

  it('reaches f ≤ 1.10 on 10 000-bit keys at QBER 1 %, 3 %, 5 % (mean of 20 runs)', () => {
    const rng = new Xoshiro128(7);
    for (const q of [0.01, 0.03, 0.05]) {
      let sum = 0;
      for (let r = 0; r < 20; r++) {
        const { a, b, errors } = noisyPair(rng, 10_000, q);
        const out = cascade(a, b, q, rng);
        expect(out.correctedErrors).toBeGreaterThanOrEqual(errors);
        sum += reconciliationEfficiency(out.leakedBits, a.length, errors);
      }
      expect(sum / 20).toBeLessThanOrEqual(1.1);
      expect(sum / 20).toBeGreaterThan(1); // Slepian–Wolf: nobody beats f = 1
    }
  });

  it('original block sizes (0.73/e, doubling, 4 passes) leak more than option 8', () => {
    const rng = new Xoshiro128(9);
    const { a, b } = noisyPair(rng, 10_000, 0.03);
    const modern = cascade(a, b, 0.03, new Xoshiro128(1));
    const original = cascade(a, b, 0.03, new Xoshiro128(1), { blockSizes: 'original' });
    expect(original.leakedBits).toBeGreaterThan(modern.leakedBits);
  });

  it('option-8 block sizes follow the published formula', () => {
    // e = 0.03: α = log2(1/0.03) − 0.5 = 4.559 → k1 = 32, k2 = 2^⌈8.28⌉ = 512, k3 = 4096, then n/2.
    expect([0, 1, 2, 3].map((p) => cascadeBlockSize('option8', 0.03, 100_000, p))).toEqual([
      32, 512, 4096, 50_000,
    ]);
  });

  it('does not change its inputs and corrects nothing on identical strings', () => {
    const a = Uint8Array.from({ length: 500 }, (_, i) => ((i * 7) % 3) & 1);
    const out = cascade(a, a.slice(), 0.02, new Xoshiro128(1));
    expect(out.correctedErrors).toBe(0);
    expect(out.corrected).toEqual(a);
  });

  it('rejects mismatched lengths and bad QBER with typed errors', () => {
    const rng = new Xoshiro128(1);
    expect(() => cascade(new Uint8Array(4), new Uint8Array(5), 0.01, rng)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'bob' }),
    );
    expect(() => cascade(new Uint8Array(4), new Uint8Array(4), 0.7, rng)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER', field: 'qberEstimate' }),
    );
    expect(() => cascade(new Uint8Array(0), new Uint8Array(0), 0.01, rng)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});
