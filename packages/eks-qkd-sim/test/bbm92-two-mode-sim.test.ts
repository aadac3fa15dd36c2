import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bbm92Expectation } from '../src/analytic.js';
import { runBbm92 } from '../src/bbm92.js';
import {
  type CoincidenceRecord,
  type EntangledLink,
  type PairStatistics,
  simulateBbm92,
  validateEntangledLink,
} from '../src/bbm92-sim.js';
import { twoModeBbm92Expectation } from '../src/bbm92-two-mode.js';
import { Xoshiro128 } from '../src/prng.js';
import { centredLink, settingTally, within5Sigma } from './bbm92-fixtures.js';
import { expectQkdError } from './expect-error.js';

const link = (
  pairMean: number,
  km: number,
  detector: Partial<EntangledLink['detector']> = {},
  statistics: PairStatistics | 'absent' = 'two-mode',
  attack: EntangledLink['attack'] = { kind: 'none' },
): EntangledLink => centredLink(pairMean, km, { detector, statistics, attack });
const sim = (l: EntangledLink, pulses: number, seed: number) =>
  simulateBbm92(l, pulses, new Xoshiro128(seed));
const digest = (r: CoincidenceRecord) => Buffer.from(sha256(r.flags)).toString('hex');

/** Rounds and equal outcomes per (Alice setting, Bob setting) index a·4 + b; Eve-known count. */
function tally(rec: CoincidenceRecord) {
  const { n, same, eve } = settingTally(rec);
  const corr = (k: number) => (2 * same[k]! - n[k]!) / n[k]!;
  const keyRounds = n[0]! + n[5]!;
  return {
    n,
    same,
    eve,
    keyRounds,
    qber: 1 - (same[0]! + same[5]!) / keyRounds,
    // (0°, 22.5°), (0°, 67.5°), (45°, 22.5°), (45°, 67.5°): Bob's index 2, 3 after Alice's 0, 1.
    correlators: [corr(2), corr(3), corr(6), corr(7)],
    chsh: corr(2) - corr(3) + corr(6) + corr(7),
    // A correlator over N rounds has variance (1 − E²)/N ≤ 1/N; S sums four independent ones.
    sigmaChsh: Math.sqrt([2, 3, 6, 7].reduce((a, k) => a + 1 / n[k]!, 0)),
  };
}

describe('source.statistics option', () => {
  it.each(['three-mode', '', 2, null])('refuses %s on field source.statistics', (bad) => {
    const l = { ...link(0.1, 0), source: { pairMean: 0.1, testProb: 0.5, statistics: bad } };
    expectQkdError(
      () => validateEntangledLink(l as unknown as EntangledLink),
      'INVALID_PARAMETER',
      'source.statistics',
    );
    expectQkdError(
      () => runBbm92({ link: l as unknown as EntangledLink, pulses: 10, seed: 1 }),
      'INVALID_PARAMETER',
      'source.statistics',
    );
  });

  it('checks pairMean and testProb first, and accepts both named statistics', () => {
    const l = { ...link(0.1, 0), source: { pairMean: 3, testProb: 0.5, statistics: 'x' } };
    expectQkdError(
      () => validateEntangledLink(l as unknown as EntangledLink),
      'INVALID_PARAMETER',
      'source.pairMean',
    );
    for (const s of ['single-mode', 'two-mode'] as const) {
      expect(validateEntangledLink(link(0.1, 0, {}, s))).toBeUndefined();
    }
  });

  it("absent and 'single-mode' give today's records byte for byte (pinned digest of bbm92-sim.test.ts)", () => {
    // The link and seed of bbm92-sim.test.ts's 'none' regression digest.
    const det = { efficiency: 0.5, darkCountProb: 1e-3, misalignment: 0.05 };
    const base = link(0.05, 0, det, 'absent');
    const explicit = { ...base, source: { ...base.source, statistics: 'single-mode' as const } };
    const pinned = '9ee3e9cb1345a1db245a6c71c5b91f4206fdd1225a0171bc3395da5af524b650';
    expect(digest(sim(base, 40_000, 5))).toBe(pinned);
    expect(digest(sim(explicit, 40_000, 5))).toBe(pinned);
    expect(digest(sim(link(0.05, 0, det), 40_000, 5))).not.toBe(pinned);
    const run = { link: base, pulses: 200_000, seed: 3 };
    expect(runBbm92({ ...run, link: explicit })).toStrictEqual(runBbm92(run));
  });

  it('two-mode records are a pure function of the seed (regression digest, attack on half)', () => {
    const half = { kind: 'intercept-resend', fraction: 0.5 } as const;
    const det = { efficiency: 0.5, darkCountProb: 1e-3, misalignment: 0.05 };
    const l = link(0.5, 0, det, 'two-mode', half);
    const a = sim(l, 40_000, 5);
    expect(digest(sim(l, 40_000, 5))).toBe(digest(a));
    expect(digest(sim(l, 40_000, 6))).not.toBe(digest(a));
    expect(a.flags.length).toBe(a.count);
    expect(digest(a)).toBe(TWO_MODE_DIGEST);
  });
});

