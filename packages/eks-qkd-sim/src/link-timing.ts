import { checkRange, QkdError } from './errors.js';
import { normalCdf } from './normal.js';

/**
 * The time axis of a QKD link: how fast the source emits and how Bob's detection unit behaves
 * in time. Without it a rate is "bits per pulse"; with it, bits per second (timed-rates.ts).
 *
 * Model (docs/spec/eks-qkd-sim.md §8.4):
 * - The source emits one pulse per slot of period T = 1/R.
 * - Bob opens one detection window (gate) of width w centred on each slot.
 * - A photon's detection time is Gaussian around its slot's centre with RMS jitter σ (source,
 *   fibre dispersion, detector and clock recovery together). It counts in its own window with
 *   probability p_in = erf(w / (2√2·σ)) and lands in a neighbouring slot's window with
 *   p_spill = Φ((T + w/2)/σ) − Φ((T − w/2)/σ) on each side. A spilled photon's bit is
 *   unrelated to that slot's preparation: noise, as a dark count is. Windows further away are
 *   neglected; validation refuses timings where that tail reaches 1 % of the detections.
 * - After a click the whole detection unit is blind for the dead time τ: the next
 *   k = ⌈τ·R⌉ − 1 gates do not open. One dead time for both detectors, so a click leaves no
 *   trace of which detector fired in the following gates (the dead-time attack of Weier et al.,
 *   New J. Phys. 13, 073024 (2011), needs per-detector dead times).
 * - After-pulsing stays on the Detector (afterpulseProb): the first gate that opens after a click
 *   fires as noise with that probability.
 */
export interface LinkTiming {
  /** Pulses (slots) per second R, 1 Hz … 10 GHz. */
  readonly repetitionRateHz: number;
  /** Dead time τ of Bob's detection unit after a click, in ns (0 … 10⁶, i.e. up to 1 ms). */
  readonly deadTimeNs: number;
  /** RMS timing jitter σ of the whole chain, in ps (0 … 10⁶); 0: every photon in its window. */
  readonly jitterPs: number;
  /** Width w of the detection window centred on each slot, in ps (1 ps … the slot period). */
  readonly gateWidthPs: number;
}

/** What a timing means per slot, for the simulator and the analytic model alike. */
export interface GateModel {
  /** Slot period T in ps. */
  readonly periodPs: number;
  /** Probability that a photon detection falls in its own slot's window. */
  readonly inWindowProb: number;
  /** Probability that it falls in ONE given neighbouring slot's window (same on both sides). */
  readonly spillProb: number;
  /** Gates that stay shut after a click, k = ⌈τ·R⌉ − 1 (0 when τ ≤ T). */
  readonly blockedGates: number;
}

/** Largest k the model accepts: the simulator skips gates one by one. */
export const MAX_BLOCKED_GATES = 1_000_000;

/**
 * A gigahertz-gated InGaAs system of the kind current metropolitan QKD runs on (e.g. Lucamarini
 * et al., Opt. Express 21, 24550 (2013): 1 GHz, ~100 ps windows): 1 GHz, 100 ns dead time,
 * 30 ps jitter, 100 ps windows.
 */
export const GHZ_GATED_TIMING: LinkTiming = {
  repetitionRateHz: 1e9,
  deadTimeNs: 100,
  jitterPs: 30,
  gateWidthPs: 100,
};

/** Throws INVALID_PARAMETER naming `timing.<field>` unless the timing is inside the model. */
export function validateLinkTiming(t: LinkTiming, field = 'timing'): void {
  if (typeof t !== 'object' || t === null) {
    throw new QkdError('INVALID_PARAMETER', field, 'must be an object');
  }
  checkRange(`${field}.repetitionRateHz`, t.repetitionRateHz, 1, 1e10);
  checkRange(`${field}.deadTimeNs`, t.deadTimeNs, 0, 1e6);
  checkRange(`${field}.jitterPs`, t.jitterPs, 0, 1e6);
  const periodPs = 1e12 / t.repetitionRateHz;
  checkRange(`${field}.gateWidthPs`, t.gateWidthPs, 1, periodPs);
  const g = gateModelOf(t);
  if (g.blockedGates > MAX_BLOCKED_GATES) {
    throw new QkdError(
      'INVALID_PARAMETER',
      `${field}.deadTimeNs`,
      `blocks more than ${MAX_BLOCKED_GATES} gates per click`,
    );
  }
  if (farSpillProb(t, g.periodPs) >= MAX_FAR_SPILL) {
    throw new QkdError(
      'INVALID_PARAMETER',
      `${field}.jitterPs`,
      'puts 1 % or more of the detections two or more slots away: outside the model',
    );
  }
}

/** Largest share of detections the model may neglect: those landing two or more slots away. */
export const MAX_FAR_SPILL = 0.01;

/** Probability that a detection lands at or beyond the window of the slot two away, either side. */
function farSpillProb(t: LinkTiming, periodPs: number): number {
  // Stryker disable next-line ConditionalExpression: equivalent, Φ(−x/0) = Φ(−∞) = 0 too; the guard says it plainly
  if (t.jitterPs === 0) return 0;
  return 2 * normalCdf(-(2 * periodPs - t.gateWidthPs / 2) / t.jitterPs);
}

/** The per-slot quantities of a (valid) timing. */
export function gateModelOf(t: LinkTiming): GateModel {
  const periodPs = 1e12 / t.repetitionRateHz;
  const half = t.gateWidthPs / 2;
  const sigma = t.jitterPs;
  // Stryker disable next-line ConditionalExpression: equivalent, Φ(∞) − Φ(−∞) = 1 too; the guard says it plainly
  const inWindowProb = sigma === 0 ? 1 : normalCdf(half / sigma) - normalCdf(-half / sigma);
  const spillProb =
    // Stryker disable next-line ConditionalExpression: equivalent, Φ(∞) − Φ(∞) = 0 too; the guard says it plainly
    sigma === 0 ? 0 : normalCdf((periodPs + half) / sigma) - normalCdf((periodPs - half) / sigma);
  // ⌈τ·R⌉ − 1, less 10⁻⁹ of a slot first, so that a τ of exactly m periods that floating point
  // puts a hair above m still blocks m − 1 gates.
  const slots = (t.deadTimeNs * 1e3) / periodPs;
  const blockedGates = Math.max(0, Math.ceil(slots - 1e-9) - 1);
  return { periodPs, inWindowProb, spillProb, blockedGates };
}
