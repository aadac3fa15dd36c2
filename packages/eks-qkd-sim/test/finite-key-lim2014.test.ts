import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LIM_2014_START,
  LIM_2014_SYSTEM,
  type Lim2014Observation,
  lim2014AsymptoticLength,
  lim2014DetectionModel,
  lim2014ExpectedObservation,
  lim2014KeyLength,
  lim2014KeyRate,
  lim2014SamplingCorrection,
  type PerIntensityValue,
} from '../src/index.js';
import { expectQkdError } from './expect-error.js';

/** The paper's system at 50 km, n_X = 10⁶, settings near the optimum there, ε_sec = 10⁻¹⁰. */
const NEAR_OPTIMUM = {
  basisProbX: 0.6,
  signalMean: 0.5,
  decoyMean: 0.15,
  signalProb: 0.5,
  decoyProb: 0.35,
};

function typical(): Lim2014Observation {
  const { observation } = lim2014ExpectedObservation(LIM_2014_SYSTEM, 50, NEAR_OPTIMUM, 1e6);
  return { ...observation, epsSec: 1e-10 };
}

describe('lim2014KeyLength: the paper’s equations on one block', () => {
  it('Eqs. (1)–(5) by hand on a typical block', () => {
    const o = typical();
    const r = lim2014KeyLength(o);
    const { signalMean: m1, decoyMean: m2, vacuumMean: m3 } = o.intensities;
    const p = o.probabilities;
    const t0 = p.signal * Math.exp(-m1) + p.decoy * Math.exp(-m2) + p.vacuum * Math.exp(-m3);
    const t1 =
      p.signal * m1 * Math.exp(-m1) + p.decoy * m2 * Math.exp(-m2) + p.vacuum * m3 * Math.exp(-m3);
    const nX = o.countsX.signal + o.countsX.decoy + o.countsX.vacuum;
    const d = Math.sqrt((nX / 2) * Math.log(21 / o.epsSec));
    const np = (c: number, m: number, pk: number, sign: number) =>
      (Math.exp(m) / pk) * (c + sign * d);
    // Eq. (2), raised to 0 (a count is ≥ 0; the clamp is what the package feeds into Eq. (3)).
    const sX0 = Math.max(
      0,
      (t0 *
        (m2 * np(o.countsX.vacuum, m3, p.vacuum, -1) - m3 * np(o.countsX.decoy, m2, p.decoy, 1))) /
        (m2 - m3),
    );
    const sX1 =
      (t1 *
        m1 *
        (np(o.countsX.decoy, m2, p.decoy, -1) -
          np(o.countsX.vacuum, m3, p.vacuum, 1) -
          ((m2 * m2 - m3 * m3) / (m1 * m1)) * (np(o.countsX.signal, m1, p.signal, 1) - sX0 / t0))) /
      (m1 * (m2 - m3) - m2 * m2 + m3 * m3);
    expect(r.sX0).toBeCloseTo(sX0, 6);
    expect(r.sX1 / sX1).toBeCloseTo(1, 12);
    expect(r.sX1).toBeGreaterThan(0);
    const h = (x: number) => -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);
    const length =
      r.sX0 +
      r.sX1 -
      r.sX1 * h(r.phaseErrorX) -
      o.leakEc -
      6 * Math.log2(21 / o.epsSec) -
      Math.log2(2 / o.epsCor);
    expect(r.unroundedLength / length).toBeCloseTo(1, 12);
    expect(r.keyLength).toBe(Math.floor(length));
    expect(r.phaseErrorX).toBeCloseTo(r.vZ1 / r.sZ1 + r.gamma, 15);
    expect(r.keyLength).toBeGreaterThan(0);
    expect(r.abortReason).toBeUndefined();
  });

  it('γ(a, b, c, d) is the paper’s expression (21²/a² in the log)', () => {
    const [a, b, c, d] = [1e-10, 0.02, 1e5, 1e6];
    const expected = Math.sqrt(
      (((c + d) * (1 - b) * b) / (c * d * Math.LN2)) *
        Math.log2(((c + d) / (c * d * (1 - b) * b)) * (441 / (a * a))),
    );
    expect(lim2014SamplingCorrection(a, b, c, d)).toBeCloseTo(expected, 15);
    expect(lim2014SamplingCorrection(a, 0, c, d)).toBe(0);
  });

  it('too few counts: no key, reported as 0 with NO_SECURE_KEY', () => {
    const { observation } = lim2014ExpectedObservation(LIM_2014_SYSTEM, 50, LIM_2014_START, 100);
    const r = lim2014KeyLength({ ...observation, epsSec: 1e-10 });
    expect(r.keyLength).toBe(0);
    expect(r.abortReason).toBe('NO_SECURE_KEY');
  });

  it('the paper’s §IV detection model, and the literal η_ch reading of its misalignment term', () => {
    // 50 km: η_ch = 0.1, η_sys = 0.01; μ = 0.5.
    const d = 1 - (1 - 1.2e-6) * Math.exp(-0.005);
    const system = lim2014DetectionModel(LIM_2014_SYSTEM, 50, 0.5);
    expect(system.detection).toBeCloseTo(d, 15);
    expect(system.detectionWithAfterpulses).toBeCloseTo(d * 1.04, 15);
    expect(system.error).toBeCloseTo(6e-7 + 5e-3 * (1 - Math.exp(-0.005)) + (0.04 * d) / 2, 15);
    const channel = lim2014DetectionModel(
      { ...LIM_2014_SYSTEM, misalignmentTransmittance: 'channel' },
      50,
      0.5,
    );
    expect(channel.error).toBeCloseTo(6e-7 + 5e-3 * (1 - Math.exp(-0.05)) + (0.04 * d) / 2, 15);
  });

  it('the block rate at the paper’s settings falls with distance and ends', () => {
    const rates = [0, 50, 100, 125, 250].map(
      (km) => lim2014KeyRate(LIM_2014_SYSTEM, km, LIM_2014_START, 1e7).rate,
    );
    for (let i = 1; i < 4; i++) expect(rates[i]).toBeLessThan(rates[i - 1]!);
    expect(rates[3]).toBeGreaterThan(0);
    expect(rates[4]).toBe(0);
  });
});

