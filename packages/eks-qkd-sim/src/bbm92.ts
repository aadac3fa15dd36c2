import {
  EFLAG_ALICE_BIT,
  EFLAG_ALICE_SETTING,
  EFLAG_BOB_BIT,
  EFLAG_BOB_SETTING_SHIFT,
  EFLAG_EVE_KNOWS,
  type EntangledLink,
  simulateBbm92,
} from './bbm92-sim.js';
import { binaryEntropy } from './entropy.js';
import { pickSample, reconcileAndAmplify, removeSample } from './finish.js';
import { Xoshiro128 } from './prng.js';
import {
  finitePaCost,
  hoeffdingUpper,
  MIN_SIFTED_BITS,
  type ProtocolRun,
  resolveOptions,
} from './protocol-options.js';
import type { AbortReason, QkdOutcome, ReconciliationReport } from './report.js';

export interface Bbm92Report {
  readonly protocol: 'bbm92';
  readonly pulses: number;
  readonly coincidences: number;
  /** Key rounds (a = b). */
  readonly sifted: number;
  /** CHSH test rounds (a ∈ {0°, 45°}, b ∈ {22.5°, 67.5°}). */
  readonly testRounds: number;
  /** Correlators E(a, b) = (N_same − N_diff)/N in the order (0,22.5), (0,67.5), (45,22.5), (45,67.5). */
  readonly correlators: readonly [number, number, number, number];
  /** S = E(0,22.5) − E(0,67.5) + E(45,22.5) + E(45,67.5). */
  readonly chsh: number;
  readonly sampleSize: number;
  readonly sampleErrors: number;
  readonly qber: number;
  readonly qberEstimate: number;
  readonly keyBitsBeforeEc: number;
  readonly trueQber: number;
  readonly eveKnownBits: number;
  readonly reconciliation?: ReconciliationReport;
  /** ℓ = n·(1 − h(e)) − leak − tag − finite PA cost, before rounding to bytes. */
  readonly secureLength: number;
  readonly finalKeyBits: number;
  readonly keyRatePerPulse: number;
  readonly abortReason?: AbortReason;
}

export type Bbm92Run = ProtocolRun<EntangledLink>;

/**
 * One BBM92 session with CHSH monitoring: simulate, sift the key rounds, compute S from the test
 * rounds (abort when S ≤ 2), estimate the QBER on a sample (abort above threshold), reconcile,
 * verify, amplify. The key bound is the entanglement-based one, r = 1 − h(e) − leak/n.
 */
export function runBbm92(run: Bbm92Run): QkdOutcome<Bbm92Report> {
  const opts = resolveOptions(run.options);
  const rng = new Xoshiro128(run.seed);
  const rec = simulateBbm92(run.link, run.pulses, rng);
  const same = [0, 0, 0, 0];
  const total = [0, 0, 0, 0];
  let nKey = 0;
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    const a = f & EFLAG_ALICE_SETTING;
    const b = (f >>> EFLAG_BOB_SETTING_SHIFT) & 3;
    if (b === a) nKey++;
    else if (b >= 2) {
      const k = a * 2 + (b - 2);
      total[k]!++;
      if (((f & EFLAG_ALICE_BIT) !== 0) === ((f & EFLAG_BOB_BIT) !== 0)) same[k]!++;
    }
  }
  const alice = new Uint8Array(nKey);
  const bob = new Uint8Array(nKey);
  const eve = new Uint8Array(nKey);
  let k = 0;
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    if ((f & EFLAG_ALICE_SETTING) !== ((f >>> EFLAG_BOB_SETTING_SHIFT) & 3)) continue;
    alice[k] = f & EFLAG_ALICE_BIT ? 1 : 0;
    bob[k] = f & EFLAG_BOB_BIT ? 1 : 0;
    eve[k] = f & EFLAG_EVE_KNOWS ? 1 : 0;
    k++;
  }
  const corr = [0, 1, 2, 3].map((j) =>
    total[j]! > 0 ? (2 * same[j]! - total[j]!) / total[j]! : 0,
  );
  const chsh = corr[0]! - corr[1]! + corr[2]! + corr[3]!;
  const sample = pickSample(alice, bob, opts.sampleFraction, rng);
  const keyA = removeSample(alice, sample.sampled);
  const keyB = removeSample(bob, sample.sampled);
  const keyE = removeSample(eve, sample.sampled);
  let trueErrors = 0;
  let eveKnown = 0;
  for (let i = 0; i < keyA.length; i++) {
    trueErrors += keyA[i]! ^ keyB[i]!;
    eveKnown += keyE[i]!;
  }
  const qber = sample.sampleSize > 0 ? sample.sampleErrors / sample.sampleSize : 0;
  const eps = opts.finiteKeyEpsilon;
  const qberEstimate =
    eps !== undefined && sample.sampleSize > 0
      ? hoeffdingUpper(qber, sample.sampleSize, eps)
      : qber;
  const base = {
    protocol: 'bbm92' as const,
    pulses: run.pulses,
    coincidences: rec.count,
    sifted: nKey,
    testRounds: total[0]! + total[1]! + total[2]! + total[3]!,
    correlators: [corr[0]!, corr[1]!, corr[2]!, corr[3]!] as const,
    chsh,
    sampleSize: sample.sampleSize,
    sampleErrors: sample.sampleErrors,
    qber,
    qberEstimate,
    keyBitsBeforeEc: keyA.length,
    trueQber: keyA.length > 0 ? trueErrors / keyA.length : 0,
    eveKnownBits: eveKnown,
  };
  const empty = new Uint8Array(0);
  const abort = (reason: AbortReason): QkdOutcome<Bbm92Report> => ({
    aliceKey: empty,
    bobKey: empty,
    report: { ...base, secureLength: 0, finalKeyBits: 0, keyRatePerPulse: 0, abortReason: reason },
  });
  if (keyA.length < MIN_SIFTED_BITS || sample.sampleSize === 0) return abort('NO_DETECTIONS');
  // Entanglement is the resource: without a Bell violation there is nothing to distil.
  if (chsh <= 2) return abort('CHSH_NOT_VIOLATED');
  if (qberEstimate > opts.qberThreshold) return abort('QBER_ABOVE_THRESHOLD');
  const n = keyA.length;
  const paCost = finitePaCost(eps);
  const done = reconcileAndAmplify(
    keyA,
    keyB,
    qber, // Cascade's block sizes follow the point estimate; the bound goes into ℓ
    (leak) => n * (1 - binaryEntropy(qberEstimate)) - leak - paCost,
    rng,
    opts.cascade,
  );
  const finalKeyBits = done.aliceKey.length * 8;
  return {
    aliceKey: done.aliceKey,
    bobKey: done.bobKey,
    report: {
      ...base,
      reconciliation: done.reconciliation,
      secureLength: done.secureLength,
      finalKeyBits,
      keyRatePerPulse: finalKeyBits / run.pulses,
      ...(done.abortReason ? { abortReason: done.abortReason } : {}),
    },
  };
}
