import { describe, expect, it } from 'vitest';
import { expectedGainAndQber } from '../src/analytic.js';
import { expectedUnderAttack, pnsMatchingTransmittance } from '../src/attacks-expected.js';
import { losslessResendClickProb } from '../src/attacks-lossless-resend.js';
import { pnsForwardTransmittance, simulateDecoyBb84 } from '../src/bb84-sim.js';
import {
  type Attack,
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  totalTransmittance,
  validateAttack,
  validateDecoyBb84Link,
} from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { recordDigest } from './attack-fixtures.js';
import { expectQkdError } from './expect-error.js';

/*
 * The attack options of spec §3.2: `line` of intercept-resend and `efficiency` of PNS are
 * explicit, validated, and absent means today's model, byte for byte.
 */

const link = (attack: Attack, km = 25): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: { ...DEFAULT_DETECTOR, darkCountProb: 1e-3 },
  attack,
});

const digest = recordDigest;
const recordOf = (attack: Attack, km = 20) =>
  simulateDecoyBb84(link(attack, km), 30_000, new Xoshiro128(7));

describe('attack options: validation', () => {
  it('line is absent, fibre or lossless; efficiency is absent, bob or eve', () => {
    for (const line of [undefined, 'fibre', 'lossless'] as const) {
      expect(validateAttack({ kind: 'intercept-resend', fraction: 0.5, line })).toBeUndefined();
    }
    for (const efficiency of [undefined, 'bob', 'eve'] as const) {
      expect(validateAttack({ kind: 'pns', fraction: 0.5, efficiency })).toBeUndefined();
    }
  });

  it.each([
    [{ kind: 'intercept-resend', fraction: 0.5, line: 'free-space' }, 'attack.line'],
    [{ kind: 'intercept-resend', fraction: 0.5, line: null }, 'attack.line'],
    [{ kind: 'intercept-resend', fraction: 0.5, line: 1 }, 'attack.line'],
    [{ kind: 'pns', fraction: 0.5, efficiency: 'alice' }, 'attack.efficiency'],
    [{ kind: 'pns', fraction: 0.5, efficiency: 'Eve' }, 'attack.efficiency'],
    [{ kind: 'pns', fraction: 2, efficiency: 'eve' }, 'attack.fraction'],
    [{ kind: 'intercept-resend', fraction: -1, line: 'lossless' }, 'attack.fraction'],
  ])('%j is INVALID_PARAMETER on %s', (attack, field) => {
    const a = attack as unknown as Attack;
    expectQkdError(() => validateAttack(a), 'INVALID_PARAMETER', field);
    expectQkdError(() => validateDecoyBb84Link(link(a)), 'INVALID_PARAMETER', field);
    expectQkdError(
      () => simulateDecoyBb84(link(a), 10, new Xoshiro128(1)),
      'INVALID_PARAMETER',
      field,
    );
    expectQkdError(() => expectedUnderAttack(link(a)), 'INVALID_PARAMETER', field);
  });

  it('a custom prefix names the field under it', () => {
    const a = { kind: 'pns', fraction: 0.5, efficiency: 'x' } as unknown as Attack;
    expectQkdError(() => validateAttack(a, 'eve'), 'INVALID_PARAMETER', 'eve.efficiency');
  });
});

describe('attack options: defaults keep the records byte for byte', () => {
  it('line: fibre and efficiency: bob give the same bytes as the option left out', () => {
    const ir = recordOf({ kind: 'intercept-resend', fraction: 0.5 });
    const pns = recordOf({ kind: 'pns', fraction: 0.5 });
    expect(digest(recordOf({ kind: 'intercept-resend', fraction: 0.5, line: 'fibre' }))).toBe(
      digest(ir),
    );
    expect(digest(recordOf({ kind: 'pns', fraction: 0.5, efficiency: 'bob' }))).toBe(digest(pns));
    // Pinned from the simulator as it was before the options existed (same link and seed).
    expect([digest(ir), digest(pns)]).toStrictEqual(PINNED_DEFAULTS);
  });

  it('the new options change the record (they are not ignored)', () => {
    const ir = digest(recordOf({ kind: 'intercept-resend', fraction: 0.5 }));
    const pns = digest(recordOf({ kind: 'pns', fraction: 0.5 }));
    expect(
      digest(recordOf({ kind: 'intercept-resend', fraction: 0.5, line: 'lossless' })),
    ).not.toBe(ir);
    // At 20 km even η_det does not let the PNS Eve reach the honest gain, so the cap matters.
    expect(digest(recordOf({ kind: 'pns', fraction: 0.5, efficiency: 'eve' }))).not.toBe(pns);
  });
});

