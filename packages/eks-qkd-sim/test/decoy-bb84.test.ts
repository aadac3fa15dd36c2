import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  simulateDecoyBb84,
} from '../src/bb84-sim.js';
import { type DecoyBb84Run, runDecoyBb84 } from '../src/decoy-bb84.js';
import { decoyBounds } from '../src/decoy-estimates.js';
import { binaryEntropy } from '../src/entropy.js';
import { type Attack, DEFAULT_DECOY_SOURCE, type DecoyBb84Link } from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { expectAborted } from './expect-aborted.js';

const link = (attack: Attack = { kind: 'none' }): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: 0, lossDbPerKm: 0.2 },
  detector: { efficiency: 0.2, darkCountProb: 1e-5, misalignment: 0.02, afterpulseProb: 0 },
  attack,
});
const RUN: DecoyBb84Run = { link: link(), pulses: 100_000, seed: 1 };

/** Sifting by hand from the record the same seed produces (the run's first use of its generator). */
function siftByHand(run: DecoyBb84Run) {
  const rec = simulateDecoyBb84(run.link, run.pulses, new Xoshiro128(run.seed));
  const detected = [0, 0, 0];
  const sifted = [0, 0, 0];
  const errors = [0, 0, 0];
  for (let i = 0; i < rec.count; i++) {
    const c = rec.intensity[i]!;
    const f = rec.flags[i]!;
    detected[c]!++;
    if ((f & FLAG_ALICE_BASIS) > 0 !== (f & FLAG_BOB_BASIS) > 0) continue;
    sifted[c]!++;
    if ((f & FLAG_ALICE_BIT) > 0 !== (f & FLAG_BOB_BIT) > 0) errors[c]!++;
  }
  return { sent: rec.sent, detected, sifted, errors };
}

/** a / b, and 0 when nothing was counted (as the report defines it). */
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const trio = (a: readonly number[]) => ({ signal: a[0]!, decoy: a[1]!, vacuum: a[2]! });

describe('runDecoyBb84 report (asymptotic)', () => {
  it('counts, gains, QBERs, sample, bounds and ℓ follow from the detections', () => {
    const { report: r, aliceKey, bobKey } = runDecoyBb84(RUN);
    const h = siftByHand(RUN);
    const gain = [0, 1, 2].map((c) => h.detected[c]! / h.sent[c]!);
    expect(r.protocol).toBe('decoy-bb84');
    expect(r.pulses).toBe(100_000);
    expect(r.sent).toStrictEqual(trio(h.sent));
    expect(r.detected).toStrictEqual(trio(h.detected));
    expect(r.sifted).toStrictEqual(trio(h.sifted));
    expect(r.gain).toStrictEqual(trio(gain));
    const sampleSize = Math.round(0.1 * h.sifted[0]!);
    expect(r.sampleSize).toBe(sampleSize);
    expect(r.siftedErrors).toStrictEqual(trio([r.sampleErrors, h.errors[1]!, h.errors[2]!]));
    const qber = [
      r.sampleErrors / sampleSize,
      ratio(h.errors[1]!, h.sifted[1]!),
      ratio(h.errors[2]!, h.sifted[2]!),
    ];
    expect(r.qber).toStrictEqual(trio(qber));
    expect(r.qberEstimate).toBe(qber[0]);
    expect(r.keyBitsBeforeEc).toBe(h.sifted[0]! - sampleSize);
    expect(r.eveKnownBits).toBe(0);
    // Physical check: the sample QBER is near e_d = 2 % (±5σ over the sample).
    expect(Math.abs(qber[0]! - 0.02)).toBeLessThan(5 * Math.sqrt((0.02 * 0.98) / sampleSize));
    expect(Math.abs(r.trueQber - 0.02)).toBeLessThan(
      5 * Math.sqrt((0.02 * 0.98) / r.keyBitsBeforeEc),
    );
    const b = decoyBounds({
      signalMean: 0.5,
      decoyMean: 0.1,
      vacuumMean: 0,
      gainSignal: gain[0]!,
      gainDecoy: gain[1]!,
      gainVacuum: gain[2]!,
      errGainSignal: qber[0]! * gain[0]!,
      errGainDecoy: qber[1]! * gain[1]!,
      errGainVacuum: qber[2]! * gain[2]!,
    });
    expect(r.decoy).toStrictEqual(b);
    const n = r.keyBitsBeforeEc;
    const leak = r.reconciliation!.leakedBits;
    const ell =
      (n * b.q0Lower) / gain[0]! +
      ((n * b.q1Lower) / gain[0]!) * (1 - binaryEntropy(b.e1Upper)) -
      leak -
      64;
    expect(r.secureLength).toBe(Math.floor(ell));
    expect(r.finalKeyBits).toBe(Math.floor(r.secureLength / 8) * 8);
    expect(r.finalKeyBits).toBeGreaterThan(0);
    expect(r.keyRatePerPulse).toBe(r.finalKeyBits / 100_000);
    expect(r.abortReason).toBeUndefined();
    expect('abortReason' in r).toBe(false);
    expect(aliceKey.length * 8).toBe(r.finalKeyBits);
    expect(bobKey).toStrictEqual(aliceKey);
    expect(r.reconciliation!.verified).toBe(true);
  });

  it('is deterministic: same run, same report and key (pinned digest); another seed differs', () => {
    const a = runDecoyBb84({ ...RUN, pulses: 40_000 });
    const b = runDecoyBb84({ ...RUN, pulses: 40_000 });
    expect(b.report).toStrictEqual(a.report);
    expect(b.aliceKey).toStrictEqual(a.aliceKey);
    expect(a.aliceKey).toStrictEqual(a.bobKey); // the physical property: both ends agree
    expect(Buffer.from(sha256(a.aliceKey)).toString('hex')).toBe(KEY_DIGEST);
    expect(runDecoyBb84({ ...RUN, pulses: 40_000, seed: 2 }).aliceKey).not.toStrictEqual(
      a.aliceKey,
    );
  });
});

