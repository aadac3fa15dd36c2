import {
  DECOY,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  FLAG_EVE_GUESS,
  FLAG_EVE_KNOWS,
  FLAG_EVE_SHIFTED,
  SIGNAL,
  simulateDecoyBb84,
  VACUUM,
} from './bb84-sim.js';
import { type DecoyBounds, decoyBounds } from './decoy-estimates.js';
import { binaryEntropy } from './entropy.js';
import { pickSample, reconcileAndAmplify, removeSample } from './finish.js';
import type { DecoyBb84Link } from './physics.js';
import { Xoshiro128 } from './prng.js';
import {
  finitePaCost,
  hoeffdingUpper,
  MIN_SIFTED_BITS,
  type ProtocolRun,
  resolveOptions,
  sigmas,
} from './protocol-options.js';
import type { AbortReason, QkdOutcome, ReconciliationReport } from './report.js';

/** Counts per intensity class. */
export interface PerIntensity {
  readonly signal: number;
  readonly decoy: number;
  readonly vacuum: number;
}

/** Everything a decoy-state BB84 run measured, estimated and produced. */
export interface DecoyBb84Report {
  readonly protocol: 'decoy-bb84';
  readonly pulses: number;
  readonly sent: PerIntensity;
  readonly detected: PerIntensity;
  readonly sifted: PerIntensity;
  /** Errors among sifted bits (all disclosed for decoy and vacuum; the sample for signal). */
  readonly siftedErrors: PerIntensity;
  /** Gains Q = detected / sent. */
  readonly gain: PerIntensity;
  /** Sifted QBER per intensity: decoy and vacuum over all their sifted bits, signal over the sample. */
  readonly qber: PerIntensity;
  readonly sampleSize: number;
  readonly sampleErrors: number;
  /** QBER used for the abort test (sample estimate, or its upper bound under finite-key). */
  readonly qberEstimate: number;
  readonly decoy: DecoyBounds;
  /** Key bits entering error correction (signal sifted bits not disclosed). */
  readonly keyBitsBeforeEc: number;
  /** True error rate of that block (ground truth). */
  readonly trueQber: number;
  /** Bits of that block Eve holds (ground truth, diagnostic). */
  readonly eveKnownBits: number;
  /**
   * Under a time-shift attack only: bits of that block Eve has a guess of (she shifted their
   * pulse) and how many of her guesses are right (ground truth, diagnostic).
   */
  readonly eveGuesses?: { readonly bits: number; readonly right: number };
  readonly reconciliation?: ReconciliationReport;
  /** ℓ = n0 + n1·(1 − h(e1ᵁ)) − leak − tag − finite PA cost, before rounding to bytes. */
  readonly secureLength: number;
  readonly finalKeyBits: number;
  readonly keyRatePerPulse: number;
  readonly abortReason?: AbortReason;
}

export type DecoyBb84Run = ProtocolRun<DecoyBb84Link>;

/**
 * One decoy-state BB84 session: simulate the pulses, sift, estimate (QBER on a random sample,
 * decoy bounds on Y0, Y1, e1), abort when an attack shows, reconcile with Cascade, verify and
 * amplify to the secure length. Same run → same bytes.
 */
