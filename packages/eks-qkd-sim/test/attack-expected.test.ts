import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedUnderAttack } from '../src/attacks-expected.js';
import {
  type DetectionRecord,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  FLAG_EVE_KNOWS,
  simulateDecoyBb84,
  VACUUM,
} from '../src/bb84-sim.js';
import {
  type Attack,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
} from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { within5Sigma } from './attack-fixtures.js';
import { validIntensities } from './decoy-arbitraries.js';

/*
 * The simulator against the independent expectations of attacks-expected.ts (spec §3.2, §8):
 * per intensity class the gain, the sifted QBER and the share of sifted bits Eve holds.
 *
 * Tolerance: 5 binomial standard deviations √(p(1 − p)/n) of each proportion (gain over the
 * pulses sent, QBER and Eve's share over the sifted bits). There are 56 such comparisons; at 5σ a
 * correct simulator fails one of them with probability below 56 × 5.7·10⁻⁷ ≈ 3·10⁻⁵, and the
 * seed is fixed. The expectations are exact sums (no truncation); the simulator folds the
 * Poisson tail above 16 photons into 16 and rounds probabilities to 2⁻³², both far below 10⁻⁹.
 */

const link = (attack: Attack, km = 25): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  // p_d = 10⁻⁴ so that vacuum pulses click often enough to be counted.
  detector: { ...DEFAULT_DETECTOR, darkCountProb: 1e-4 },
  attack,
});

/** Per class [signal, decoy, vacuum]: detections, sifted bits, sifted errors, sifted bits Eve holds. */
function tallyByClass(rec: DetectionRecord) {
  const t = [0, 1, 2].map(() => ({ detected: 0, sifted: 0, errors: 0, eve: 0 }));
  for (let i = 0; i < rec.count; i++) {
    const c = t[rec.intensity[i]!]!;
    const f = rec.flags[i]!;
    c.detected++;
    if (((f & FLAG_ALICE_BASIS) !== 0) !== ((f & FLAG_BOB_BASIS) !== 0)) continue;
    c.sifted++;
    if (((f & FLAG_ALICE_BIT) !== 0) !== ((f & FLAG_BOB_BIT) !== 0)) c.errors++;
    if (f & FLAG_EVE_KNOWS) c.eve++;
  }
  return t;
}

const ATTACKS: [string, (phi: number) => Attack][] = [
  ['intercept-resend, fibre', (f) => ({ kind: 'intercept-resend', fraction: f })],
  [
    'intercept-resend, lossless',
    (f) => ({ kind: 'intercept-resend', fraction: f, line: 'lossless' }),
  ],
  ['PNS, efficiency bob', (f) => ({ kind: 'pns', fraction: f })],
  ['PNS, efficiency eve', (f) => ({ kind: 'pns', fraction: f, efficiency: 'eve' })],
];

describe('simulation against the expected gains, QBERs and Eve’s shares under attack (5σ)', () => {
  for (const [name, attack] of ATTACKS) {
    it.each([0.5, 1])(`${name}, φ = %d, 25 km, 4 M pulses`, (phi) => {
      const l = link(attack(phi));
      const rec = simulateDecoyBb84(l, 4_000_000, new Xoshiro128(31));
      const t = tallyByClass(rec);
      const e = expectedUnderAttack(l);
      const classes = [e.signal, e.decoy, e.vacuum];
      for (let c = 0; c < 3; c++)
        within5Sigma(t[c]!.detected / rec.sent[c]!, classes[c]!.gain, rec.sent[c]!);
      for (let c = 0; c < 2; c++) {
        within5Sigma(t[c]!.errors / t[c]!.sifted, classes[c]!.qber, t[c]!.sifted);
        within5Sigma(t[c]!.eve / t[c]!.sifted, classes[c]!.eveShare, t[c]!.sifted);
      }
      // A vacuum pulse has nothing to measure or split: Eve never holds its bit.
      expect(t[VACUUM]!.eve).toBe(0);
      expect(e.vacuum.eveShare).toBe(0);
      expect(t[VACUUM]!.detected).toBeGreaterThan(0);
    });
  }
});

const channel = fc.record({
  distanceKm: fc.double({ min: 0, max: 250, noNaN: true }),
  efficiency: fc.double({ min: 1e-3, max: 1, noNaN: true }),
  darkCountProb: fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e-2, noNaN: true })),
  misalignment: fc.double({ min: 0, max: 0.5, noNaN: true }),
});
const attack: fc.Arbitrary<Attack> = fc.oneof(
  fc.record({
    kind: fc.constant('intercept-resend' as const),
    fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    line: fc.constantFrom('fibre' as const, 'lossless' as const),
  }),
  fc.record({
    kind: fc.constant('pns' as const),
    fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    efficiency: fc.constantFrom('bob' as const, 'eve' as const),
  }),
);

describe('what the expectations promise for any link and attack (fast-check, fixed seed)', () => {
  /*
   * Eve's share of the signal bits never exceeds the share privacy amplification hashes away
   * beyond the EC leak, 1 − (Q0ᴸ + Q1ᴸ(1 − h(e1ᵁ)))/Q_μ: she holds no vacuum bit; every
   * multi-photon bit is hashed away; of the single-photon bits she holds a share k only under
   * intercept-resend, which makes e1 ≥ k/2 and h(k/2) ≥ k on [0, 1]; and the decoy bounds are
   * bounds (Eve acts on the photon number only). Tolerance 10⁻⁹ absolute on shares ≤ 1
   * (rounding of sums of ~30 terms). Where Eve's tuning reaches the honest signal gain, it does
   * so to 10⁻⁹ relative, and the decoy gain moves the way the attack predicts (lower under PNS:
   * the single photons it blocks weigh more in a weaker pulse; higher under the lossless resend:
   * a weaker pulse holds a photon more often per unit of mean) — what the decoy method sees.
   */
  it('Eve’s share ≤ the PA share; matched signal gains; decoy gains move (3000 cases)', () => {
    fc.assert(
      fc.property(validIntensities, channel, attack, (m, c, a) => {
        const l: DecoyBb84Link = {
          source: { ...DEFAULT_DECOY_SOURCE, ...m },
          fibre: { distanceKm: c.distanceKm, lossDbPerKm: 0.2 },
          detector: { ...c, afterpulseProb: 0 },
          attack: a,
        };
        const e = expectedUnderAttack(l);
        const honest = expectedUnderAttack({ ...l, attack: { kind: 'none' } });
        expect(e.signal.eveShare).toBeLessThanOrEqual(e.paShare + 1e-9);
        const gainPreserving =
          a.kind === 'pns' || (a.kind === 'intercept-resend' && a.line === 'lossless');
        const cap = a.kind === 'pns' && a.efficiency === 'eve' ? 1 : c.efficiency;
        if (!gainPreserving || e.forwardClickProb >= cap) return;
        const g = honest.signal.gain;
        expect(Math.abs(e.signal.gain - g)).toBeLessThanOrEqual(1e-9 * g);
        if (a.kind === 'pns')
          expect(e.decoy.gain).toBeLessThanOrEqual(honest.decoy.gain * (1 + 1e-9));
        else expect(e.decoy.gain).toBeGreaterThanOrEqual(honest.decoy.gain * (1 - 1e-9));
      }),
      { numRuns: 3000, seed: 20070405 },
    );
  });
});
