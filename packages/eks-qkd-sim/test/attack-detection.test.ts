import { describe, expect, it } from 'vitest';
import { expectedUnderAttack } from '../src/attacks-expected.js';
import { runDecoyBb84 } from '../src/decoy-bb84.js';
import { type Attack, DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR } from '../src/physics.js';
import { hashedAwayBits } from './attack-fixtures.js';
import { expectAborted } from './expect-aborted.js';

/*
 * Every attack of spec §3.2 is either DETECTED (the run aborts, naming why) or leaves Eve no
 * bit that privacy amplification does not hash away.
 *
 * The comparison (spec §4 step 9): ℓ = n0 + n1·(1 − h(e1ᵁ)) − leak_EC − 64, so the hashing
 * removes, beyond the EC leak and the tag, n − n0 − n1·(1 − h(e1ᵁ)) bits: every bit that may
 * come from a multi-photon pulse, and h(e1ᵁ) of every single-photon bit (the phase-error
 * bound). Eve's exactly known bits (FLAG_EVE_KNOWS, report.eveKnownBits) must not outnumber
 * them. This is the share of the bound that can be counted; Eve's partial knowledge and the EC
 * leak are the rest of what ℓ pays for, and a count above it would mean the key is not secret.
 *
 * φ* is where the expected run stops giving a key (attacks-expected.ts, at Cascade's efficiency
 * f = 1.05, what these blocks show: 1.02–1.06). Runs test φ* − 0.05 (key kept, Eve's bits all
 * hashed away) and φ* + 0.05 (NO_SECURE_KEY), with the full attack (the named abort).
 *
 * Tolerance: at φ* ∓ 0.05 the expected secure share of the key block is +0.029…+0.079 and
 * −0.029…−0.073. A run's share scatters around it, driven by the decoy counts; its standard
 * deviation, measured over 16–24 seeds at the pulse counts used here, is 0.009–0.010 for
 * intercept-resend (2·10⁷ pulses, 25 km), 0.004–0.005 for PNS with η_det (8·10⁷, 50 km) and
 * with Eve's efficiency (2·10⁷, 25 km): every expected share lies ≥ 5.5 of them from 0. Eve's
 * count is within 5σ of its binomial expectation eveShare·n, and her margin below the
 * hashed-away bits is ≥ 0.13·n, hundreds of her count's standard deviations.
 */

interface Case {
  readonly name: string;
  readonly attack: (phi: number) => Attack;
  readonly km: number;
  /** Expected φ* (f = 1.05), to 10⁻³. */
  readonly threshold: number;
  readonly pulses: number;
  readonly fullAttackAbort: 'QBER_ABOVE_THRESHOLD' | 'DECOY_INCONSISTENT';
}

const CASES: Case[] = [
  {
    name: 'intercept-resend over the fibre',
    attack: (f) => ({ kind: 'intercept-resend', fraction: f }),
    km: 25,
    threshold: 0.254,
    pulses: 20_000_000,
    fullAttackAbort: 'QBER_ABOVE_THRESHOLD',
  },
  {
    name: 'intercept-resend over a lossless line',
    attack: (f) => ({ kind: 'intercept-resend', fraction: f, line: 'lossless' }),
    km: 25,
    threshold: 0.214,
    pulses: 20_000_000,
    fullAttackAbort: 'QBER_ABOVE_THRESHOLD',
  },
  {
    name: 'PNS, efficiency bob',
    attack: (f) => ({ kind: 'pns', fraction: f }),
    km: 50,
    threshold: 0.682,
    pulses: 80_000_000,
    fullAttackAbort: 'DECOY_INCONSISTENT',
  },
  {
    name: 'PNS, efficiency eve',
    attack: (f) => ({ kind: 'pns', fraction: f, efficiency: 'eve' }),
    km: 25,
    threshold: 0.692,
    pulses: 20_000_000,
    fullAttackAbort: 'DECOY_INCONSISTENT',
  },
];