export function runDecoyBb84(run: DecoyBb84Run): QkdOutcome<DecoyBb84Report> {
  const opts = resolveOptions(run.options);
  const rng = new Xoshiro128(run.seed);
  const rec = simulateDecoyBb84(run.link, run.pulses, rng);
  const src = run.link.source;

  // Sifting: Bob announces which pulses clicked and his bases; Alice says which match.
  const detected = [0, 0, 0];
  const sifted = [0, 0, 0];
  const errors = [0, 0, 0];
  for (let i = 0; i < rec.count; i++) {
    const cls = rec.intensity[i]!;
    detected[cls]!++;
    const f = rec.flags[i]!;
    if (((f & FLAG_ALICE_BASIS) !== 0) === ((f & FLAG_BOB_BASIS) !== 0)) {
      sifted[cls]!++;
      if (cls !== SIGNAL && ((f & FLAG_ALICE_BIT) !== 0) !== ((f & FLAG_BOB_BIT) !== 0)) {
        errors[cls]!++;
      }
    }
  }
  const nSig = sifted[SIGNAL]!;
  const alice = new Uint8Array(nSig);
  const bob = new Uint8Array(nSig);
  const eve = new Uint8Array(nSig);
  let k = 0;
  for (let i = 0; i < rec.count; i++) {
    const f = rec.flags[i]!;
    if (rec.intensity[i] !== SIGNAL) continue;
    if (((f & FLAG_ALICE_BASIS) !== 0) !== ((f & FLAG_BOB_BASIS) !== 0)) continue;
    alice[k] = f & FLAG_ALICE_BIT ? 1 : 0;
    bob[k] = f & FLAG_BOB_BIT ? 1 : 0;
    // Bit 0: Eve knows the bit; bit 1: she has a guess of it; bit 2: her guess is right.
    const right = ((f & FLAG_EVE_GUESS) !== 0) === ((f & FLAG_ALICE_BIT) !== 0);
    eve[k] = (f & FLAG_EVE_KNOWS ? 1 : 0) | (f & FLAG_EVE_SHIFTED ? (right ? 6 : 2) : 0);
    k++;
  }

  // Parameter estimation on a random sample of the signal bits.
  const sample = pickSample(alice, bob, opts.sampleFraction, rng);
  errors[SIGNAL] = sample.sampleErrors;
  const keyA = removeSample(alice, sample.sampled);
  const keyB = removeSample(bob, sample.sampled);
  const keyE = removeSample(eve, sample.sampled);
  let trueErrors = 0;
  let eveKnown = 0;
  let eveGuessed = 0;
  let eveRight = 0;
  for (let i = 0; i < keyA.length; i++) {
    trueErrors += keyA[i]! ^ keyB[i]!;
    const e = keyE[i]!;
    eveKnown += e & 1;
    eveGuessed += (e >>> 1) & 1;
    eveRight += (e >>> 2) & 1;
  }
  const sent = rec.sent;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  const gain = [0, 1, 2].map((c) => ratio(detected[c]!, sent[c]!));
  const sampleQber = ratio(sample.sampleErrors, sample.sampleSize);
  const qber = [
    sampleQber,
    ratio(errors[DECOY]!, sifted[DECOY]!),
    ratio(errors[VACUUM]!, sifted[VACUUM]!),
  ];
  // E·Q per intensity: sifted error rate times gain.
  const errGain = qber.map((e, c) => e * gain[c]!);

  const eps = opts.finiteKeyEpsilon;
  let qberEstimate = sampleQber;
  let obsGain = gain;
  let obsErrGain = errGain;
  if (eps !== undefined) {
    const ns = sigmas(eps);
    const dev = (q: number, c: number) =>
      ns * Math.sqrt(Math.max(q, 1 / Math.max(1, sent[c]!)) / Math.max(1, sent[c]!));
    qberEstimate = sample.sampleSize > 0 ? hoeffdingUpper(sampleQber, sample.sampleSize, eps) : 0.5;
    // Heuristic finite-key option (spec §4 step 4): Gaussian widths, not a composable proof;
    // the composable bound is lim2014KeyLength. Each bound moves the estimate in the direction
    // that lowers the key (Ma et al. 2005, §IV).
    obsGain = [
      gain[0]! + dev(gain[0]!, 0),
      gain[1]! - dev(gain[1]!, 1),
      gain[2]! + dev(gain[2]!, 2),
    ];
    obsGain = obsGain.map((q) => Math.max(0, q));
    obsErrGain = [
      errGain[0]! + dev(errGain[0]!, 0),
      errGain[1]! + dev(errGain[1]!, 1),
      Math.max(0, errGain[2]! - dev(errGain[2]!, 2)),
    ];
  }
  const bounds = decoyBounds(
    {
      signalMean: src.signalMean,
      decoyMean: src.decoyMean,
      vacuumMean: src.vacuumMean,
      gainSignal: obsGain[0]!,
      gainDecoy: obsGain[1]!,
      gainVacuum: obsGain[2]!,
      errGainSignal: obsErrGain[0]!,
      errGainDecoy: obsErrGain[1]!,
      errGainVacuum: obsErrGain[2]!,
    },
    eps !== undefined,
  );
  const trio = (a: number[]): PerIntensity => ({ signal: a[0]!, decoy: a[1]!, vacuum: a[2]! });
  const base = {
    protocol: 'decoy-bb84' as const,
    pulses: run.pulses,
    sent: trio([...sent]),
    detected: trio(detected),
    sifted: trio(sifted),
    siftedErrors: trio(errors),
    gain: trio(gain),
    qber: trio(qber),
    sampleSize: sample.sampleSize,
    sampleErrors: sample.sampleErrors,
    qberEstimate,
    decoy: bounds,
    keyBitsBeforeEc: keyA.length,
    trueQber: ratio(trueErrors, keyA.length),
    eveKnownBits: eveKnown,
    ...(run.link.attack.kind === 'time-shift'
      ? { eveGuesses: { bits: eveGuessed, right: eveRight } }
      : {}),
  };
  const empty = new Uint8Array(0);
  const abort = (reason: AbortReason, extra: Partial<DecoyBb84Report> = {}) => ({
    aliceKey: empty,
    bobKey: empty,
    report: {
      ...base,
      secureLength: 0,
      finalKeyBits: 0,
      keyRatePerPulse: 0,
      ...extra,
      abortReason: reason,
    },
  });
  if (keyA.length < MIN_SIFTED_BITS || sample.sampleSize === 0) return abort('NO_DETECTIONS');
  if (qberEstimate > opts.qberThreshold) return abort('QBER_ABOVE_THRESHOLD');
  if (bounds.y1Lower <= 0 || bounds.e1Upper >= 0.5) return abort('DECOY_INCONSISTENT');

  // Fractions of the signal detections that came from vacuum and single-photon pulses.
  const n = keyA.length;
  const qMu = obsGain[0]!;
  // Under finite-key the vacuum bound above is an upper one, so the vacuum term is dropped.
  const n0 = eps === undefined ? (n * bounds.q0Lower) / qMu : 0;
  const n1 = (n * bounds.q1Lower) / qMu;
  const paCost = finitePaCost(eps);
  const done = reconcileAndAmplify(
    keyA,
    keyB,
    sampleQber, // Cascade's block sizes follow the point estimate; the bound goes into ℓ
    (leak) => n0 + n1 * (1 - binaryEntropy(bounds.e1Upper)) - leak - paCost,
    rng,
    opts.cascade,
  );
  const finalKeyBits = done.aliceKey.length * 8;
  const report: DecoyBb84Report = {
    ...base,
    reconciliation: done.reconciliation,
    secureLength: done.secureLength,
    finalKeyBits,
    keyRatePerPulse: finalKeyBits / run.pulses,
    ...(done.abortReason ? { abortReason: done.abortReason } : {}),
  };
  return { aliceKey: done.aliceKey, bobKey: done.bobKey, report };
}