describe('lim2014KeyLength: typed errors naming the field', () => {
  const base = typical();
  const cases: [string, Lim2014Observation][] = [
    [
      'finiteKey.intensities.signalMean',
      { ...base, intensities: { ...base.intensities, signalMean: Number.NaN } },
    ],
    [
      'finiteKey.intensities.decoyMean',
      { ...base, intensities: { ...base.intensities, decoyMean: 0.4999 } },
    ],
    [
      'finiteKey.intensities.vacuumMean',
      { ...base, intensities: { ...base.intensities, vacuumMean: 0.2 } },
    ],
    [
      'finiteKey.probabilities.decoy',
      { ...base, probabilities: { ...base.probabilities, decoy: 0 } },
    ],
    [
      'finiteKey.probabilities.signal',
      { ...base, probabilities: { signal: 0.5, decoy: 0.2, vacuum: 0.2 } },
    ],
    ['finiteKey.countsX.vacuum', { ...base, countsX: { ...base.countsX, vacuum: -1 } }],
    [
      'finiteKey.countsZ.signal',
      { ...base, countsZ: { ...base.countsZ, signal: Number.POSITIVE_INFINITY } },
    ],
    [
      'finiteKey.errorsZ.decoy',
      { ...base, errorsZ: { ...base.errorsZ, decoy: base.countsZ.decoy + 1 } },
    ],
    ['finiteKey.epsSec', { ...base, epsSec: 0 }],
    ['finiteKey.epsSec', { ...base, epsSec: 1 }],
    ['finiteKey.epsCor', { ...base, epsCor: -1e-15 }],
    ['finiteKey.leakEc', { ...base, leakEc: -1 }],
  ];
  it.each(cases)('INVALID_PARAMETER on %s', (field, o) => {
    expectQkdError(() => lim2014KeyLength(o), 'INVALID_PARAMETER', field);
    expectQkdError(() => lim2014AsymptoticLength(o), 'INVALID_PARAMETER', field);
  });

  it('a missing observation is INVALID_PARAMETER on finiteKey', () => {
    expectQkdError(
      () => lim2014KeyLength(undefined as unknown as Lim2014Observation),
      'INVALID_PARAMETER',
      'finiteKey',
    );
  });

  it('an unknown reading of e_k is refused, naming it', () => {
    expectQkdError(
      () =>
        lim2014DetectionModel(
          { ...LIM_2014_SYSTEM, misalignmentTransmittance: 'fibre' as 'system' },
          50,
          0.5,
        ),
      'INVALID_PARAMETER',
      'system.misalignmentTransmittance',
    );
  });

  it('bad model settings name the setting', () => {
    expectQkdError(
      () => lim2014KeyRate(LIM_2014_SYSTEM, 50, { ...LIM_2014_START, basisProbX: 1 }, 1e6),
      'INVALID_PARAMETER',
      'settings.basisProbX',
    );
    expectQkdError(
      () =>
        lim2014KeyRate(
          LIM_2014_SYSTEM,
          50,
          { ...LIM_2014_START, signalProb: 0.6, decoyProb: 0.4 },
          1e6,
        ),
      'INVALID_PARAMETER',
      'settings.decoyProb',
    );
    expectQkdError(
      () => lim2014KeyRate(LIM_2014_SYSTEM, -1, LIM_2014_START, 1e6),
      'INVALID_PARAMETER',
      'distanceKm',
    );
    expectQkdError(
      () => lim2014KeyRate(LIM_2014_SYSTEM, 50, LIM_2014_START, 0),
      'INVALID_PARAMETER',
      'blockSize',
    );
  });
});

