import { QkdError } from './errors.js';
import { backgroundYield, type Detector } from './physics.js';

/**
 * Which published formula and which dark-count convention the closed-form model of analytic.ts
 * follows (spec §8), so that a paper's curve can be reproduced with the paper's own choices.
 *
 * Key-rate formulas (asymptotic, per signal pulse, q = 1/2):
 * - `'Lo-2005'` (default): R = q·{Q0 + Q1·[1 − h(e1)] − f·Q_μ·h(E_μ)}, with the vacuum term
 *   Q0 = Y0·e^(−μ): vacuum pulses carry no information to Eve (H.-K. Lo, "Getting something out of
 *   nothing", QIC 5, 413 (2005); also Lim et al., PRA 89, 022307 (2014)).
 * - `'GLLP/Ma-2005'`: R = q·{−f·Q_μ·h(E_μ) + Q1·[1 − h(e1)]}, the GLLP rate as Ma, Qi, Zhao,
 *   Lo, PRA 72, 012326 (2005) use it; the formula most decoy-state papers of that time plot.
 *
 * Dark-count conventions:
 * - `'per-detector'` (default): `darkCountProb` is p_d of ONE of Bob's two detectors and
 *   Y0 = 1 − (1 − p_d)², the simulator's model.
 * - `'total'`: `darkCountProb` is Y0 itself, the background yield of the whole detection unit,
 *   as papers quote it (e.g. Y0 = 1.7×10⁻⁶ for GYS). Only the analytic model reads this switch;
 *   the simulator's detectors are always two, each with p_d.
 */
export type KeyRateFormula = 'Lo-2005' | 'GLLP/Ma-2005';
export type DarkCountConvention = 'per-detector' | 'total';

export interface AnalyticModelOptions {
  readonly keyRate?: KeyRateFormula;
  readonly darkCounts?: DarkCountConvention;
}

export interface AnalyticModel {
  readonly keyRate: KeyRateFormula;
  readonly darkCounts: DarkCountConvention;
}

/** Today's model: with the vacuum term, p_d per detector. Existing rates and vectors use it. */
export const DEFAULT_ANALYTIC_MODEL: AnalyticModel = {
  keyRate: 'Lo-2005',
  darkCounts: 'per-detector',
};

const KEY_RATE_FORMULAS: readonly string[] = ['Lo-2005', 'GLLP/Ma-2005'];
const DARK_COUNT_CONVENTIONS: readonly string[] = ['per-detector', 'total'];

/** Fills in the defaults; an unknown name is INVALID_PARAMETER on `model.keyRate` / `model.darkCounts`. */
export function resolveAnalyticModel(o: AnalyticModelOptions | undefined): AnalyticModel {
  const keyRate = o?.keyRate ?? DEFAULT_ANALYTIC_MODEL.keyRate;
  const darkCounts = o?.darkCounts ?? DEFAULT_ANALYTIC_MODEL.darkCounts;
  if (!KEY_RATE_FORMULAS.includes(keyRate)) {
    throw new QkdError('INVALID_PARAMETER', 'model.keyRate', 'must be Lo-2005 or GLLP/Ma-2005');
  }
  if (!DARK_COUNT_CONVENTIONS.includes(darkCounts)) {
    throw new QkdError('INVALID_PARAMETER', 'model.darkCounts', 'must be per-detector or total');
  }
  return { keyRate, darkCounts };
}

/** Y0 under the model's dark-count convention. */
export function modelBackgroundYield(detector: Detector, darkCounts: DarkCountConvention): number {
  return darkCounts === 'total' ? detector.darkCountProb : backgroundYield(detector);
}