/** sha256(flags) of the two-mode regression link above, 40 000 pulses, seed 5. */
const TWO_MODE_DIGEST = 'a4a3d1334af1cf8bc35a4e372b1d87d4309ddf10a7870c341e7eaa60c1da0df7';

describe('two-mode simulation against the closed form (fixed seeds, 5σ)', () => {
  // The simulator folds pair numbers above 12 into 12; at μ ≤ 1 that moves under 10⁻⁵ of the
  // probability, far below the statistical tolerances here.
  const ROWS = [
    // [μ, Alice's arm km, Bob's arm km, detector, pulses]
    [0.1, 0, 0, { efficiency: 0.5, darkCountProb: 1e-4, misalignment: 0.03 }, 2_000_000],
    [0.5, 12.5, 12.5, { efficiency: 0.5, darkCountProb: 1e-3, misalignment: 0.02 }, 2_000_000],
    [1, 0, 0, { efficiency: 1, darkCountProb: 0, misalignment: 0.05 }, 400_000],
    [0.1, 25, 25, {}, 20_000_000],
    [0.2, 2, 40, { efficiency: 0.6, darkCountProb: 1e-3, misalignment: 0.04 }, 4_000_000],
  ] as const;
  it.each(ROWS)('μ = %d, arms %d and %d km, detector %o', (mu, kmA, kmB, det, pulses) => {
    const l = {
      ...link(mu, 0, det),
      fibreToAlice: { distanceKm: kmA, lossDbPerKm: 0.2 },
      fibreToBob: { distanceKm: kmB, lossDbPerKm: 0.2 },
    };
    const m = twoModeBbm92Expectation(l);
    const rec = sim(l, pulses, 11);
    const t = tally(rec);
    within5Sigma(rec.count / pulses, m.coincidenceProb, pulses);
    within5Sigma(t.qber, m.qber, t.keyRounds);
    t.correlators.forEach((e, k) => {
      expect(Math.abs(e - m.correlators[k]!)).toBeLessThan(5 / Math.sqrt(t.n[[2, 3, 6, 7][k]!]!));
    });
    expect(Math.abs(t.chsh - m.chsh)).toBeLessThan(5 * t.sigmaChsh);
    // Key-basis mismatch (0°, 45°) and (45°, 0°): the closed form gives E = 0 exactly (cos 90°).
    within5Sigma(t.same[1]! / t.n[1]!, 0.5, t.n[1]!);
    within5Sigma(t.same[4]! / t.n[4]!, 0.5, t.n[4]!);
    expect(t.eve).toBe(0);
  });
});

