/**
 * Decoy-state bounds of Ma, Qi, Zhao & Lo, "Practical decoy state for quantum key
 * distribution", PRA 72, 012326 (2005), for one signal intensity μ and two decoys ν1 > ν2 ≥ 0
 * with ν1 + ν2 < μ (ν2 = 0 is the "vacuum + weak decoy" protocol):
 *
 *   Y0 ≥ Y0ᴸ = max(0, (ν1·Q_ν2·e^ν2 − ν2·Q_ν1·e^ν1) / (ν1 − ν2))
 *   Y1 ≥ Y1ᴸ = μ / (μν1 − μν2 − ν1² + ν2²) ·
 *              [Q_ν1·e^ν1 − Q_ν2·e^ν2 − (ν1² − ν2²)/μ² · (Q_μ·e^μ − Y0ᴸ)]
 *   e1 ≤ e1ᵁ = (E_ν1·Q_ν1·e^ν1 − E_ν2·Q_ν2·e^ν2) / ((ν1 − ν2)·Y1ᴸ)
 *
 * and the signal-based bound e1 ≤ (E_μ·Q_μ·e^μ − Y0ᴸ/2) / (μ·Y1ᴸ); the smaller of the two is used.
 *
 * The intensities are checked first (decoy-intensities.ts), so no bound is ever computed for
 * means where it is not one.
 */
import { type DecoyIntensities, validateDecoyIntensities } from './decoy-intensities.js';
import { checkRange } from './errors.js';

export interface DecoyObservation extends DecoyIntensities {
  /** Gains (detections / pulses sent) per intensity. */
  readonly gainSignal: number;
  readonly gainDecoy: number;
  readonly gainVacuum: number;
  /** Products E·Q (sifted errors / sifted pulses sent) per intensity. */
  readonly errGainSignal: number;
  readonly errGainDecoy: number;
  readonly errGainVacuum: number;
}

export interface DecoyBounds {
  readonly y0Lower: number;
  readonly y1Lower: number;
  readonly e1Upper: number;
  /** Single-photon gain lower bound Q1ᴸ = Y1ᴸ·μ·e^−μ. */
  readonly q1Lower: number;
  /** Vacuum gain lower bound Q0ᴸ = Y0ᴸ·e^−μ. */
  readonly q0Lower: number;
}

/** Gains and error gains are counted frequencies (or their finite-key shifts): finite, ≥ 0. */
const OBSERVED_RATES = [
  'gainSignal',
  'gainDecoy',
  'gainVacuum',
  'errGainSignal',
  'errGainDecoy',
  'errGainVacuum',
] as const;

/**
 * Throws INVALID_PARAMETER (field `observation.<name>`) on intensities the bounds do not hold
 * for, or on a negative or non-finite gain.
 */
export function validateDecoyObservation(o: DecoyObservation): void {
  validateDecoyIntensities(o, 'observation');
  for (const k of OBSERVED_RATES) checkRange(`observation.${k}`, o[k], 0, Number.MAX_VALUE);
}

/**
 * @param dropY0FromErrorBound drop the Y0ᴸ/2 term of the signal-based e1 bound (still valid, since
 *   e0·Y0 ≥ 0). The finite-key path sets it because there the vacuum gain enters as an upper
 *   bound, which is conservative for Y1ᴸ but would not be for that term.
 */
export function decoyBounds(o: DecoyObservation, dropY0FromErrorBound = false): DecoyBounds {
  validateDecoyObservation(o);
  const mu = o.signalMean;
  const v1 = o.decoyMean;
  const v2 = o.vacuumMean;
  const y0Lower = Math.max(
    0,
    (v1 * o.gainVacuum * Math.exp(v2) - v2 * o.gainDecoy * Math.exp(v1)) / (v1 - v2),
  );
  const y1Lower =
    (mu / (mu * v1 - mu * v2 - v1 * v1 + v2 * v2)) *
    (o.gainDecoy * Math.exp(v1) -
      o.gainVacuum * Math.exp(v2) -
      ((v1 * v1 - v2 * v2) / (mu * mu)) * (o.gainSignal * Math.exp(mu) - y0Lower));
  let e1Upper = 0.5;
  if (y1Lower > 0) {
    const fromDecoys =
      (o.errGainDecoy * Math.exp(v1) - o.errGainVacuum * Math.exp(v2)) / ((v1 - v2) * y1Lower);
    const y0Term = dropY0FromErrorBound ? 0 : y0Lower / 2;
    const fromSignal = (o.errGainSignal * Math.exp(mu) - y0Term) / (mu * y1Lower);
    e1Upper = Math.max(0, Math.min(0.5, fromDecoys, fromSignal));
  }
  return {
    y0Lower,
    y1Lower,
    e1Upper,
    q1Lower: Math.max(0, y1Lower) * mu * Math.exp(-mu),
    q0Lower: y0Lower * Math.exp(-mu),
  };
}

/** Gain and QBER of one intensity class, as a model expects them. */
export interface ExpectedClass {
  readonly gain: number;
  readonly qber: number;
}

/**
 * decoyBounds of the gains and QBERs a model expects for the three intensities (analytic rates
 * and attack expectations alike): the observation with errGain = gain·QBER per class.
 */
export function decoyBoundsOfExpected(
  intensities: DecoyIntensities,
  signal: ExpectedClass,
  decoy: ExpectedClass,
  vacuum: ExpectedClass,
): DecoyBounds {
  return decoyBounds({
    signalMean: intensities.signalMean,
    decoyMean: intensities.decoyMean,
    vacuumMean: intensities.vacuumMean,
    gainSignal: signal.gain,
    gainDecoy: decoy.gain,
    gainVacuum: vacuum.gain,
    errGainSignal: signal.gain * signal.qber,
    errGainDecoy: decoy.gain * decoy.qber,
    errGainVacuum: vacuum.gain * vacuum.qber,
  });
}
