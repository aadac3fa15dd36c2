import { bitsToBytes, hammingDistance } from './bits.js';
import { type CascadeOptions, cascade, reconciliationEfficiency } from './cascade.js';
import type { Xoshiro128 } from './prng.js';
import type { AbortReason, ReconciliationReport } from './report.js';
import { toeplitzHash } from './toeplitz.js';

/** Length of the universal-hash tag that confirms Alice and Bob hold the same corrected key. */
export const VERIFICATION_TAG_BITS = 64;

export interface SampleSplit {
  /** Indices (into the sifted string) disclosed for parameter estimation. */
  readonly sampled: Uint8Array; // 1 = disclosed
  readonly sampleSize: number;
  readonly sampleErrors: number;
}

/** Picks round(fraction·n) positions uniformly without replacement (partial Fisher–Yates). */
export function pickSample(
  alice: Uint8Array,
  bob: Uint8Array,
  fraction: number,
  rng: Xoshiro128,
): SampleSplit {
  const n = alice.length;
  const m = Math.min(n, Math.round(fraction * n));
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const sampled = new Uint8Array(n);
  let errors = 0;
  for (let i = 0; i < m; i++) {
    const j = i + rng.nextBelow(n - i);
    const t = idx[j]!;
    idx[j] = idx[i]!;
    idx[i] = t;
    sampled[t] = 1;
    errors += alice[t]! ^ bob[t]!;
  }
  return { sampled, sampleSize: m, sampleErrors: errors };
}

/** Keeps the positions not disclosed. */
export function removeSample(bits: Uint8Array, sampled: Uint8Array): Uint8Array {
  let n = 0;
  for (let i = 0; i < bits.length; i++) if (!sampled[i]) n++;
  const out = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < bits.length; i++) if (!sampled[i]) out[k++] = bits[i]!;
  return out;
}

export interface FinishOutcome {
  readonly reconciliation: ReconciliationReport;
  /** Secure length ℓ before rounding down to whole bytes. */
  readonly secureLength: number;
  readonly aliceKey: Uint8Array;
  readonly bobKey: Uint8Array;
  readonly abortReason?: AbortReason;
}

/**
 * Error correction (Cascade), verification (64-bit Toeplitz tag on a fresh public seed) and
 * privacy amplification (Toeplitz to ℓ bits, ℓ rounded down to whole bytes).
 * `secureLength(leak)` turns the total leakage into ℓ from the protocol's estimates.
 */
export function reconcileAndAmplify(
  alice: Uint8Array,
  bob: Uint8Array,
  qberEstimate: number,
  secureLength: (leakedBits: number) => number,
  rng: Xoshiro128,
  cascadeOptions?: CascadeOptions,
): FinishOutcome {
  const n = alice.length;
  const errorsBefore = hammingDistance(alice, bob);
  const ec = cascade(alice, bob, Math.min(0.5, qberEstimate), rng, cascadeOptions);
  const residual = hammingDistance(alice, ec.corrected);
  const tagSeed = randomBits(rng, n + VERIFICATION_TAG_BITS - 1);
  const tagA = toeplitzHash(alice, tagSeed, VERIFICATION_TAG_BITS);
  const tagB = toeplitzHash(ec.corrected, tagSeed, VERIFICATION_TAG_BITS);
  const verified = hammingDistance(tagA, tagB) === 0;
  const efficiency = reconciliationEfficiency(ec.leakedBits, n, errorsBefore);
  const reconciliation: ReconciliationReport = {
    leakedBits: ec.leakedBits,
    efficiency: Number.isFinite(efficiency) ? efficiency : Number.NaN,
    correctedErrors: ec.correctedErrors,
    residualErrors: residual,
    verificationTagBits: VERIFICATION_TAG_BITS,
    verified,
  };
  const empty = new Uint8Array(0);
  if (!verified) {
    return {
      reconciliation,
      secureLength: 0,
      aliceKey: empty,
      bobKey: empty,
      abortReason: 'VERIFICATION_FAILED',
    };
  }
  const ell = Math.floor(secureLength(ec.leakedBits + VERIFICATION_TAG_BITS));
  const bits = Math.min(n, Math.max(0, ell)) & ~7;
  if (bits <= 0) {
    return {
      reconciliation,
      secureLength: ell,
      aliceKey: empty,
      bobKey: empty,
      abortReason: 'NO_SECURE_KEY',
    };
  }
  const paSeed = randomBits(rng, n + bits - 1);
  const aliceKey = bitsToBytes(toeplitzHash(alice, paSeed, bits));
  const bobKey = bitsToBytes(toeplitzHash(ec.corrected, paSeed, bits));
  return { reconciliation, secureLength: ell, aliceKey, bobKey };
}

/** `count` public random bits, one per byte. */
export function randomBits(rng: Xoshiro128, count: number): Uint8Array {
  const out = new Uint8Array(count);
  let w = 0;
  for (let i = 0; i < count; i++) {
    if ((i & 31) === 0) w = rng.nextU32();
    out[i] = (w >>> (i & 31)) & 1;
  }
  return out;
}
