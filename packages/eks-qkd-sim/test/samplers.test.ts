import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../src/prng.js';
import {
  gaussian,
  poissonPmf,
  sampleBinomial,
  samplePoisson,
  thermalPmf,
  toThreshold,
} from '../src/samplers.js';

/** How many 32-bit words `f` drew from a generator with this seed. */
function wordsDrawn(seed: number, f: (g: Xoshiro128) => unknown): number {
  const g = new Xoshiro128(seed);
  f(g);
  const next = g.nextU32();
  const ref = new Xoshiro128(seed);
  for (let i = 0; i < 64; i++) if (ref.nextU32() === next) return i;
  return -1;
}

function meanVar(draw: () => number, runs: number): [number, number] {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < runs; i++) {
    const k = draw();
    s += k;
    s2 += k * k;
  }
  const m = s / runs;
  return [m, s2 / runs - m * m];
}

describe('pmf tables', () => {
  it('poissonPmf(1, 2) = e^−1, e^−1 and the rest folded into n = 2', () => {
    const e = Math.exp(-1);
    const p = poissonPmf(1, 2);
    expect(p.length).toBe(3);
    expect(p[0]).toBeCloseTo(e, 15);
    expect(p[1]).toBeCloseTo(e, 15);
    expect(p[2]).toBeCloseTo(1 - 2 * e, 15);
  });

  it('thermalPmf(1, 2) = 1/2, 1/4 and the tail 1/4', () => {
    expect([...thermalPmf(1, 2)]).toStrictEqual([0.5, 0.25, 0.25]);
    // μ = 1/3: r = 1/4, P(n) = (3/4)(1/4)^n.
    const t = thermalPmf(1 / 3, 1);
    expect(t[0]).toBeCloseTo(0.75, 15);
    expect(t[1]).toBeCloseTo(0.25, 15);
  });
});

describe('samplePoisson', () => {
  it('a mean ≤ 0 gives 0 without drawing', () => {
    expect(samplePoisson(new Xoshiro128(1), 0)).toBe(0);
    expect(samplePoisson(new Xoshiro128(1), -2)).toBe(0);
    expect(wordsDrawn(1, (g) => samplePoisson(g, 0))).toBe(0);
  });

  it('inverts one double up to mean 30 and uses the normal form (4 words) above it', () => {
    expect(wordsDrawn(2, (g) => samplePoisson(g, 30))).toBe(2);
    expect(wordsDrawn(2, (g) => samplePoisson(g, 30.001))).toBe(4);
  });

  it('the inversion returns the first n with u < CDF(n)', () => {
    // mean 1: CDF(0) = e^−1 = 0.368, CDF(1) = 0.736, CDF(2) = 0.920, CDF(3) = 0.981.
    const cdf = [0.36787944117144233, 0.7357588823428847, 0.9196986029286058, 0.9810118431238462];
    for (let seed = 0; seed < 40; seed++) {
      const u = new Xoshiro128(seed).nextDouble();
      const expected = cdf.findIndex((c) => u < c);
      if (expected < 0) continue;
      expect(samplePoisson(new Xoshiro128(seed), 1)).toBe(expected);
    }
  });

  it('large means: round(μ + √μ·z) from the same normal deviate, mean and variance μ (5σ)', () => {
    const a = new Xoshiro128(5);
    const b = new Xoshiro128(5);
    for (let i = 0; i < 20; i++) {
      expect(samplePoisson(a, 100)).toBe(Math.max(0, Math.round(100 + 10 * gaussian(b))));
    }
    const g = new Xoshiro128(6);
    const runs = 4000;
    const [m, v] = meanVar(() => samplePoisson(g, 100), runs);
    // σ(mean) = √(100/4000) = 0.16; σ(variance) ≈ 100·√(2/4000) ≈ 2.2.
    expect(Math.abs(m - 100)).toBeLessThan(5 * 0.16);
    expect(Math.abs(v - 100)).toBeLessThan(5 * 2.3);
  });
});