const link = (attack: Attack, km: number) => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: DEFAULT_DETECTOR,
  attack,
});
const F = 1.05;

/** φ at which the expected run stops giving a key, by bisection (the abort rises with φ). */
function expectedThreshold(c: Case): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (expectedUnderAttack(link(c.attack(mid), c.km), F).abortReason) hi = mid;
    else lo = mid;
  }
  return lo;
}

describe.each(CASES)('$name at $km km', (c) => {
  it('the expected run stops giving a key at φ*, for want of a secure length', () => {
    const phi = expectedThreshold(c);
    expect(Math.abs(phi - c.threshold)).toBeLessThan(1e-3);
    const below = expectedUnderAttack(link(c.attack(c.threshold - 0.05), c.km), F);
    const above = expectedUnderAttack(link(c.attack(c.threshold + 0.05), c.km), F);
    expect(below.abortReason).toBeUndefined();
    expect(below.keyShare).toBeGreaterThan(0.025);
    expect(above.abortReason).toBe('NO_SECURE_KEY');
    expect(above.keyShare).toBeLessThan(-0.025);
  });

  it('the full attack is detected: the run aborts with the named reason', () => {
    const out = runDecoyBb84({ link: link(c.attack(1), c.km), pulses: 5_000_000, seed: 61 });
    expectAborted(out, c.fullAttackAbort);
    if (c.fullAttackAbort === 'DECOY_INCONSISTENT') {
      // PNS hides from the QBER: only the decoys (Y1ᴸ ≤ 0) reveal her.
      expect(out.report.qberEstimate).toBeLessThan(0.05);
      expect(out.report.decoy.y1Lower).toBeLessThanOrEqual(0);
    } else {
      expect(out.report.qberEstimate).toBeGreaterThan(0.2);
    }
  });

  it('just below φ*: a key, and every bit Eve holds is among those hashed away', () => {
    const l = link(c.attack(c.threshold - 0.05), c.km);
    const out = runDecoyBb84({ link: l, pulses: c.pulses, seed: 62 });
    const r = out.report;
    expect(r.abortReason).toBeUndefined();
    expect(r.finalKeyBits).toBeGreaterThan(0);
    expect(out.aliceKey).toStrictEqual(out.bobKey);
    const n = r.keyBitsBeforeEc;
    // Spec §4 step 9, from the report's own bounds: n − n0 − n1·(1 − h(e1ᵁ)).
    const hashedAway = hashedAwayBits(r);
    // … which is what ℓ left out beyond the leak and the tag (up to ℓ's rounding down).
    const fromLength = n - r.secureLength - r.reconciliation!.leakedBits - 64;
    expect(fromLength - hashedAway).toBeGreaterThanOrEqual(0);
    expect(fromLength - hashedAway).toBeLessThan(1);
    expect(r.eveKnownBits).toBeGreaterThan(0);
    expect(r.eveKnownBits).toBeLessThanOrEqual(hashedAway - 0.13 * n);
    const share = expectedUnderAttack(l, F).signal.eveShare;
    expect(Math.abs(r.eveKnownBits - share * n)).toBeLessThanOrEqual(
      5 * Math.sqrt(n * share * (1 - share)),
    );
  });

  it('just above φ*: no secure key (NO_SECURE_KEY)', () => {
    const out = runDecoyBb84({
      link: link(c.attack(c.threshold + 0.05), c.km),
      pulses: c.pulses,
      seed: 63,
    });
    expect(out.report.abortReason).toBe('NO_SECURE_KEY');
    expect(out.report.secureLength).toBeLessThanOrEqual(0);
    expect([out.report.finalKeyBits, out.aliceKey.length, out.bobKey.length]).toStrictEqual([
      0, 0, 0,
    ]);
    expect(out.report.eveKnownBits).toBeGreaterThan(0);
  });
});
