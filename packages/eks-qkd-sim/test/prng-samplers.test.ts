import { describe, expect, it } from 'vitest';
import { poissonPmf, sampleBinomial, samplePoisson, thermalPmf, Xoshiro128 } from '../src/index.js';

describe('Xoshiro128 (xoshiro128**)', () => {
  it('matches the algorithm by hand from state (1, 2, 3, 4)', () => {
    // out = rotl(s1·5, 7)·9; worked through the state update by hand: 11520, 0, 5927040.
    const g = Xoshiro128.fromState(1, 2, 3, 4);
    expect([g.nextU32(), g.nextU32(), g.nextU32()]).toEqual([11520, 0, 5927040]);
  });

  it('fill() and nextU32() produce the same stream', () => {
    const a = new Xoshiro128(42);
    const b = new Xoshiro128(42);
    const block = a.fill(new Uint32Array(1000));
    for (let i = 0; i < 1000; i++) expect(block[i]).toBe(b.nextU32());
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(new Xoshiro128(7).bytes(32)).toEqual(new Xoshiro128(7).bytes(32));
    expect(new Xoshiro128(7).bytes(32)).not.toEqual(new Xoshiro128(8).bytes(32));
    expect(new Xoshiro128(new Uint8Array([1, 2])).bytes(8)).toEqual(
      new Xoshiro128(new Uint8Array([1, 2])).bytes(8),
    );
  });

  it('nextDouble is uniform on [0, 1): mean 1/2 within 5σ', () => {
    const g = new Xoshiro128(1);
    const n = 200_000;
    let s = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = g.nextDouble();
      if (!(x >= 0 && x < 1)) outside++;
      s += x;
    }
    expect(outside).toBe(0);
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
  });

  it('rejects a negative or fractional numeric seed', () => {
    expect(() => new Xoshiro128(-1)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
    expect(() => new Xoshiro128(1.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });
});

describe('samplers', () => {
  it('Poisson and thermal pmfs sum to 1 and have the right mean', () => {
    for (const mu of [0.1, 0.5, 1]) {
      const p = poissonPmf(mu, 30);
      const t = thermalPmf(mu, 200);
      let sp = 0;
      let mp = 0;
      let st = 0;
      let mt = 0;
      p.forEach((v, n) => {
        sp += v;
        mp += n * v;
      });
      t.forEach((v, n) => {
        st += v;
        mt += n * v;
      });
      expect(sp).toBeCloseTo(1, 12);
      expect(mp).toBeCloseTo(mu, 10);
      expect(st).toBeCloseTo(1, 12);
      expect(mt).toBeCloseTo(mu, 6);
    }
  });

  it('samplePoisson has mean and variance μ (5σ)', () => {
    const g = new Xoshiro128(3);
    const n = 100_000;
    const mu = 2.5;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const k = samplePoisson(g, mu);
      s += k;
      s2 += k * k;
    }
    const mean = s / n;
    expect(Math.abs(mean - mu)).toBeLessThan(5 * Math.sqrt(mu / n));
    expect(Math.abs(s2 / n - mean * mean - mu)).toBeLessThan(0.1);
  });

  it('sampleBinomial has mean np in both regimes (5σ)', () => {
    const g = new Xoshiro128(4);
    for (const [n, p] of [
      [1000, 0.01],
      [100_000, 0.3],
      [50, 0.9],
    ] as const) {
      const runs = 4000;
      let s = 0;
      for (let i = 0; i < runs; i++) {
        const k = sampleBinomial(g, n, p);
        expect(k >= 0 && k <= n).toBe(true);
        s += k;
      }
      expect(Math.abs(s / runs - n * p)).toBeLessThan(5 * Math.sqrt((n * p * (1 - p)) / runs));
    }
  });
});
