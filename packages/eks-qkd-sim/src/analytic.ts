import {
  type AnalyticModelOptions,
  modelBackgroundYield,
  resolveAnalyticModel,
} from './analytic-model.js';
import type { EntangledLink } from './bbm92-sim.js';
import { decoyBoundsOfExpected } from './decoy-estimates.js';
import { binaryEntropy } from './entropy.js';
import {
  backgroundYield,
  type DecoyBb84Link,
  type Detector,
  type Fibre,
  fibreTransmittance,
  totalTransmittance,
  validateDecoyBb84Link,
} from './physics.js';

/**
 * Closed-form models, written from the textbook formulas and independently of the simulators,
 * so that tests can hold the simulation against them. Rates are secret bits per pulse.
 *
 * Notation: η = 10^(−αL/10)·η_det, Y0 = 1 − (1 − p_d)² (or p_d itself under the `'total'`
 * dark-count convention, analytic-model.ts), e_d misalignment, e0 = 1/2, q = 1/2 (BB84 sifting),
 * f reconciliation efficiency, h binary entropy.
 */

/** Asymptotic single-photon BB84 key fraction per sifted bit: 1 − h(e) − f·h(e) (f = 1: 1 − 2h(e)). */
export function singlePhotonBb84KeyFraction(e: number, f = 1): number {
  return Math.max(0, 1 - binaryEntropy(e) - f * binaryEntropy(e));
}

/** PLOB repeaterless bound (Pirandola, Laurenza, Ottaviani, Banchi 2017): −log2(1 − η) bits per use. */
export function plobBound(eta: number): number {
  return -Math.log2(1 - eta);
}

/**
 * Gain and QBER of a coherent pulse of mean μ, under the detection model of the simulator:
 *   Q_μ = 1 − (1 − Y0)·e^(−ημ)
 *   E_μ·Q_μ = e_d·(1 − Y0)·(1 − e^(−ημ)) + Y0/2
 * (noise clicks — dark counts and double clicks — give a fair bit; Lo–Ma–Chen 2005 drop the
 * (1 − Y0) factor, a difference of order e_d·Y0). With an intercept-resend attack on a fraction
 * φ of pulses (Eve at Alice's output, ideal detector, one photon resent), attacked pulses
 * contribute Q' = (1 − e^−μ)(η + (1 − η)Y0) + e^−μ·Y0 and
 *   E'Q' = (1 − e^−μ)·η·(1 − Y0)·(1/4 + e_d/2) + Y0/2.
 * Of `model` only the dark-count convention matters here.
 */
export function expectedGainAndQber(
  mean: number,
  fibre: Fibre,
  detector: Detector,
  interceptFraction = 0,
  model?: AnalyticModelOptions,
): { gain: number; qber: number } {
  const eta = totalTransmittance(fibre, detector);
  const y0 = modelBackgroundYield(detector, resolveAnalyticModel(model).darkCounts);
  const ed = detector.misalignment;
  const qHonest = 1 - (1 - y0) * Math.exp(-eta * mean);
  const eqHonest = ed * (1 - y0) * (1 - Math.exp(-eta * mean)) + y0 / 2;
  const pPhoton = 1 - Math.exp(-mean);
  const qAttacked = pPhoton * (eta + (1 - eta) * y0) + (1 - pPhoton) * y0;
  const eqAttacked = pPhoton * eta * (1 - y0) * (0.25 + ed / 2) + y0 / 2;
  const phi = interceptFraction;
  const gain = (1 - phi) * qHonest + phi * qAttacked;
  const eq = (1 - phi) * eqHonest + phi * eqAttacked;
  return { gain, qber: gain > 0 ? eq / gain : 0 };
}

export interface DecoyBb84Rates {
  /** Overall transmittance η = η_fibre·η_det. */
  readonly eta: number;
  readonly gainSignal: number;
  readonly qberSignal: number;
  /** Ideal single-photon source (Y1 = η + Y0 − ηY0, e1 = (Y0/2 + e_d·η)/Y1): q·Y1·(1 − h(e1) − f·h(e1)). */
  readonly singlePhoton: number;
  /** GLLP without decoys: q·[Q_μ·Ω·(1 − h(E_μ/Ω)) − f·Q_μ·h(E_μ)], Ω = 1 − P(n ≥ 2)/Q_μ. */
  readonly gllp: number;
  /**
   * Decoy with infinitely many decoys (exact Y0, Y1, e1): q·[Q0 + Q1·(1 − h(e1)) − f·Q_μ·h(E_μ)]
   * under `'Lo-2005'`, without the Q0 = Y0·e^(−μ) term under `'GLLP/Ma-2005'`.
   */
  readonly decoyInfinite: number;
  /**
   * The source's own decoys (ν, ω) with the bounds of decoyBounds applied to expected gains;
   * Q0ᴸ is counted under `'Lo-2005'` only.
   */
  readonly decoyPractical: number;
  /** PLOB bound −log2(1 − η) at the same η (detector loss counted as channel loss). */
  readonly plob: number;
  /** PLOB bound for the fibre alone, −log2(1 − η_fibre). */
  readonly plobFibre: number;
}