/**
 * sha256 of 30 000 pulses, seed 7, 20 km, p_d = 1e-3, φ = 0.5, [intercept-resend, PNS], made by
 * the simulator before `line` and `efficiency` were added.
 */
const PINNED_DEFAULTS = [
  '64150ffe66919241ced956c0196faebd8a0aa2d687c71779de4561d4d40b4d5b',
  '6fd26b8e754ae0d54bf8d9a1ab94480bc22a199e483a228101b46f1f6338579b',
];

describe("Eve's tuning: the simulator and the analytic module agree", () => {
  it('lossless resend: t = min(η_det, (1 − e^(−μη))/(1 − e^(−μ))) from both', () => {
    for (const km of [0, 4, 5, 25, 50, 100]) {
      const l = link({ kind: 'intercept-resend', fraction: 1, line: 'lossless' }, km);
      const t = losslessResendClickProb(l);
      const eta = totalTransmittance(l.fibre, l.detector);
      const direct = Math.min(0.2, (1 - Math.exp(-0.5 * eta)) / (1 - Math.exp(-0.5)));
      expect(Math.abs(t - direct) / direct).toBeLessThan(1e-12);
      expect(expectedUnderAttack(l).forwardClickProb).toBe(t);
    }
    // The match needs η_fibre ≤ −ln(1 − (1 − e^(−μ))·η_det)/(μ·η_det) = 0.8196: 4.32 km.
    expect(losslessResendClickProb(link({ kind: 'none' }, 4.3))).toBe(0.2);
    expect(losslessResendClickProb(link({ kind: 'none' }, 4.34))).toBeLessThan(0.2);
  });

  it('PNS: the bisection on the simulator’s table and the analytic series give the same x (1e-9)', () => {
    for (const efficiency of ['bob', 'eve'] as const) {
      for (const km of [0, 1, 10, 25, 50, 100, 150]) {
        const l = link({ kind: 'pns', fraction: 1, efficiency }, km);
        const x = pnsForwardTransmittance(l);
        const y = expectedUnderAttack(l).forwardClickProb;
        expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-9 * y);
        const eta = totalTransmittance(l.fibre, l.detector);
        const cap = efficiency === 'eve' ? 1 : 0.2;
        expect(pnsMatchingTransmittance(0.5, eta, cap)).toBe(y);
        expect(x).toBeLessThanOrEqual(cap);
      }
    }
  });
});

describe('expectedUnderAttack reduces to expectedGainAndQber where both apply', () => {
  it.each([0, 0.3, 1])(
    'no attack and intercept-resend over the fibre, φ = %d (1e-12 relative)',
    (phi) => {
      for (const km of [0, 25, 100]) {
        const l = link({ kind: 'intercept-resend', fraction: phi }, km);
        const e = expectedUnderAttack(l);
        for (const [cls, mean] of [
          ['signal', 0.5],
          ['decoy', 0.1],
          ['vacuum', 0],
        ] as const) {
          const old = expectedGainAndQber(mean, l.fibre, l.detector, phi);
          expect(Math.abs(e[cls].gain - old.gain)).toBeLessThanOrEqual(1e-12 * old.gain);
          expect(Math.abs(e[cls].qber - old.qber)).toBeLessThanOrEqual(1e-12 * old.qber);
        }
        const none = expectedUnderAttack(link({ kind: 'none' }, km));
        const honest = expectedGainAndQber(0.5, l.fibre, l.detector);
        expect(Math.abs(none.signal.gain - honest.gain)).toBeLessThanOrEqual(1e-12 * honest.gain);
        expect(none.signal.eveShare).toBe(0);
      }
    },
  );
});