/*
 * Properties over random per-pulse statistics (fixed seed, 400 cases each): counts are
 * N·(rate per pulse), λ_EC is N·(leak per pulse), ε_sec and ε_cor are fixed, so only the block
 * size N changes. Tolerance: exact (integers), except the asymptotic comparison, which allows
 * 10⁻⁹ relative for rounding in the two evaluations.
 */
const SEED = 20140210;

const perPulse = fc
  .record({
    mu1: fc.double({ min: 0.1, max: 1, noNaN: true }),
    mu2Share: fc.double({ min: 0.05, max: 0.9, noNaN: true }), // μ2 / (μ1 − μ3)
    mu3: fc.oneof(fc.constant(0), fc.double({ min: 1e-5, max: 1e-3, noNaN: true })),
    p1: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
    p2Share: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    km: fc.double({ min: 0, max: 150, noNaN: true }),
    q: fc.double({ min: 0.2, max: 0.95, noNaN: true }),
    errorScale: fc.double({ min: 0.5, max: 3, noNaN: true }),
    leakFactor: fc.double({ min: 1, max: 1.5, noNaN: true }),
    epsSec: fc.double({ min: 1e-15, max: 1e-4, noNaN: true }),
    epsCor: fc.double({ min: 1e-15, max: 1e-4, noNaN: true }),
  })
  .map((r) => {
    const mu2 = r.mu3 + r.mu2Share * (r.mu1 - 2 * r.mu3);
    const p2 = r.p2Share * (1 - r.p1);
    const probabilities: PerIntensityValue = { signal: r.p1, decoy: p2, vacuum: 1 - r.p1 - p2 };
    const eta = 10 ** (-0.02 * r.km) * 0.1;
    const yieldOf = (k: number) => 1 - (1 - 1.2e-6) * Math.exp(-eta * k);
    const errOf = (k: number) =>
      Math.min(yieldOf(k), r.errorScale * (6e-7 + 0.01 * -Math.expm1(-eta * k)));
    const means = { signal: r.mu1, decoy: mu2, vacuum: r.mu3 };
    const per = (f: (k: number) => number, factor: number): PerIntensityValue => ({
      signal: factor * probabilities.signal * f(means.signal),
      decoy: factor * probabilities.decoy * f(means.decoy),
      vacuum: factor * probabilities.vacuum * f(means.vacuum),
    });
    const x = per(yieldOf, r.q * r.q);
    const detX = x.signal + x.decoy + x.vacuum;
    const errX = per(errOf, r.q * r.q);
    const eObs = (errX.signal + errX.decoy + errX.vacuum) / detX;
    const h = eObs <= 0 ? 0 : -eObs * Math.log2(eObs) - (1 - eObs) * Math.log2(1 - eObs);
    return {
      intensities: { signalMean: r.mu1, decoyMean: mu2, vacuumMean: r.mu3 },
      probabilities,
      countsX: x,
      countsZ: per(yieldOf, (1 - r.q) * (1 - r.q)),
      errorsZ: per(errOf, (1 - r.q) * (1 - r.q)),
      leakPerPulse: r.leakFactor * detX * h,
      epsSec: r.epsSec,
      epsCor: r.epsCor,
    };
  });

