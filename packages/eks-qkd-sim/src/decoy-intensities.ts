import { checkRange, QkdError } from './errors.js';

/** The three mean photon numbers of a decoy-state source: signal μ, weak decoy ν, vacuum ω. */
export interface DecoyIntensities {
  readonly signalMean: number;
  readonly decoyMean: number;
  readonly vacuumMean: number;
}

/**
 * Refuses intensities for which the decoy bounds of decoy-estimates.ts are not bounds
 * (Ma, Qi, Zhao, Lo 2005, two decoys ν > ω ≥ 0):
 *
 * - 0 ≤ ω < ν: Y0ᴸ drops the terms ν·ω·(ω^(n−1) − ν^(n−1))/n!, n ≥ 2, which are ≤ 0 only when ω < ν.
 * - ν + ω < μ: Y1ᴸ replaces ν^n − ω^n by (ν² − ω²)·μ^(n−2) for n ≥ 2, an upper bound only when
 *   ν + ω ≤ μ (ν^n − ω^n ≤ (ν − ω)(ν + ω)^(n−1)), and divides by (ν − ω)(μ − ν − ω), so strictly.
 *   With (μ, ν, ω) = (0.5, 0.3, 0.25) the "lower bound" exceeds the true Y1.
 * - μ ∈ [10⁻⁶, 2]: nothing in the derivation needs μ ≤ 1 (the inequalities above hold for any μ);
 *   2 is the simulator's range, where the photon-number tail beyond 16 is below 10⁻⁹.
 *
 * Codes: INVALID_PARAMETER on `${field}.signalMean`, `.decoyMean` (also for ν + ω ≥ μ) or
 * `.vacuumMean`, in that order of checks.
 */
export function validateDecoyIntensities(m: DecoyIntensities, field: string): void {
  // The first check refuses a missing object (m?.x is undefined); the later ones need no `?.`.
  checkRange(`${field}.signalMean`, m?.signalMean, 1e-6, 2);
  checkRange(`${field}.decoyMean`, m.decoyMean, 1e-6, m.signalMean);
  checkRange(`${field}.vacuumMean`, m.vacuumMean, 0, m.decoyMean);
  if (!(m.decoyMean < m.signalMean)) {
    throw new QkdError('INVALID_PARAMETER', `${field}.decoyMean`, 'must be below signalMean');
  }
  if (!(m.vacuumMean < m.decoyMean)) {
    throw new QkdError('INVALID_PARAMETER', `${field}.vacuumMean`, 'must be below decoyMean');
  }
  if (!(m.decoyMean + m.vacuumMean < m.signalMean)) {
    throw new QkdError(
      'INVALID_PARAMETER',
      `${field}.decoyMean`,
      'decoyMean + vacuumMean must be below signalMean (the Y1 lower bound needs it)',
    );
  }
}
