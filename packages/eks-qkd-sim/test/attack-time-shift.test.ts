import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedUnderAttack } from '../src/attacks-expected.js';
import {
  type DetectionRecord,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  FLAG_EVE_GUESS,
  FLAG_EVE_KNOWS,
  FLAG_EVE_SHIFTED,
  simulateDecoyBb84,
} from '../src/bb84-sim.js';
import { runDecoyBb84 } from '../src/decoy-bb84.js';
import { binaryEntropy } from '../src/entropy.js';
import {
  type Attack,
  backgroundYield,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DetectorAssignment,
  validateDecoyBb84Link,
} from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { hashedAwayBits, recordDigest, within5Sigma } from './attack-fixtures.js';
import { codeOf } from './expect-error.js';

/*
 * The time-shift attack (detector-efficiency mismatch, spec §3.2): Eve delays each attacked
 * pulse to an instant where one of Bob's detectors keeps its efficiency and the other has `ratio`
 * of it, and guesses the favoured detector's bit. She adds no error and acts on every intensity
 * alike, so neither the QBER nor the decoy bounds see her. With a fixed detector assignment her
 * guesses are right more often than not; with Bob's random assignment (Fung et al. 2009) they
 * are coins.
 *
 * Tolerances: 5 binomial standard deviations of each proportion, as in attack-expected (seeds
 * fixed). Eve's information is her Shannon information on the key block, guessed bits times
 * 1 − h(share right) — the asymptotic measure; it is compared, like Eve's known bits in
 * attack-detection, with the bits privacy amplification hashes away beyond the EC leak.
 */

/** 25 km and the default detector (p_d = 10⁻⁶), as in attack-detection. */
const link = (ratio: number, fraction = 1, assignment?: DetectorAssignment): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: 25, lossDbPerKm: 0.2 },
  detector: { ...DEFAULT_DETECTOR, assignment },
  attack: { kind: 'time-shift', fraction, ratio },
});
/** … with p_d = 10⁻⁴ so that vacuum pulses click often enough to be counted. */
const noisyLink = (ratio: number, fraction: number, assignment?: DetectorAssignment) => {
  const l = link(ratio, fraction, assignment);
  return { ...l, detector: { ...l.detector, darkCountProb: 1e-4 } };
};

const digest = recordDigest;

/** Per class: detections, sifted bits, sifted errors, sifted bits guessed, guesses right. */
function tally(rec: DetectionRecord) {
  const t = [0, 1, 2].map(() => ({ detected: 0, sifted: 0, errors: 0, guessed: 0, right: 0 }));
  for (let i = 0; i < rec.count; i++) {
    const c = t[rec.intensity[i]!]!;
    const f = rec.flags[i]!;
    c.detected++;
    // Eve measures nothing: she never holds a bit.
    expect(f & FLAG_EVE_KNOWS).toBe(0);
    if (((f & FLAG_ALICE_BASIS) !== 0) !== ((f & FLAG_BOB_BASIS) !== 0)) continue;
    c.sifted++;
    if (((f & FLAG_ALICE_BIT) !== 0) !== ((f & FLAG_BOB_BIT) !== 0)) c.errors++;
    if ((f & FLAG_EVE_SHIFTED) === 0) continue;
    c.guessed++;
    if (((f & FLAG_EVE_GUESS) !== 0) === ((f & FLAG_ALICE_BIT) !== 0)) c.right++;
  }
  return t;
}

describe('time shift: parameters', () => {
  it.each([
    [{ kind: 'time-shift', fraction: 1, ratio: 1.5 }, 'INVALID_PARAMETER:attack.ratio'],
    [{ kind: 'time-shift', fraction: 1, ratio: -0.1 }, 'INVALID_PARAMETER:attack.ratio'],
    [{ kind: 'time-shift', fraction: 1, ratio: Number.NaN }, 'INVALID_PARAMETER:attack.ratio'],
    [{ kind: 'time-shift', fraction: 1 }, 'INVALID_PARAMETER:attack.ratio'],
    [{ kind: 'time-shift', fraction: 2, ratio: 0.5 }, 'INVALID_PARAMETER:attack.fraction'],
    [{ kind: 'time-warp', fraction: 1, ratio: 0.5 }, 'INVALID_PARAMETER:attack.kind'],
  ])('refuses %j: %s', (attack, code) => {
    expect(codeOf(() => validateDecoyBb84Link({ ...link(0.5), attack: attack as Attack }))).toBe(
      code,
    );
  });

  it.each(['Random', 'swapped', null, 1])('refuses detector.assignment %j', (assignment) => {
    const l = { ...link(0.5), detector: { ...DEFAULT_DETECTOR, assignment } };
    expect(codeOf(() => validateDecoyBb84Link(l as never))).toBe(
      'INVALID_PARAMETER:detector.assignment',
    );
    expect(codeOf(() => runDecoyBb84({ link: l as never, pulses: 1000, seed: 1 }))).toBe(
      'INVALID_PARAMETER:detector.assignment',
    );
  });

  it("an absent assignment is 'fixed'; without a time shift the assignment changes no byte", () => {
    const rec = (l: DecoyBb84Link) => digest(simulateDecoyBb84(l, 200_000, new Xoshiro128(5)));
    expect(rec(link(0.25, 0.5, 'fixed'))).toBe(rec(link(0.25, 0.5)));
    expect(rec(link(0.25, 0.5, 'random'))).not.toBe(rec(link(0.25, 0.5)));
    // Without a mismatch to exploit, which detector means which bit is invisible.
    const honest = (assignment?: DetectorAssignment) => ({
      ...link(1, 0, assignment),
      attack: { kind: 'none' } as const,
    });
    expect(rec(honest('random'))).toBe(rec(honest()));
    // A shift with no mismatch (ratio 1) on no pulse is the honest record.
    expect(rec(link(1, 0))).toBe(rec(honest()));
  });
});

