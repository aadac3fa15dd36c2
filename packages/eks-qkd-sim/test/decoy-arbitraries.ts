import fc from 'fast-check';
import type { DecoyIntensities } from '../src/decoy-intensities.js';

/**
 * Valid decoy intensities for property tests: μ ∈ [10⁻³, 2], then ν + ω < μ and 0 ≤ ω < ν, built
 * from fractions of μ (half the cases with an ideal vacuum, ω = 0).
 */
export const validIntensities: fc.Arbitrary<DecoyIntensities> = fc
  .record({
    mu: fc.double({ min: 1e-3, max: 2, noNaN: true }),
    sum: fc.double({ min: 0.01, max: 0.999, noNaN: true }), // (ν + ω)/μ
    split: fc.double({ min: 0, max: 0.499, noNaN: true }), // ω/(ν + ω)
    vacuum: fc.boolean(),
  })
  .map(({ mu, sum, split, vacuum }) => {
    const total = sum * mu;
    const w = vacuum ? 0 : split * total;
    return { signalMean: mu, decoyMean: total - w, vacuumMean: w };
  })
  .filter((m) => m.vacuumMean < m.decoyMean && m.decoyMean + m.vacuumMean < m.signalMean);