describe('two-mode intercept-resend on every pulse', () => {
  it('S ≤ 2, key QBER 1/4 + e_d/2 and Eve right on half the coincidences; the run aborts', () => {
    // μ = 0.002: coincidences with two or more pairs are at most 6λ = 0.6 % of all (P(2)/P(1) =
    // 3λ/2, coincidence at most 4 times likelier); they move the QBER (a rate in [0, 1/2]) by
    // under 0.002, Eve's share (in [0, 1]) by under 0.003 and S (each |E| ≤ 1) by under 0.025.
    const ir = { kind: 'intercept-resend', fraction: 1 } as const;
    const l = link(
      0.002,
      0,
      { efficiency: 0.5, darkCountProb: 0, misalignment: 0.02 },
      'two-mode',
      ir,
    );
    const rec = sim(l, 8_000_000, 12);
    const t = tally(rec);
    const sigmaQber = Math.sqrt((0.26 * 0.74) / t.keyRounds);
    expect(Math.abs(t.qber - 0.26)).toBeLessThan(5 * sigmaQber + 0.002);
    const sigmaEve = Math.sqrt(0.25 / rec.count);
    expect(Math.abs(t.eve / rec.count - 0.5)).toBeLessThan(5 * sigmaEve + 0.003);
    // One pair after Eve: S = √2·(1 − 2e_d) = 1.358; the run's S is 5σ below 2 or more.
    expect(t.chsh).toBeLessThan(2 - 5 * t.sigmaChsh);
    expect(Math.abs(t.chsh - Math.SQRT2 * 0.96)).toBeLessThan(5 * t.sigmaChsh + 0.025);
    const out = runBbm92({ link: l, pulses: 8_000_000, seed: 12 });
    expect(out.report.abortReason).toBe('CHSH_NOT_VIOLATED');
    expect(out.report.eveKnownBits).toBeGreaterThan(0);
  });
});

describe('two-mode against single-mode at μ = 0.1 (default detector, 0 km)', () => {
  it('QBER 4.98 % against 9.53 %, S 2.547 against 2.289, each run within 5σ of its closed form', () => {
    const two = link(0.1, 0);
    const one = link(0.1, 0, {}, 'absent');
    const rTwo = tally(sim(two, 10_000_000, 21));
    const rOne = tally(sim(one, 10_000_000, 21));
    const mTwo = twoModeBbm92Expectation(two);
    const mOne = bbm92Expectation(one);
    within5Sigma(rTwo.qber, mTwo.qber, rTwo.keyRounds);
    within5Sigma(rOne.qber, mOne.qber, rOne.keyRounds);
    expect(Math.abs(rTwo.chsh - mTwo.chsh)).toBeLessThan(5 * rTwo.sigmaChsh);
    expect(Math.abs(rOne.chsh - mOne.chsh)).toBeLessThan(5 * rOne.sigmaChsh);
    // The gap, 0.0455 expected, is about 13 standard deviations of the difference here.
    const sigmaGap = Math.sqrt(
      (mTwo.qber * (1 - mTwo.qber)) / rTwo.keyRounds +
        (mOne.qber * (1 - mOne.qber)) / rOne.keyRounds,
    );
    expect(rOne.qber - rTwo.qber).toBeGreaterThan(10 * sigmaGap);
    expect(rTwo.chsh - rOne.chsh).toBeGreaterThan(5 * (rTwo.sigmaChsh + rOne.sigmaChsh));
  });

  it('with an 8 % QBER threshold the two-mode run distils a key and the single-mode run aborts', () => {
    const options = { qberThreshold: 0.08 };
    const two = runBbm92({ link: link(0.1, 0), pulses: 10_000_000, seed: 22, options });
    const one = runBbm92({
      link: link(0.1, 0, {}, 'absent'),
      pulses: 10_000_000,
      seed: 22,
      options,
    });
    expect(two.report.abortReason).toBeUndefined();
    expect(two.report.finalKeyBits).toBeGreaterThan(0);
    expect(two.aliceKey).toStrictEqual(two.bobKey);
    expect(one.report.abortReason).toBe('QBER_ABOVE_THRESHOLD');
  });
});