type PerPulse = typeof perPulse extends fc.Arbitrary<infer T> ? T : never;

function block(s: PerPulse, pulses: number): Lim2014Observation {
  const scale = (v: PerIntensityValue): PerIntensityValue => ({
    signal: v.signal * pulses,
    decoy: v.decoy * pulses,
    vacuum: v.vacuum * pulses,
  });
  return {
    intensities: s.intensities,
    probabilities: s.probabilities,
    countsX: scale(s.countsX),
    countsZ: scale(s.countsZ),
    errorsZ: scale(s.errorsZ),
    epsSec: s.epsSec,
    epsCor: s.epsCor,
    leakEc: s.leakPerPulse * pulses,
  };
}

const pulseCounts = fc
  .tuple(fc.double({ min: 5, max: 13, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }))
  .map(([a, b]) => [10 ** a, 10 ** (a + b)] as const);

describe('lim2014KeyLength properties (fixed seed)', () => {
  it('ℓ is non-decreasing in the block size for fixed per-pulse statistics', () => {
    let withKey = 0;
    fc.assert(
      fc.property(perPulse, pulseCounts, (s, [small, large]) => {
        const a = lim2014KeyLength(block(s, small)).keyLength;
        const b = lim2014KeyLength(block(s, large)).keyLength;
        if (b > 0) withKey++;
        expect(b).toBeGreaterThanOrEqual(a);
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Guards against a vacuous pass where every block gave no key.
    expect(withKey).toBeGreaterThan(50);
  });

  it('ℓ ≤ asymptotic rate × N (the same counts with every finite-size term removed)', () => {
    fc.assert(
      fc.property(perPulse, pulseCounts, (s, [pulses]) => {
        const l = lim2014KeyLength(block(s, pulses)).keyLength;
        const asymptoticRate = lim2014AsymptoticLength(block(s, 1));
        const bound = Math.max(0, asymptoticRate * pulses);
        expect(l).toBeLessThanOrEqual(bound * (1 + 1e-9) + 1e-9);
      }),
      { seed: SEED + 1, numRuns: 400 },
    );
  });

  it('ℓ ≤ 0 is reported as no key: keyLength 0 and NO_SECURE_KEY, never a negative length', () => {
    let noKey = 0;
    fc.assert(
      fc.property(perPulse, pulseCounts, (s, [pulses]) => {
        const r = lim2014KeyLength(block(s, pulses));
        expect(Number.isInteger(r.keyLength)).toBe(true);
        expect(r.keyLength).toBeGreaterThanOrEqual(0);
        if (r.unroundedLength < 1 || r.phaseErrorX >= 0.5) {
          noKey++;
          expect(r.keyLength).toBe(0);
          expect(r.abortReason).toBe('NO_SECURE_KEY');
        } else {
          expect(r.keyLength).toBe(Math.floor(r.unroundedLength));
          expect(r.abortReason).toBeUndefined();
        }
      }),
      { seed: SEED + 2, numRuns: 400 },
    );
    expect(noKey).toBeGreaterThan(10);
  });
});
