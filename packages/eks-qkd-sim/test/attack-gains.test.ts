import { describe, expect, it } from 'vitest';
import { expectedUnderAttack } from '../src/attacks-expected.js';
import { DECOY, type DetectionRecord, SIGNAL, simulateDecoyBb84 } from '../src/bb84-sim.js';
import {
  type Attack,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DecoySource,
} from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { multiPhotonDetection } from './attack-fixtures.js';

/*
 * Gain checks of the worst-case attacks (spec §3.2): which attack keeps Bob's signal gain at
 * the honest value, where, and how the decoy gain still moves.
 *
 * Tolerance: a gain is a proportion of the pulses sent; "matches" means within 5 binomial
 * standard deviations √(Q(1 − Q)/N) of the honest expectation, "differs" means more than 5σ
 * away from it while within 5σ of the attack's own expectation (attacks-expected.ts).
 */

const link = (attack: Attack, km: number, source: DecoySource = DEFAULT_DECOY_SOURCE) => ({
  source,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: DEFAULT_DETECTOR,
  attack,
});

function gains(l: DecoyBb84Link, pulses: number, seed: number) {
  const rec: DetectionRecord = simulateDecoyBb84(l, pulses, new Xoshiro128(seed));
  const detected = [0, 0, 0];
  for (let i = 0; i < rec.count; i++) detected[rec.intensity[i]!]!++;
  return {
    signal: detected[SIGNAL]! / rec.sent[SIGNAL],
    decoy: detected[DECOY]! / rec.sent[DECOY],
    sent: rec.sent,
  };
}

/** |observed − expected| in binomial standard deviations of a proportion over n trials. */
const sigmasOff = (observed: number, expected: number, n: number) =>
  Math.abs(observed - expected) / Math.sqrt((expected * (1 - expected)) / n);

describe('intercept-resend over a lossless line keeps the signal gain', () => {
  it('25 km, every pulse: signal gain honest (5σ), decoy gain 1.19× (decoys see it); the fibre resend falls to 0.80×', () => {
    const honest = expectedUnderAttack(link({ kind: 'none' }, 25));
    const lossless = link({ kind: 'intercept-resend', fraction: 1, line: 'lossless' }, 25);
    const g = gains(lossless, 2_000_000, 41);
    expect(sigmasOff(g.signal, honest.signal.gain, g.sent[SIGNAL])).toBeLessThanOrEqual(5);
    const e = expectedUnderAttack(lossless);
    expect(e.decoy.gain / honest.decoy.gain).toBeCloseTo(1.194, 3);
    expect(sigmasOff(g.decoy, e.decoy.gain, g.sent[DECOY])).toBeLessThanOrEqual(5);
    expect(g.decoy).toBeGreaterThan(honest.decoy.gain);
    expect(sigmasOff(g.decoy, honest.decoy.gain, g.sent[DECOY])).toBeGreaterThan(5);

    const fibre = link({ kind: 'intercept-resend', fraction: 1 }, 25);
    const f = gains(fibre, 2_000_000, 41);
    const ef = expectedUnderAttack(fibre);
    expect(ef.signal.gain / honest.signal.gain).toBeCloseTo(0.7995, 4);
    expect(sigmasOff(f.signal, ef.signal.gain, f.sent[SIGNAL])).toBeLessThanOrEqual(5);
    expect(sigmasOff(f.signal, honest.signal.gain, f.sent[SIGNAL])).toBeGreaterThan(5);
  });
});

