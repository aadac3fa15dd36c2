import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { bbm92Expectation } from '../src/analytic.js';
import { type Bbm92Run, runBbm92 } from '../src/bbm92.js';
import {
  EFLAG_ALICE_BIT,
  EFLAG_ALICE_SETTING,
  EFLAG_BOB_BIT,
  EFLAG_BOB_SETTING_SHIFT,
  type EntangledLink,
  simulateBbm92,
} from '../src/bbm92-sim.js';
import { binaryEntropy } from '../src/entropy.js';
import { Xoshiro128 } from '../src/prng.js';
import { expectAborted } from './expect-aborted.js';

const link = (attack: EntangledLink['attack'] = { kind: 'none' }, km = 0): EntangledLink => ({
  source: { pairMean: 0.02, testProb: 0.25 },
  fibreToAlice: { distanceKm: km, lossDbPerKm: 0.2 },
  fibreToBob: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: { efficiency: 1, darkCountProb: 1e-5, misalignment: 0.01, afterpulseProb: 0 },
  attack,
});
const RUN: Bbm92Run = { link: link(), pulses: 100_000, seed: 1 };

/** Key rounds, test rounds and correlators by hand from the record the same seed produces. */
function byHand(run: Bbm92Run) {
  const rec = simulateBbm92(run.link, run.pulses, new Xoshiro128(run.seed));
  let key = 0;
  const n = [0, 0, 0, 0];
  const same = [0, 0, 0, 0];
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    const a = f & EFLAG_ALICE_SETTING;
    const b = (f >>> EFLAG_BOB_SETTING_SHIFT) & 3;
    if (a === b) key++;
    if (b < 2) continue;
    const k = 2 * a + b - 2; // (0,22.5), (0,67.5), (45,22.5), (45,67.5)
    n[k]!++;
    if ((f & EFLAG_ALICE_BIT) / EFLAG_ALICE_BIT === (f & EFLAG_BOB_BIT) / EFLAG_BOB_BIT) same[k]!++;
  }
  const corr = n.map((t, k) => (t > 0 ? (2 * same[k]! - t) / t : 0));
  return { count: rec.count, key, testRounds: n[0]! + n[1]! + n[2]! + n[3]!, corr };
}

describe('runBbm92 report', () => {
  it('rounds, correlators, S, sample and ℓ = n(1 − h(e)) − leak − 64 follow from the coincidences', () => {
    const { report: r, aliceKey, bobKey } = runBbm92(RUN);
    const h = byHand(RUN);
    expect(r.protocol).toBe('bbm92');
    expect([r.pulses, r.coincidences, r.sifted, r.testRounds]).toStrictEqual([
      100_000,
      h.count,
      h.key,
      h.testRounds,
    ]);
    expect(r.correlators).toStrictEqual(h.corr);
    expect(r.chsh).toBe(h.corr[0]! - h.corr[1]! + h.corr[2]! + h.corr[3]!);
    // Physical check: S within 5σ (σ² ≤ Σ 1/N per correlator) of 2√2·V·(correlated fraction).
    expect(Math.abs(r.chsh - bbm92Expectation(RUN.link).chsh)).toBeLessThan(
      5 * Math.sqrt(16 / h.testRounds),
    );
    const sampleSize = Math.round(0.1 * h.key);
    expect(r.sampleSize).toBe(sampleSize);
    expect(r.qber).toBe(r.sampleErrors / sampleSize);
    expect(r.qberEstimate).toBe(r.qber);
    expect(r.keyBitsBeforeEc).toBe(h.key - sampleSize);
    expect(r.eveKnownBits).toBe(0);
    const leak = r.reconciliation!.leakedBits;
    expect(r.secureLength).toBe(
      Math.floor(r.keyBitsBeforeEc * (1 - binaryEntropy(r.qber)) - leak - 64),
    );
    expect(r.finalKeyBits).toBe(Math.floor(r.secureLength / 8) * 8);
    expect(r.finalKeyBits).toBeGreaterThan(0);
    expect(r.keyRatePerPulse).toBe(r.finalKeyBits / 100_000);
    expect('abortReason' in r).toBe(false);
    expect(aliceKey.length * 8).toBe(r.finalKeyBits);
    expect(bobKey).toStrictEqual(aliceKey);
  });

  it('finite-key: the Hoeffding bound enters ℓ together with 2·log2(1/(2ε))', () => {
    const eps = 0.1;
    const { report: r } = runBbm92({
      ...RUN,
      options: { finiteKeyEpsilon: eps, qberThreshold: 0.5 },
    });
    const bound = Math.min(0.5, r.qber + Math.sqrt(Math.log(1 / eps) / (2 * r.sampleSize)));
    expect(r.qberEstimate).toBe(bound);
    const ell =
      r.keyBitsBeforeEc * (1 - binaryEntropy(bound)) -
      r.reconciliation!.leakedBits -
      64 -
      2 * Math.log2(5);
    expect(r.secureLength).toBe(Math.floor(ell));
  });

  it('is deterministic: same run, same report and key (pinned digest); another seed differs', () => {
    const a = runBbm92({ ...RUN, pulses: 60_000 });
    const b = runBbm92({ ...RUN, pulses: 60_000 });
    expect(b.report).toStrictEqual(a.report);
    expect(a.aliceKey).toStrictEqual(a.bobKey); // the physical property: both ends agree
    expect(Buffer.from(sha256(a.aliceKey)).toString('hex')).toBe(KEY_DIGEST);
    expect(runBbm92({ ...RUN, pulses: 60_000, seed: 2 }).aliceKey).not.toStrictEqual(a.aliceKey);
  });
});

