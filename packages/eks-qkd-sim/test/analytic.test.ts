import { describe, expect, it } from 'vitest';
import {
  bbm92Expectation,
  decoyBb84Rates,
  expectedGainAndQber,
  plobBound,
  singlePhotonBb84KeyFraction,
} from '../src/analytic.js';
import type { EntangledLink } from '../src/bbm92-sim.js';
import type { DecoyBb84Link, Detector } from '../src/physics.js';

/*
 * Reference values below were computed outside this package (a short Python script of the
 * same textbook formulas: Lo–Ma–Chen gains, GLLP, Ma–Qi–Zhao–Lo decoy bounds, and for BBM92 a
 * direct sum over n ≤ 400 pairs of the thermal distribution instead of the closed form).
 * Relative tolerance 1e-9: both sides are double-precision evaluations of the same sums.
 */
const REL = 1e-9;
function closeRel(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(REL * Math.abs(expected));
}

const det = (darkCountProb: number): Detector => ({
  efficiency: 0.2,
  darkCountProb,
  misalignment: 0.015,
  afterpulseProb: 0,
});

describe('single-photon bounds', () => {
  it('BB84 key fraction 1 − h(e) − f·h(e), floored at 0', () => {
    expect(singlePhotonBb84KeyFraction(0)).toBe(1);
    // h(0.05) = 0.286397…
    expect(singlePhotonBb84KeyFraction(0.05)).toBeCloseTo(1 - 2 * 0.28639695711595625, 14);
    expect(singlePhotonBb84KeyFraction(0.05, 1.2)).toBeCloseTo(1 - 2.2 * 0.28639695711595625, 14);
    expect(singlePhotonBb84KeyFraction(0.2)).toBe(0);
  });

  it('PLOB −log2(1 − η): 1 bit at η = 1/2, 2 bits at η = 3/4', () => {
    expect(plobBound(0.5)).toBe(1);
    expect(plobBound(0.75)).toBe(2);
    expect(plobBound(0)).toBeCloseTo(0, 15); // −log2(1) is −0
  });
});

describe('expectedGainAndQber', () => {
  const fibre0 = { distanceKm: 0, lossDbPerKm: 0.2 };
  it('without dark counts: Q = 1 − e^(−ημ) and the QBER is the misalignment', () => {
    const r = expectedGainAndQber(0.5, fibre0, det(0));
    closeRel(r.gain, 1 - Math.exp(-0.1));
    closeRel(r.qber, 0.015);
  });

  it('full intercept-resend: Q = (1 − e^−μ)·η and QBER = 1/4 + e_d/2', () => {
    const r = expectedGainAndQber(0.5, fibre0, det(0), 1);
    closeRel(r.gain, 0.07869386805747332);
    closeRel(r.qber, 0.2575);
  });

  it('half attacked with dark counts p_d = 0.01 (Y0 = 0.0199) mixes both contributions', () => {
    const r = expectedGainAndQber(0.5, fibre0, det(0.01), 0.5);
    closeRel(r.gain, 0.10509835333304285);
    closeRel(r.qber, 0.19581399405812433);
  });

  it('no light and no dark counts: gain 0 and QBER 0 (not NaN)', () => {
    expect(expectedGainAndQber(0, fibre0, det(0))).toStrictEqual({ gain: 0, qber: 0 });
  });
});