/** sha256 of the 40 000-pulse key of RUN's link and seed. */
const KEY_DIGEST = '9a1780ce226be05d9b7b4f782ca09bafe47047d1e31daf943defb4c33ffb518c';

describe('runDecoyBb84 finite-key estimates', () => {
  // With p_d = 1e-3 the signal-based e1 bound is the binding one, so dropping its Y0ᴸ/2 term shows.
  it.each([1e-5, 1e-3])(
    'p_d = %d: bounds each gain against the key, drops the vacuum terms and pays 2·log2(1/(2ε))',
    (pd) => {
      const eps = 0.1; // the loosest allowed, so 100 000 pulses still give a key
      const run = {
        ...RUN,
        link: { ...RUN.link, detector: { ...RUN.link.detector, darkCountProb: pd } },
      };
      const { report: r } = runDecoyBb84({ ...run, options: { finiteKeyEpsilon: eps } });
      const h = siftByHand(run);
      const g = [0, 1, 2].map((c) => h.detected[c]! / h.sent[c]!);
      const q = [
        r.sampleErrors / r.sampleSize,
        ratio(h.errors[1]!, h.sifted[1]!),
        ratio(h.errors[2]!, h.sifted[2]!),
      ];
      const eg = q.map((e, c) => e * g[c]!);
      const ns = Math.sqrt(2 * Math.log(1 / eps));
      const dev = (x: number, c: number) =>
        ns * Math.sqrt(Math.max(x, 1 / h.sent[c]!) / h.sent[c]!);
      const obs = [g[0]! + dev(g[0]!, 0), g[1]! - dev(g[1]!, 1), g[2]! + dev(g[2]!, 2)];
      const b = decoyBounds(
        {
          signalMean: 0.5,
          decoyMean: 0.1,
          vacuumMean: 0,
          gainSignal: obs[0]!,
          gainDecoy: obs[1]!,
          gainVacuum: obs[2]!,
          errGainSignal: eg[0]! + dev(eg[0]!, 0),
          errGainDecoy: eg[1]! + dev(eg[1]!, 1),
          errGainVacuum: Math.max(0, eg[2]! - dev(eg[2]!, 2)),
        },
        true,
      );
      expect(r.decoy).toStrictEqual(b);
      expect(r.qberEstimate).toBe(
        Math.min(0.5, q[0]! + Math.sqrt(Math.log(1 / eps) / (2 * r.sampleSize))),
      );
      expect(r.gain.signal).toBe(g[0]); // the report keeps the observed gains
      const n = r.keyBitsBeforeEc;
      const ell =
        ((n * b.q1Lower) / obs[0]!) * (1 - binaryEntropy(b.e1Upper)) -
        r.reconciliation!.leakedBits -
        64 -
        2 * Math.log2(1 / (2 * eps));
      expect(r.secureLength).toBe(Math.floor(ell));
      expect(r.abortReason).toBeUndefined();
      expect(r.finalKeyBits).toBeGreaterThan(0);
    },
  );
});

