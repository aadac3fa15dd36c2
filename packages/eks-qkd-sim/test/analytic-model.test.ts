import { describe, expect, it } from 'vitest';
import { decoyBb84Rates, expectedGainAndQber } from '../src/analytic.js';
import {
  type AnalyticModelOptions,
  DEFAULT_ANALYTIC_MODEL,
  modelBackgroundYield,
  resolveAnalyticModel,
} from '../src/analytic-model.js';
import { DEFAULT_DECOY_SOURCE, type DecoyBb84Link, type Detector } from '../src/physics.js';
import { codeOf } from './expect-error.js';

const detector = (darkCountProb: number): Detector => ({
  efficiency: 0.2,
  darkCountProb,
  misalignment: 0.015,
  afterpulseProb: 0,
});
const link = (km: number, darkCountProb = 1e-5): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: detector(darkCountProb),
  attack: { kind: 'none' },
});
/** Relative agreement of two double-precision evaluations of the same quantity. */
const closeRel = (actual: number, expected: number, rel = 1e-12) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('analytic model options', () => {
  it('default to today’s model: Lo-2005 with the vacuum term, p_d per detector', () => {
    expect(DEFAULT_ANALYTIC_MODEL).toStrictEqual({
      keyRate: 'Lo-2005',
      darkCounts: 'per-detector',
    });
    expect(resolveAnalyticModel(undefined)).toStrictEqual(DEFAULT_ANALYTIC_MODEL);
    expect(resolveAnalyticModel({})).toStrictEqual(DEFAULT_ANALYTIC_MODEL);
    expect(resolveAnalyticModel({ keyRate: 'GLLP/Ma-2005', darkCounts: 'total' })).toStrictEqual({
      keyRate: 'GLLP/Ma-2005',
      darkCounts: 'total',
    });
  });

  it.each<[unknown, string]>([
    [{ keyRate: 'GLLP' }, 'INVALID_PARAMETER:model.keyRate'],
    [{ keyRate: 'lo-2005' }, 'INVALID_PARAMETER:model.keyRate'],
    [{ darkCounts: 'per detector' }, 'INVALID_PARAMETER:model.darkCounts'],
    [{ darkCounts: 2 }, 'INVALID_PARAMETER:model.darkCounts'],
  ])('%j → %s, from resolveAnalyticModel and from decoyBb84Rates', (options, expected) => {
    const o = options as AnalyticModelOptions;
    expect(codeOf(() => resolveAnalyticModel(o))).toBe(expected);
    expect(codeOf(() => decoyBb84Rates(link(25), 1.1, o))).toBe(expected);
    expect(codeOf(() => expectedGainAndQber(0.5, link(25).fibre, detector(1e-5), 0, o))).toBe(
      expected,
    );
  });

  it('Y0 is 1 − (1 − p_d)² per detector and p_d itself under the total convention', () => {
    closeRel(modelBackgroundYield(detector(0.1), 'per-detector'), 0.19);
    expect(modelBackgroundYield(detector(0.1), 'total')).toBe(0.1);
  });
});

describe('decoyBb84Rates under each model', () => {
  it('the default model gives exactly what naming it explicitly gives', () => {
    for (const km of [0, 25, 100]) {
      expect(decoyBb84Rates(link(km), 1.1)).toStrictEqual(
        decoyBb84Rates(link(km), 1.1, { keyRate: 'Lo-2005', darkCounts: 'per-detector' }),
      );
    }
  });

  it('GLLP/Ma-2005 drops q·Y0·e^(−μ) from the infinite-decoy rate and q·Q0ᴸ from the practical one', () => {
    // 25 km, p_d = 1e-5 per detector: both rates positive under both formulas.
    const lo = decoyBb84Rates(link(25), 1.1);
    const ma = decoyBb84Rates(link(25), 1.1, { keyRate: 'GLLP/Ma-2005' });
    const y0 = 1 - (1 - 1e-5) ** 2;
    const mu = DEFAULT_DECOY_SOURCE.signalMean;
    expect(ma.decoyInfinite).toBeGreaterThan(0);
    closeRel(lo.decoyInfinite - ma.decoyInfinite, 0.5 * y0 * Math.exp(-mu), 1e-6);
    // With ω = 0 the vacuum bound is the vacuum gain itself: Q0ᴸ = Y0·e^(−μ).
    expect(ma.decoyPractical).toBeGreaterThan(0);
    closeRel(lo.decoyPractical - ma.decoyPractical, 0.5 * y0 * Math.exp(-mu), 1e-6);
    // Nothing else depends on the formula.
    const { decoyInfinite: _a, decoyPractical: _b, ...loRest } = lo;
    const { decoyInfinite: _c, decoyPractical: _d, ...maRest } = ma;
    expect(maRest).toStrictEqual(loRest);
  });

  it('total Y0 = x equals per-detector p_d = 1 − √(1 − x): the convention only changes Y0', () => {
    const y0 = 1.7e-6;
    const pd = 1 - Math.sqrt(1 - y0);
    for (const keyRate of ['Lo-2005', 'GLLP/Ma-2005'] as const) {
      const total = decoyBb84Rates(link(60, y0), 1.2, { keyRate, darkCounts: 'total' });
      const perDetector = decoyBb84Rates(link(60, pd), 1.2, { keyRate });
      for (const [k, v] of Object.entries(perDetector)) {
        closeRel(total[k as keyof typeof total], v, 1e-9);
      }
    }
    const g = expectedGainAndQber(0.5, link(60).fibre, detector(y0), 0, { darkCounts: 'total' });
    const h = expectedGainAndQber(0.5, link(60).fibre, detector(pd));
    closeRel(g.gain, h.gain, 1e-9);
    closeRel(g.qber, h.qber, 1e-9);
  });

  it('the total convention halves the noise of the same number: higher rate, lower QBER', () => {
    const total = decoyBb84Rates(link(100, 1e-5), 1.1, { darkCounts: 'total' });
    const perDetector = decoyBb84Rates(link(100, 1e-5), 1.1);
    expect(total.qberSignal).toBeLessThan(perDetector.qberSignal);
    expect(total.decoyInfinite).toBeGreaterThan(perDetector.decoyInfinite);
  });
});