describe('decoyBb84Rates against the reference values', () => {
  const link = (
    signalMean: number,
    decoyMean: number,
    vacuumMean: number,
    km: number,
  ): DecoyBb84Link => ({
    source: {
      signalMean,
      decoyMean,
      vacuumMean,
      signalProb: 0.8,
      decoyProb: 0.15,
      vacuumProb: 0.05,
    },
    fibre: { distanceKm: km, lossDbPerKm: 0.2 },
    detector: det(1e-5),
    attack: { kind: 'none' },
  });

  it.each([
    [
      'μ 0.5, ν 0.1, ω 0, 25 km, f 1.16',
      link(0.5, 0.1, 0, 25),
      1.16,
      {
        eta: 0.0632455532033676,
        gainSignal: 0.03114738300292408,
        qberSignal: 0.015311421075056007,
        singlePhoton: 0.023891760648239092,
        gllp: 0,
        decoyInfinite: 0.006448513353832173,
        decoyPractical: 0.00609323024721675,
        plob: 0.09425717380751583,
        plobFibre: 0.5484122546081639,
      },
    ],
    [
      'μ 0.5, ν 0.1, ω 0.02, 10 km, f default 1',
      link(0.5, 0.1, 0.02, 10),
      undefined,
      {
        eta: 0.12619146889603866,
        gainSignal: 0.061165188221320554,
        qberSignal: 0.015158586146499767,
        singlePhoton: 0.048864794409592405,
        gllp: 0,
        decoyInfinite: 0.013518739299898427,
        decoyPractical: 0.012684890378583169,
        plob: 0.19461090382107418,
        plobFibre: 1.4381405161347793,
      },
    ],
    [
      'μ 0.1, ν 0.05, ω 0, 5 km, f 1.1 (GLLP positive)',
      link(0.1, 0.05, 0, 5),
      1.1,
      {
        eta: 0.1588656469448563,
        gainSignal: 0.0157807235103965,
        qberSignal: 0.01561467089855303,
        singlePhoton: 0.06063472137596719,
        gllp: 0.0036910675727125876,
        decoyInfinite: 0.005379589896688002,
        decoyPractical: 0.00533345290257806,
        plob: 0.24959183661212486,
        plobFibre: 2.281584341338432,
      },
    ],
    [
      'μ 0.5, 150 km: the practical decoy rate is already 0',
      link(0.5, 0.1, 0, 150),
      undefined,
      {
        eta: 0.0002,
        gainSignal: 0.0001199929002765332,
        qberSignal: 0.09583771187793565,
        singlePhoton: 3.875688950401113e-5,
        gllp: 0,
        decoyInfinite: 1.2833357597051692e-6,
        decoyPractical: 0,
        plob: 0.0002885678659263426,
        plobFibre: 0.0014434168696687186,
      },
    ],
  ] as const)('%s', (_name, l, f, expected) => {
    const r = decoyBb84Rates(l, f);
    expect(Object.keys(r).sort()).toStrictEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) closeRel(r[k as keyof typeof r], v);
  });
});

describe('bbm92Expectation against a direct sum over pair numbers', () => {
  const link = (
    pairMean: number,
    testProb: number,
    kmA: number,
    kmB: number,
    pd: number,
  ): EntangledLink => ({
    source: { pairMean, testProb },
    fibreToAlice: { distanceKm: kmA, lossDbPerKm: 0.2 },
    fibreToBob: { distanceKm: kmB, lossDbPerKm: 0.2 },
    detector: det(pd),
    attack: { kind: 'none' },
  });

  it.each([
    [
      'μ 0.05, asymmetric 5/15 km, f 1',
      link(0.05, 0.25, 5, 15, 1e-5),
      undefined,
      {
        coincidenceProb: 0.0008549096511213913,
        qber: 0.05910343893928004,
        chsh: 2.4940875850229105,
        keyRate: 0.00011292785132860411,
      },
    ],
    [
      'μ 0.05, asymmetric 5/15 km, f 1.2',
      link(0.05, 0.25, 5, 15, 1e-5),
      1.2,
      {
        coincidenceProb: 0.0008549096511213913,
        qber: 0.05910343893928004,
        chsh: 2.4940875850229105,
        keyRate: 9.216152454441237e-5,
      },
    ],
    [
      'μ 0.5, 100 km: accidentals dominate, no key',
      link(0.5, 0.1, 50, 50, 1e-4),
      undefined,
      {
        coincidenceProb: 0.0003902533790940374,
        qber: 0.26109715570575887,
        chsh: 1.3514385699616944,
        keyRate: 0,
      },
    ],
  ] as const)('%s', (_name, l, f, expected) => {
    const r = bbm92Expectation(l, f);
    expect(Object.keys(r).sort()).toStrictEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) closeRel(r[k as keyof typeof r], v);
  });
});
