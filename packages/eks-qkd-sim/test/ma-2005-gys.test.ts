import { describe, expect, it } from 'vitest';
import { type AnalyticModelOptions, type DecoyBb84Link, decoyBb84Rates } from '../src/index.js';

/*
 * Reproduces the infinite-decoy key rate of X. Ma, B. Qi, Y. Zhao, H.-K. Lo, "Practical decoy
 * state for quantum key distribution", PRA 72, 012326 (2005) (arXiv quant-ph/0503005) for the
 * GYS experiment (Gobby, Yuan, Shields 2004), with the paper's parameters:
 *   α = 0.21 dB/km, η_Bob = 0.045, Y0 = 1.7×10⁻⁶ (total, both detectors), e_detector = 3.3 %,
 *   f(E_μ) = 1.22, q = 1/2,
 * the paper's key-rate formula (GLLP, no vacuum term) and the rate maximised over μ.
 *
 * Reference values and their sources:
 * - Maximum distance: ≈ 142 km, the end of the paper's infinite-decoy GYS key-rate curve (the
 *   figure quoted for this paper; its table or figure number could not be confirmed against the
 *   paper's text). Tolerance ±1 km.
 * - Key rates at 0, 50 and 100 km cannot be read off the paper's log-scale plot to 5 %, so they
 *   come from `paperRate` below: a second path written directly from the paper's model
 *   equations (Q_μ = Y0 + 1 − e^(−ημ), E_μQ_μ = e0·Y0 + e_detector·(1 − e^(−ημ)), Y1 = Y0 + η,
 *   e1 = (e0·Y0 + e_detector·η)/Y1, Q1 = Y1·μ·e^(−μ), R = q{−Q_μ·f·H2(E_μ) + Q1[1 − H2(e1)]}),
 *   which calls nothing of the package. Its optima, pinned below to 10⁻⁴ relative, are
 *   2.5549×10⁻³ (0 km, μ ≈ 0.486), 2.2260×10⁻⁴ (50 km, μ ≈ 0.479), 1.7186×10⁻⁵ (100 km,
 *   μ ≈ 0.475) secret bits per signal pulse. Tolerance for the package: ±5 %. (The package's
 *   model keeps the (1 − Y0) factors of two real detectors, a difference of order Y0·η.)
 */

const GYS = { lossDbPerKm: 0.21, etaBob: 0.045, y0: 1.7e-6, eDetector: 0.033, f: 1.22 };
const PAPER_MODEL: AnalyticModelOptions = { keyRate: 'GLLP/Ma-2005', darkCounts: 'total' };

/** The GYS link with signal mean μ (the decoys do not enter the infinite-decoy rate). */
function gysLink(km: number, mu: number): DecoyBb84Link {
  return {
    source: {
      signalMean: mu,
      decoyMean: mu / 4,
      vacuumMean: 0,
      signalProb: 1,
      decoyProb: 0,
      vacuumProb: 0,
    },
    fibre: { distanceKm: km, lossDbPerKm: GYS.lossDbPerKm },
    detector: {
      efficiency: GYS.etaBob,
      darkCountProb: GYS.y0,
      misalignment: GYS.eDetector,
      afterpulseProb: 0,
    },
    attack: { kind: 'none' },
  };
}

const packageRate =
  (model: AnalyticModelOptions) =>
  (km: number, mu: number): number =>
    decoyBb84Rates(gysLink(km, mu), GYS.f, model).decoyInfinite;

/** H2, written here so that the second path shares no code with the package. */
function h2(x: number): number {
  return x <= 0 || x >= 1 ? 0 : -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);
}