describe('PNS: Eve’s efficiency reaches the honest signal gain where η_det cannot', () => {
  /*
   * With the cap η_det the multi-photon detections top out at Σ_{n≥2} P_μ(n)(1 − (1 − η_det)^(n−1))
   * ≈ η_det·(μ − 1 + e^(−μ)); the honest gain is ≈ μ·η_fibre·η_det, so the cap falls short
   * while η_fibre > (μ − 1 + e^(−μ))/μ, whatever η_det: closer than 34.1 km for μ = 0.5 and
   * 65.9 km for μ = 0.1 (0.2 dB/km). With the cap at 1 she reaches it beyond 1.22 km (μ = 0.5)
   * and 31.5 km (μ = 0.1).
   */
  it.each([
    ['μ = 0.5, 25 km', DEFAULT_DECOY_SOURCE, 25, 0.6614, 2_000_000],
    [
      'μ = 0.1, 60 km',
      { ...DEFAULT_DECOY_SOURCE, signalMean: 0.1, decoyMean: 0.02 },
      60,
      0.7624,
      8_000_000,
    ],
  ] as const)(
    '%s: efficiency eve matches (5σ), bob falls short, the decoy gain falls',
    (_, source, km, bobRatio, pulses) => {
      const honest = expectedUnderAttack(link({ kind: 'none' }, km, source));
      const eve = link({ kind: 'pns', fraction: 1, efficiency: 'eve' }, km, source);
      const ge = gains(eve, pulses, 43);
      expect(expectedUnderAttack(eve).forwardClickProb).toBeLessThan(1);
      expect(sigmasOff(ge.signal, honest.signal.gain, ge.sent[SIGNAL])).toBeLessThanOrEqual(5);
      expect(sigmasOff(ge.decoy, honest.decoy.gain, ge.sent[DECOY])).toBeGreaterThan(5);
      expect(ge.decoy).toBeLessThan(honest.decoy.gain);

      const bob = link({ kind: 'pns', fraction: 1, efficiency: 'bob' }, km, source);
      const gb = gains(bob, pulses, 43);
      const eb = expectedUnderAttack(bob);
      expect(eb.forwardClickProb).toBe(0.2); // capped
      expect(eb.signal.gain / honest.signal.gain).toBeCloseTo(bobRatio, 4);
      expect(sigmasOff(gb.signal, eb.signal.gain, gb.sent[SIGNAL])).toBeLessThanOrEqual(5);
      expect(sigmasOff(gb.signal, honest.signal.gain, gb.sent[SIGNAL])).toBeGreaterThan(5);
    },
  );

  /** Distance beyond which the cap reaches 1 − e^(−μ·η_f·η_det): η_f = −ln(1 − G)/(μ·η_det). */
  const crossoverKm = (mu: number, cap: number) =>
    (-10 * Math.log10(-Math.log(1 - multiPhotonDetection(mu, cap)) / (mu * 0.2))) / 0.2;

  it.each([
    [0.5, 'bob', 0.2, 34.1],
    [0.5, 'eve', 1, 1.22],
    [0.1, 'bob', 0.2, 65.9],
    [0.1, 'eve', 1, 31.5],
  ] as const)(
    'μ = %d, efficiency %s: the cap %d binds up to %d km, not beyond',
    (mu, efficiency, cap, km) => {
      const source = { ...DEFAULT_DECOY_SOURCE, signalMean: mu, decoyMean: mu / 5 };
      const d = crossoverKm(mu, cap);
      expect(Math.abs(d - km)).toBeLessThan(0.05);
      const attack: Attack = { kind: 'pns', fraction: 1, efficiency };
      const before = expectedUnderAttack(link(attack, d - 0.05, source));
      const honestBefore = expectedUnderAttack(link({ kind: 'none' }, d - 0.05, source));
      expect(before.forwardClickProb).toBe(cap);
      expect(before.signal.gain).toBeLessThan(honestBefore.signal.gain * (1 - 1e-4));
      const after = expectedUnderAttack(link(attack, d + 0.05, source));
      const honestAfter = expectedUnderAttack(link({ kind: 'none' }, d + 0.05, source));
      expect(after.forwardClickProb).toBeLessThan(cap);
      expect(Math.abs(after.signal.gain / honestAfter.signal.gain - 1)).toBeLessThan(1e-9);
    },
  );
});