describe('time shift: simulation against the expectations (5σ, 25 km, 4 M pulses)', () => {
  for (const assignment of ['fixed', 'random'] as const) {
    it.each([0.5, 1])(`${assignment} assignment, ratio 0.25, φ = %d`, (phi) => {
      const l = noisyLink(0.25, phi, assignment);
      const rec = simulateDecoyBb84(l, 4_000_000, new Xoshiro128(41));
      const t = tally(rec);
      const e = expectedUnderAttack(l);
      const classes = [e.signal, e.decoy, e.vacuum];
      for (let c = 0; c < 3; c++)
        within5Sigma(t[c]!.detected / rec.sent[c]!, classes[c]!.gain, rec.sent[c]!);
      for (let c = 0; c < 2; c++) {
        const guess = classes[c]!.eveGuess!;
        within5Sigma(t[c]!.errors / t[c]!.sifted, classes[c]!.qber, t[c]!.sifted);
        if (phi === 1) expect(t[c]!.guessed).toBe(t[c]!.sifted);
        else within5Sigma(t[c]!.guessed / t[c]!.sifted, guess.share, t[c]!.sifted);
        within5Sigma(t[c]!.right / t[c]!.guessed, guess.right, t[c]!.guessed);
      }
      expect(e.signal.eveShare).toBe(0);
      if (assignment === 'random') expect(e.signal.eveGuess!.right).toBe(0.5);
      else expect(e.signal.eveGuess!.right).toBeGreaterThan(0.78);
    });
  }
});

describe('time shift: never detected; a fixed assignment leaks, a random one does not', () => {
  const F = 1.05;
  /** Eve's expected Shannon information on the key block less the share PA hashes away. */
  const excess = (ratio: number) => {
    const e = expectedUnderAttack(link(ratio), F);
    const g = e.signal.eveGuess!;
    return g.share * (1 - binaryEntropy(g.right)) - e.paShare;
  };

  it('the expected leak passes what privacy amplification removes below ρ* = 0.117 (25 km, φ = 1)', () => {
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 50; i++) {
      const mid = (lo + hi) / 2;
      if (excess(mid) > 0) lo = mid;
      else hi = mid;
    }
    expect(Math.abs(lo - 0.117)).toBeLessThan(1e-3);
    // No abort at any ratio: the QBER is the honest one and the decoy bounds hold.
    for (const ratio of [0, 0.05, 0.117, 0.25, 1])
      expect(expectedUnderAttack(link(ratio), F).abortReason).toBeUndefined();
    expect(excess(0.05)).toBeGreaterThan(0.15);
    expect(excess(0.25)).toBeLessThan(-0.2);
  });

  it.each([
    ['fixed', 0.05],
    ['random', 0.05],
    ['fixed', 0.25],
  ] as const)(
    '%s assignment, ratio %d: a key, no added error, and Eve’s information',
    (assignment, ratio) => {
      const l = link(ratio, 1, assignment);
      const out = runDecoyBb84({ link: l, pulses: 20_000_000, seed: 62 });
      const r = out.report;
      expect(r.abortReason).toBeUndefined();
      expect(r.finalKeyBits).toBeGreaterThan(0);
      expect(out.aliceKey).toStrictEqual(out.bobKey);
      expect(r.eveKnownBits).toBe(0);
      expect(r.decoy.y1Lower).toBeGreaterThan(0);
      // The QBER is what a lossier honest channel shows: no error beyond the noise share.
      within5Sigma(r.qber.decoy, expectedUnderAttack(l, F).decoy.qber, r.sifted.decoy);
      expect(r.qberEstimate).toBeLessThan(0.03);
      const n = r.keyBitsBeforeEc;
      const hashedAway = hashedAwayBits(r);
      const g = r.eveGuesses!;
      expect(g.bits).toBe(n);
      const expected = expectedUnderAttack(l, F).signal.eveGuess!.right;
      within5Sigma(g.right / g.bits, expected, g.bits);
      const information = g.bits * (1 - binaryEntropy(g.right / g.bits));
      if (assignment === 'random') {
        // Coins: within 5σ of a fair share, |p − ½| ≤ 2.5/√n, worth n·(1 − h(p)) ≈ (2/ln 2)·n·(p − ½)²
        // ≤ (2/ln 2)·6.25 ≈ 18 bits over the whole block.
        expect(information).toBeLessThan(20);
      } else if (ratio === 0.05) {
        // More than the hashing removes beyond the EC leak: this key is not secret, unseen.
        expect(information).toBeGreaterThan(hashedAway + 0.1 * n);
      } else {
        expect(information).toBeLessThan(hashedAway - 0.1 * n);
      }
    },
  );
});

