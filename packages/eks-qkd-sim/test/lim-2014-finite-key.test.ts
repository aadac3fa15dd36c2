import { describe, expect, it } from 'vitest';
import {
  LIM_2014_START,
  LIM_2014_SYSTEM,
  type Lim2014Settings,
  lim2014AsymptoticKeyRate,
  lim2014OptimalKeyRate,
} from '../src/index.js';
import { PAPER, PAPER_START, type PaperSettings, paperOptimum } from './lim-2014-paper-path.js';

/*
 * Reproduces Fig. 1 of C. C. W. Lim, M. Curty, N. Walenta, F. Xu, H. Zbinden, "Concise security
 * bounds for practical decoy-state quantum key distribution", PRA 89, 022307 (2014)
 * (arXiv:1311.7129): secret key rate per pulse ℓ/N against fibre length, dedicated fibre,
 * optimised over {q_X, p_μ1, p_μ2, μ1, μ2}, for post-processing block sizes n_X = 10^s,
 * s = 4…9. Parameters, all from the paper's §IV: μ3 = 2×10⁻⁴, η_Bob = 10 %, p_dc = 6×10⁻⁷,
 * p_ap = 4×10⁻², α = 0.2 dB/km, e_mis = 5×10⁻³, f_EC = 1.16, ε_sec = κ·ℓ with κ = 10⁻¹⁵,
 * ε_cor = 10⁻¹⁵.
 *
 * What is taken from the paper and what is recomputed:
 * - From the paper's text (§IV), the only numbers it states for the curves: "even if we use a
 *   block size of 10⁴, cryptographic keys can still be distributed over a fiber length of
 *   135 km" (tolerance ±5 km), and "at a fiber length of 100 km, the secret key rate obtained
 *   with n_X = 10⁹ is about 1.75 times the one based on n_X = 10⁷" (tolerance ±10 %).
 * - Everything else is recomputed: the figure is a log plot that cannot be read to 10 %, so the
 *   reference rates and maximum distances come from lim-2014-paper-path.ts, a second path
 *   written from the paper's Eqs. (1)–(5) and its §IV model, with its own optimiser, calling
 *   nothing of the package. Its values are pinned below (10⁻³ relative, ±0.1 km) so that a
 *   change to it cannot move the reference silently. Package against it: ±10 % in key rate,
 *   ±5 km in maximum distance.
 *
 * At n_X = 10⁴ the package ends at ≈ 130.4 km, 4.6 km short of the paper's 135 km: inside the
 * tolerance, with little to spare. There the optimum puts q_X at the search's lower bound 10⁻³
 * (Z-basis statistics as good as they get; the X-basis block of 10⁴ limits the distance):
 * lowering that bound from 10⁻² to 10⁻³ moved the end from 129.96 to 130.43 km. §IV prints
 * η_ch in the misalignment term of e_k; η_sys is used (spec §4.2 says why).
 */

const BLOCK_EXPONENTS = [4, 5, 6, 7, 8, 9] as const;

/** Second-path optimum rates at 0, 50, 100 km (its own output, pinned). */
const REFERENCE_RATES: Record<(typeof BLOCK_EXPONENTS)[number], [number, number, number]> = {
  4: [2.0841e-4, 1.8829e-5, 9.9117e-7],
  5: [1.3076e-3, 1.2361e-4, 1.0403e-5],
  6: [3.1931e-3, 3.0486e-4, 2.7549e-5],
  7: [5.3551e-3, 5.139e-4, 4.7663e-5],
  8: [7.3979e-3, 7.1276e-4, 6.7475e-5],
  9: [9.2025e-3, 8.8972e-4, 8.5368e-5],
};

/** Second-path maximum distances, km (its own output, pinned to ±0.1 km). */
const REFERENCE_MAX_KM: Record<(typeof BLOCK_EXPONENTS)[number], number> = {
  4: 129.88,
  5: 160.43,
  6: 172.46,
  7: 178.63,
  8: 182.07,
  9: 184.14,
};

type Optimum<S> = (km: number, start: S) => { rate: number; settings: S };

/**
 * Largest distance (to 0.05 km) with ℓ ≥ 1: 5 km steps from 100 km, each search started from the
 * last optimum (the optimum moves slowly with distance), then bisection.
 */
function maxDistance<S>(optimum: Optimum<S>, start: S): number {
  let settings = optimum(100, start).settings;
  let lo = 100;
  let hi = 105;
  for (let p = optimum(hi, settings); p.rate > 0; p = optimum(hi, settings)) {
    settings = p.settings;
    lo = hi;
    hi += 5;
  }
  while (hi - lo > 0.05) {
    const mid = (lo + hi) / 2;
    const p = optimum(mid, settings);
    if (p.rate > 0) [lo, settings] = [mid, p.settings];
    else hi = mid;
  }
  return lo;
}