describe('sampleBinomial', () => {
  it('degenerate cases need no randomness: p ≤ 0 or n ≤ 0 → 0, p ≥ 1 → n', () => {
    expect(sampleBinomial(new Xoshiro128(1), 10, 0)).toBe(0);
    expect(sampleBinomial(new Xoshiro128(1), 10, -0.5)).toBe(0);
    expect(sampleBinomial(new Xoshiro128(1), 0, 0.3)).toBe(0);
    expect(sampleBinomial(new Xoshiro128(1), -3, 0.3)).toBe(0);
    expect(sampleBinomial(new Xoshiro128(1), 10, 1)).toBe(10);
    expect(sampleBinomial(new Xoshiro128(1), 10, 1.5)).toBe(10);
    expect(wordsDrawn(1, (g) => sampleBinomial(g, 10, 0))).toBe(0);
    expect(wordsDrawn(1, (g) => sampleBinomial(g, 0, 0.3))).toBe(0);
  });

  it.each([
    [1, 0.3],
    [20, 0.3],
    [20, 0.5],
    [20, 0.8],
  ])(
    'Binomial(%d, %d): mean np and variance np(1 − p) within 5σ (geometric waiting times)',
    (n, p) => {
      const g = new Xoshiro128(n * 100 + p * 10);
      const runs = 20_000;
      const [m, v] = meanVar(() => sampleBinomial(g, n, p), runs);
      const varTrue = n * p * (1 - p);
      expect(Math.abs(m - n * p)).toBeLessThan(5 * Math.sqrt(varTrue / runs));
      // Var of the sample variance ≈ (μ4 − σ⁴)/runs ≤ (3σ⁴ + σ²)/runs for a binomial.
      expect(Math.abs(v - varTrue)).toBeLessThan(
        5 * Math.sqrt((3 * varTrue ** 2 + varTrue) / runs),
      );
    },
  );

  it('from mean 64 on it is round(np + √(np(1 − p))·z), clamped to [0, n]', () => {
    for (const [n, p] of [
      [128, 0.5],
      [1000, 0.1],
    ] as const) {
      const a = new Xoshiro128(9);
      const b = new Xoshiro128(9);
      for (let i = 0; i < 10; i++) {
        const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * gaussian(b));
        expect(sampleBinomial(a, n, p)).toBe(Math.min(n, Math.max(0, k)));
      }
    }
  });

  it('p > 1/2 draws the failures: n − Binomial(n, 1 − p) from the same stream', () => {
    const a = new Xoshiro128(3);
    const b = new Xoshiro128(3);
    for (let i = 0; i < 20; i++)
      expect(sampleBinomial(a, 30, 0.75)).toBe(30 - sampleBinomial(b, 30, 0.25));
  });
});

describe('gaussian and thresholds', () => {
  it('Box–Muller: √(−2 ln(1 − u))·cos(2πv) from two consecutive doubles', () => {
    const a = new Xoshiro128(8);
    const b = new Xoshiro128(8);
    const u = b.nextDouble();
    const v = b.nextDouble();
    expect(gaussian(a)).toBeCloseTo(
      Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v),
      14,
    );
    const g = new Xoshiro128(10);
    const runs = 20_000;
    const [m, s2] = meanVar(() => gaussian(g), runs);
    // σ(mean) = 1/√runs, σ(variance) = √(2/runs).
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(runs));
    expect(Math.abs(s2 - 1)).toBeLessThan(5 * Math.sqrt(2 / runs));
  });

  it.each([
    [0, 0],
    [-0.5, 0],
    [0.5, 2 ** 31],
    [0.25, 2 ** 30],
    [1e-10, 0],
    [1 - 2 ** -40, 2 ** 32 - 1],
    [1, 2 ** 32],
    [1.5, 2 ** 32],
  ])('toThreshold(%d) = %d', (p, t) => {
    expect(toThreshold(p)).toBe(t);
  });
});