describe('time shift: the expectation’s guesses where they are defined', () => {
  it('only a time shift has guesses; a class that never clicks has none to share', () => {
    const others: Attack[] = [
      { kind: 'none' },
      { kind: 'intercept-resend', fraction: 0.5 },
      { kind: 'pns', fraction: 0.5 },
    ];
    for (const attack of others) {
      const e = expectedUnderAttack({ ...link(0.25), attack });
      expect([e.signal, e.decoy, e.vacuum].some((c) => 'eveGuess' in c)).toBe(false);
    }
    // No dark counts and no photons: a vacuum pulse never clicks (Q = 0).
    const dark = { ...link(0.25), detector: { ...DEFAULT_DETECTOR, darkCountProb: 0 } };
    const e = expectedUnderAttack(dark);
    expect(e.vacuum.gain).toBe(0);
    expect(e.vacuum.eveGuess).toStrictEqual({ share: 0, right: 0.5 });
  });
});

describe('time shift: what the expectations promise for any link (fast-check, fixed seed)', () => {
  const cases = fc.record({
    distanceKm: fc.double({ min: 0, max: 200, noNaN: true }),
    efficiency: fc.double({ min: 1e-3, max: 1, noNaN: true }),
    darkCountProb: fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e-2, noNaN: true })),
    misalignment: fc.double({ min: 0, max: 0.5, noNaN: true }),
    fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    ratio: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  type Case = typeof cases extends fc.Arbitrary<infer T> ? T : never;
  const linkOf = (c: Case, ratio: number, assignment?: DetectorAssignment): DecoyBb84Link => ({
    source: DEFAULT_DECOY_SOURCE,
    fibre: { distanceKm: c.distanceKm, lossDbPerKm: 0.2 },
    detector: {
      efficiency: c.efficiency,
      darkCountProb: c.darkCountProb,
      misalignment: c.misalignment,
      afterpulseProb: 0,
      assignment,
    },
    attack: { kind: 'time-shift', fraction: c.fraction, ratio },
  });

  it('guesses: coins under a random assignment, better under a fixed one and the better the larger the mismatch; no error added (2000 cases)', () => {
    fc.assert(
      fc.property(cases, (c) => {
        const l = linkOf(c, c.ratio);
        const fixed = expectedUnderAttack(l);
        const random = expectedUnderAttack(linkOf(c, c.ratio, 'random'));
        const honest = expectedUnderAttack({ ...l, attack: { kind: 'none' } });
        expect(random.signal.eveGuess!.right).toBe(0.5);
        const right = fixed.signal.eveGuess!.right;
        expect(right).toBeGreaterThanOrEqual(0.5 - 1e-12);
        expect(right).toBeLessThanOrEqual(1);
        const wider = expectedUnderAttack(linkOf(c, c.ratio / 2));
        expect(wider.signal.eveGuess!.right).toBeGreaterThanOrEqual(right - 1e-12);
        // The assignment changes neither the gains nor the error rate.
        expect(random.signal.gain).toBe(fixed.signal.gain);
        expect(random.signal.qber).toBe(fixed.signal.qber);
        // Eve adds no error: with S = (Q − Y0)/(1 − Y0), a signal-only click errs at e_d,
        // E·Q = (1 − Y0)·e_d·S + Y0/2, as without her.
        const y0 = backgroundYield(l.detector);
        const { gain, qber } = fixed.signal;
        if (gain - y0 > 1e-6 * gain) {
          const perSignalClick = (qber * gain - y0 / 2) / (gain - y0);
          expect(Math.abs(perSignalClick - c.misalignment)).toBeLessThanOrEqual(1e-6);
        }
        // Without a mismatch the shift is invisible: the honest gains and a coin of a guess.
        const even = expectedUnderAttack(linkOf(c, 1));
        expect(Math.abs(even.signal.gain - honest.signal.gain)).toBeLessThanOrEqual(
          1e-12 * honest.signal.gain,
        );
        expect(Math.abs(even.signal.eveGuess!.right - 0.5)).toBeLessThanOrEqual(1e-12);
        // Every pulse shifted: every click is a guess, so the guessed clicks add up to the gain.
        const all = expectedUnderAttack(linkOf({ ...c, fraction: 1 }, c.ratio));
        for (const cls of [all.signal, all.decoy])
          expect(Math.abs(cls.eveGuess!.share - 1)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 2000, seed: 20070101 },
    );
  });
});