describe('runDecoyBb84 aborts', () => {
  it('needs 64 key bits: 63 aborts with NO_DETECTIONS, 64 goes on (seeds found by search)', () => {
    const few = runDecoyBb84({ ...RUN, pulses: 1900, seed: 1 });
    expect(few.report.keyBitsBeforeEc).toBe(63);
    expectAborted(few, 'NO_DETECTIONS');
    const enough = runDecoyBb84({ ...RUN, pulses: 1900, seed: 15 });
    expect(enough.report.keyBitsBeforeEc).toBe(64);
    expect(enough.report.abortReason).toBe('NO_SECURE_KEY');
  });

  it('an empty sample aborts with NO_DETECTIONS even with enough key bits', () => {
    const out = runDecoyBb84({
      ...RUN,
      pulses: 1900,
      seed: 15,
      options: { sampleFraction: 0.001 },
    });
    expect(out.report.sampleSize).toBe(0);
    expect(out.report.keyBitsBeforeEc).toBe(71);
    expectAborted(out, 'NO_DETECTIONS');
  });

  it('no detections at all: rates are 0, and the finite-key QBER estimate is the worst case 1/2', () => {
    const dark = link();
    const out = runDecoyBb84({
      link: {
        ...dark,
        fibre: { distanceKm: 10_000, lossDbPerKm: 0.2 },
        detector: { ...dark.detector, darkCountProb: 0 },
      },
      pulses: 1000,
      seed: 3,
      options: { finiteKeyEpsilon: 0.01 },
    });
    const r = out.report;
    expect([r.gain, r.qber]).toStrictEqual([trio([0, 0, 0]), trio([0, 0, 0])]);
    expect([r.trueQber, r.qberEstimate]).toStrictEqual([0, 0.5]);
    expectAborted(out, 'NO_DETECTIONS');
  });

  it('aborts on QBER only strictly above the threshold', () => {
    const small = { ...RUN, pulses: 20_000 };
    const e = runDecoyBb84(small).report.qberEstimate;
    expect(e).toBeGreaterThan(0);
    const at = runDecoyBb84({ ...small, options: { qberThreshold: e } });
    expect(at.report.abortReason).not.toBe('QBER_ABOVE_THRESHOLD');
    const below = runDecoyBb84({ ...small, options: { qberThreshold: e * (1 - 1e-9) } });
    expectAborted(below, 'QBER_ABOVE_THRESHOLD');
    expect(below.report.sifted).toStrictEqual(at.report.sifted); // the estimates are still reported
  });

  it('photon-number splitting at 0 km cannot keep the signal gain: Y1 bound ≤ 0, DECOY_INCONSISTENT', () => {
    const out = runDecoyBb84({ ...RUN, link: link({ kind: 'pns', fraction: 1 }) });
    expect(out.report.decoy.y1Lower).toBeLessThanOrEqual(0);
    // Every key bit but a dark-count click or two (Y0·pulses ≈ 2 expected) came from a split pulse.
    expect(out.report.eveKnownBits).toBeGreaterThanOrEqual(out.report.keyBitsBeforeEc - 10);
    expect(out.report.eveKnownBits).toBeLessThanOrEqual(out.report.keyBitsBeforeEc);
    expectAborted(out, 'DECOY_INCONSISTENT');
  });
});