/**
 * Asymptotic key rates per SIGNAL pulse for a decoy BB84 link (attack ignored), at efficiency f,
 * under the named `model` (analytic-model.ts; default `'Lo-2005'`, `'per-detector'`). The link is
 * validated first (INVALID_PARAMETER naming the field), so no decoy bound is computed for
 * intensities it does not hold for.
 */
export function decoyBb84Rates(
  link: DecoyBb84Link,
  f = 1,
  model?: AnalyticModelOptions,
): DecoyBb84Rates {
  validateDecoyBb84Link(link);
  const m = resolveAnalyticModel(model);
  const { source, fibre, detector } = link;
  const q = 0.5;
  const eta = totalTransmittance(fibre, detector);
  const y0 = modelBackgroundYield(detector, m.darkCounts);
  const withVacuumTerm = m.keyRate === 'Lo-2005';
  const ed = detector.misalignment;
  const mu = source.signalMean;
  const sig = expectedGainAndQber(mu, fibre, detector, 0, m);
  const dec = expectedGainAndQber(source.decoyMean, fibre, detector, 0, m);
  const vac = expectedGainAndQber(source.vacuumMean, fibre, detector, 0, m);
  const h = binaryEntropy;
  const ecCost = f * sig.gain * h(sig.qber);

  const y1 = y0 + eta - y0 * eta;
  const e1 = (y0 / 2 + ed * eta) / y1;
  const singlePhoton = Math.max(0, q * y1 * (1 - h(e1) - f * h(e1)));

  const pMulti = 1 - (1 + mu) * Math.exp(-mu);
  const omega = 1 - pMulti / sig.gain;
  const gllp =
    omega > 0 && sig.qber / omega < 0.5
      ? Math.max(0, q * (sig.gain * omega * (1 - h(sig.qber / omega)) - ecCost))
      : 0;

  const q0 = withVacuumTerm ? y0 * Math.exp(-mu) : 0;
  const q1 = y1 * mu * Math.exp(-mu);
  const decoyInfinite = Math.max(0, q * (q0 + q1 * (1 - h(e1)) - ecCost));

  const b = decoyBoundsOfExpected(source, sig, dec, vac);
  const q0Lower = withVacuumTerm ? b.q0Lower : 0;
  const decoyPractical =
    b.y1Lower > 0 ? Math.max(0, q * (q0Lower + b.q1Lower * (1 - h(b.e1Upper)) - ecCost)) : 0;

  return {
    eta,
    gainSignal: sig.gain,
    qberSignal: sig.qber,
    singlePhoton,
    gllp,
    decoyInfinite,
    decoyPractical,
    plob: plobBound(eta),
    plobFibre: plobBound(fibreTransmittance(fibre)),
  };
}

export interface Bbm92Expectation {
  readonly coincidenceProb: number;
  readonly qber: number;
  /** Expected CHSH value 2√2·V·(correlated fraction of coincidences). */
  readonly chsh: number;
  /** q·P_c·(1 − h(e) − f·h(e)) with q = (1 − t)/2 the key-round fraction. */
  readonly keyRate: number;
}

/**
 * Thermal SPDC with the single-mode coincidence model of the simulator, summed in closed form
 * over n. It ignores `source.statistics`: for a two-mode (type-II) source use
 * twoModeBbm92Expectation (bbm92-two-mode.ts).
 */
export function bbm92Expectation(link: EntangledLink, f = 1): Bbm92Expectation {
  const mu = link.source.pairMean;
  const y0 = backgroundYield(link.detector);
  const eA = fibreTransmittance(link.fibreToAlice) * link.detector.efficiency;
  const eB = fibreTransmittance(link.fibreToBob) * link.detector.efficiency;
  const v = 1 - 2 * link.detector.misalignment;
  // Σ P(n)·x^n for thermal P(n) = μ^n/(1+μ)^(n+1) is 1/(1 + μ(1 − x)).
  const g = (x: number) => 1 / (1 + mu * (1 - x));
  const a = 1 - eA;
  const b = 1 - eB;
  const pc = 1 - (1 - y0) * g(a) - (1 - y0) * g(b) + (1 - y0) ** 2 * g(a * b);
  // Σ P(n)·n·x^(n−1) = μ/(1 + μ(1 − x))².
  const x = a * b;
  const corr = eA * eB * (1 - y0) ** 2 * (mu / (1 + mu * (1 - x)) ** 2);
  const ed = link.detector.misalignment;
  const qber = (corr * ed + (pc - corr) / 2) / pc;
  const chsh = 2 * Math.SQRT2 * v * (corr / pc);
  const q = (1 - link.source.testProb) / 2;
  const keyRate = Math.max(0, q * pc * (1 - binaryEntropy(qber) - f * binaryEntropy(qber)));
  return { coincidenceProb: pc, qber, chsh, keyRate };
}