/** sha256 of the 60 000-pulse key of RUN's link and seed. */
const KEY_DIGEST = '01ddc053b5f32c89537687bf9ca016d828efd45ace266ca94f360263c51dbeca';

describe('runBbm92 aborts', () => {
  it('needs 64 key bits: 63 aborts with NO_DETECTIONS, 64 goes on (seeds found by search)', () => {
    const few = runBbm92({ ...RUN, pulses: 9500, seed: 4 });
    expect(few.report.keyBitsBeforeEc).toBe(63);
    expectAborted(few, 'NO_DETECTIONS');
    const enough = runBbm92({ ...RUN, pulses: 9500, seed: 62 });
    expect(enough.report.keyBitsBeforeEc).toBe(64);
    expect(enough.report.abortReason).toBe('NO_SECURE_KEY');
  });

  it('an empty sample aborts with NO_DETECTIONS even with enough key bits', () => {
    const out = runBbm92({ ...RUN, pulses: 9500, seed: 62, options: { sampleFraction: 0.001 } });
    expect(out.report.sampleSize).toBe(0);
    expect(out.report.keyBitsBeforeEc).toBe(71);
    expect([out.report.qber, out.report.qberEstimate]).toStrictEqual([0, 0]);
    expectAborted(out, 'NO_DETECTIONS');
  });

  it('no coincidences at all: every rate is 0, not NaN', () => {
    const dark = { ...link({ kind: 'none' }, 10_000) };
    const out = runBbm92({
      ...RUN,
      link: { ...dark, detector: { ...dark.detector, darkCountProb: 0 } },
      pulses: 1000,
      options: { finiteKeyEpsilon: 0.01 },
    });
    const r = out.report;
    expect([r.coincidences, r.chsh, r.qber, r.qberEstimate, r.trueQber]).toStrictEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(r.correlators).toStrictEqual([0, 0, 0, 0]);
    expectAborted(out, 'NO_DETECTIONS');
  });

  it('full intercept-resend breaks the Bell violation: CHSH_NOT_VIOLATED', () => {
    const out = runBbm92({ ...RUN, link: link({ kind: 'intercept-resend', fraction: 1 }) });
    expect(out.report.chsh).toBeLessThanOrEqual(2);
    expect(out.report.eveKnownBits).toBeGreaterThan(0);
    expectAborted(out, 'CHSH_NOT_VIOLATED');
  });

  it('aborts on QBER only strictly above the threshold', () => {
    const e = runBbm92(RUN).report.qberEstimate;
    expect(e).toBeGreaterThan(0);
    expect(runBbm92({ ...RUN, options: { qberThreshold: e } }).report.abortReason).toBeUndefined();
    expectAborted(
      runBbm92({ ...RUN, options: { qberThreshold: e * (1 - 1e-9) } }),
      'QBER_ABOVE_THRESHOLD',
    );
  });
});