/** Ma et al. 2005's infinite-decoy rate with the GYS parameters, from the paper's equations. */
function paperRate(km: number, mu: number): number {
  const q = 0.5;
  const e0 = 0.5;
  const eta = 10 ** ((-GYS.lossDbPerKm * km) / 10) * GYS.etaBob;
  const qMu = GYS.y0 + 1 - Math.exp(-eta * mu);
  const eMu = (e0 * GYS.y0 + GYS.eDetector * (1 - Math.exp(-eta * mu))) / qMu;
  const y1 = GYS.y0 + eta;
  const e1 = (e0 * GYS.y0 + GYS.eDetector * eta) / y1;
  const q1 = y1 * mu * Math.exp(-mu);
  return q * (-qMu * GYS.f * h2(eMu) + q1 * (1 - h2(e1)));
}

type Rate = (km: number, mu: number) => number;

/**
 * Maximum over μ ∈ [0.01, 1]: a grid of step 0.002 (fine enough to find the narrow window of
 * positive rate near the maximum distance, where the package's rate is clamped at 0), then
 * golden-section refinement around the best grid point.
 */
function optimum(rate: Rate, km: number): { mu: number; rate: number } {
  let bestMu = 0.01;
  let best = rate(km, bestMu);
  for (let mu = 0.012; mu <= 1; mu += 0.002) {
    const r = rate(km, mu);
    if (r > best) [best, bestMu] = [r, mu];
  }
  let a = Math.max(0.01, bestMu - 0.002);
  let b = Math.min(1, bestMu + 0.002);
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (rate(km, c) > rate(km, d)) b = d;
    else a = c;
  }
  const mu = (a + b) / 2;
  const r = rate(km, mu);
  return r >= best ? { mu, rate: r } : { mu: bestMu, rate: best };
}

/** Largest distance (to 0.01 km) at which the optimal rate is still positive. */
function maxDistance(rate: Rate): number {
  let lo = 0;
  let hi = 300;
  while (hi - lo > 0.01) {
    const mid = (lo + hi) / 2;
    if (optimum(rate, mid).rate > 0) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('Ma, Qi, Zhao, Lo 2005: GYS, infinite decoys, GLLP/Ma-2005 model, total Y0', () => {
  const pkg = packageRate(PAPER_MODEL);

  it('maximum distance is the paper’s ≈ 142 km (±1 km), and the two paths agree', () => {
    const fromPackage = maxDistance(pkg);
    expect(Math.abs(fromPackage - 142)).toBeLessThanOrEqual(1);
    expect(Math.abs(fromPackage - maxDistance(paperRate))).toBeLessThan(0.05);
  });

  it.each([
    [0, 2.5549e-3],
    [50, 2.226e-4],
    [100, 1.7186e-5],
  ])('optimal key rate at %d km is %s per signal pulse (±5 %)', (km, reference) => {
    const second = optimum(paperRate, km);
    // Pins the second path itself, so that a change to it cannot move the reference silently.
    expect(Math.abs(second.rate / reference - 1)).toBeLessThan(1e-4);
    const fromPackage = optimum(pkg, km);
    expect(Math.abs(fromPackage.rate / reference - 1)).toBeLessThan(0.05);
    // The optimal μ is the paper's regime, μ = O(1) rather than O(η).
    expect(fromPackage.mu).toBeGreaterThan(0.45);
    expect(fromPackage.mu).toBeLessThan(0.5);
  });

  it('the optimal rate falls with distance', () => {
    const rates = [0, 25, 50, 75, 100, 125].map((km) => optimum(pkg, km).rate);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]!);
  });
});

describe('the switches are what moves the GYS curve away from the paper', () => {
  it('Lo-2005 (with the vacuum term Y0·e^(−μ)) reaches ≈ 148.5 km instead of ≈ 142 km', () => {
    const d = maxDistance(packageRate({ keyRate: 'Lo-2005', darkCounts: 'total' }));
    expect(Math.abs(d - 148.46)).toBeLessThan(0.1);
  });

  it('reading the paper’s total Y0 as p_d per detector doubles Y0 and cuts the distance to ≈ 128 km', () => {
    const d = maxDistance(packageRate({ keyRate: 'GLLP/Ma-2005', darkCounts: 'per-detector' }));
    expect(Math.abs(d - 127.87)).toBeLessThan(0.1);
  });
});