const packageOptimum =
  (blockSize: number): Optimum<Lim2014Settings> =>
  (km, start) =>
    lim2014OptimalKeyRate(LIM_2014_SYSTEM, km, blockSize, start);
const paperPathOptimum =
  (blockSize: number): Optimum<PaperSettings> =>
  (km, start) =>
    paperOptimum(km, blockSize, start);

describe('Lim et al. 2014, Fig. 1: numbers the paper states in its text', () => {
  it('n_X = 10⁴ still gives a key at the paper’s 135 km (±5 km)', () => {
    const km = maxDistance(packageOptimum(1e4), LIM_2014_START);
    expect(Math.abs(km - 135)).toBeLessThanOrEqual(5);
  });

  it('at 100 km the rate with n_X = 10⁹ is the paper’s ≈ 1.75 times that with 10⁷ (±10 %)', () => {
    const ratio =
      lim2014OptimalKeyRate(LIM_2014_SYSTEM, 100, 1e9).rate /
      lim2014OptimalKeyRate(LIM_2014_SYSTEM, 100, 1e7).rate;
    expect(Math.abs(ratio / 1.75 - 1)).toBeLessThanOrEqual(0.1);
  });

  it('the package system is the paper’s §IV system, number for number', () => {
    expect(LIM_2014_SYSTEM).toStrictEqual({
      lossDbPerKm: PAPER.alpha,
      detectorEfficiency: PAPER.etaBob,
      darkCountProb: PAPER.pDc,
      afterpulseProb: PAPER.pAp,
      misalignment: PAPER.eMis,
      errorCorrectionEfficiency: PAPER.fEc,
      secrecyPerBit: PAPER.kappa,
      epsCor: PAPER.epsCor,
      vacuumMean: PAPER.mu3,
      misalignmentTransmittance: 'system',
    });
  });
});

describe('Lim et al. 2014, Fig. 1: every block size against the second path', () => {
  it.each(BLOCK_EXPONENTS)('n_X = 10^%d: optimal rate at 0, 50, 100 km within 10 %', (s) => {
    const blockSize = 10 ** s;
    [0, 50, 100].forEach((km, i) => {
      const reference = REFERENCE_RATES[s][i]!;
      const second = paperOptimum(km, blockSize).rate;
      expect(Math.abs(second / reference - 1)).toBeLessThan(1e-3);
      const fromPackage = lim2014OptimalKeyRate(LIM_2014_SYSTEM, km, blockSize);
      expect(Math.abs(fromPackage.rate / reference - 1)).toBeLessThanOrEqual(0.1);
      // Finite-key rate stays below the paper's dashed (asymptotic) curve at the same settings.
      expect(fromPackage.rate).toBeLessThan(
        lim2014AsymptoticKeyRate(LIM_2014_SYSTEM, km, fromPackage.settings),
      );
    });
  });

  it.each(BLOCK_EXPONENTS)('n_X = 10^%d: maximum distance within ±5 km', (s) => {
    const blockSize = 10 ** s;
    const second = maxDistance(paperPathOptimum(blockSize), PAPER_START);
    expect(Math.abs(second - REFERENCE_MAX_KM[s])).toBeLessThanOrEqual(0.1);
    const fromPackage = maxDistance(packageOptimum(blockSize), LIM_2014_START);
    expect(Math.abs(fromPackage - REFERENCE_MAX_KM[s])).toBeLessThanOrEqual(5);
  });

  it('larger blocks give more key at every distance, as the paper’s curves (left to right)', () => {
    for (const km of [0, 50, 100, 125]) {
      const rates = BLOCK_EXPONENTS.map(
        (s) => lim2014OptimalKeyRate(LIM_2014_SYSTEM, km, 10 ** s).rate,
      );
      for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1]!);
    }
  });

  it('optimises a system with an ideal vacuum (μ3 = 0) without visiting a decoy below 10⁻⁶', () => {
    // The search once reached μ2 ≈ 10⁻¹¹ there and was refused on finiteKey.intensities.decoyMean.
    const ideal = { ...LIM_2014_SYSTEM, vacuumMean: 0 };
    const point = lim2014OptimalKeyRate(ideal, 50, 1e7);
    expect(point.settings.decoyMean).toBeGreaterThanOrEqual(1e-6);
    expect(point.rate).toBeGreaterThan(0);
    // An ideal vacuum can only help: at least the rate with μ3 = 2·10⁻⁴.
    expect(point.rate).toBeGreaterThanOrEqual(
      lim2014OptimalKeyRate(LIM_2014_SYSTEM, 50, 1e7).rate * 0.99,
    );
  });
});
