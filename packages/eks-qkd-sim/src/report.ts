/** Why a QKD run produced no key. */
export type AbortReason =
  /** The sampled QBER is above the abort threshold (noise or an intercept-resend attack). */
  | 'QBER_ABOVE_THRESHOLD'
  /** The decoy statistics admit no single-photon yield (Y1ᴸ ≤ 0) or e1ᵁ ≥ 1/2: photon-number splitting. */
  | 'DECOY_INCONSISTENT'
  /** The CHSH value of the test rounds is ≤ 2: no entanglement is certified. */
  | 'CHSH_NOT_VIOLATED'
  /** Too few sifted detections to estimate anything (link down or far too short a run). */
  | 'NO_DETECTIONS'
  /** The estimates leave no secure bits after error-correction leakage. */
  | 'NO_SECURE_KEY'
  /** The verification hashes of Alice's and Bob's corrected keys differ. */
  | 'VERIFICATION_FAILED';

/** Result of error correction, verification and privacy amplification. */
export interface ReconciliationReport {
  /** Parity bits disclosed by Cascade. */
  readonly leakedBits: number;
  /** f = leakedBits / (n · h(e)) with e the true error rate of the block (NaN when e = 0). */
  readonly efficiency: number;
  readonly correctedErrors: number;
  /** Errors left after Cascade (ground truth; 0 unless verification fails). */
  readonly residualErrors: number;
  /** Bits of the verification tag (also counted as leakage). */
  readonly verificationTagBits: number;
  readonly verified: boolean;
}

/** Outcome of one QKD run: the key both ends hold, or none with the reason. */
export interface QkdOutcome<R> {
  /** Alice's final key (empty when aborted). */
  readonly aliceKey: Uint8Array;
  /** Bob's final key; equal to aliceKey whenever verification passed. */
  readonly bobKey: Uint8Array;
  readonly report: R;
}
