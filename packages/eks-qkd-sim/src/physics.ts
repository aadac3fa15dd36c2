import { validateDecoyIntensities } from './decoy-intensities.js';
import { checkOption, checkRange, QkdError } from './errors.js';
import { type LinkTiming, validateLinkTiming } from './link-timing.js';

/**
 * The physical model shared by the simulators and the analytic module. Every probability here
 * is per pulse (one time slot of the source) and per detector gate.
 */

/** Weak-coherent-pulse source with three intensities (signal μ, weak decoy ν, vacuum ω). */
export interface DecoySource {
  /** Mean photon number of signal pulses μ (0 < μ ≤ 2). */
  readonly signalMean: number;
  /** Mean photon number of weak decoy pulses ν (0 < ν, ν + ω < μ: the Y1 bound needs it). */
  readonly decoyMean: number;
  /** Mean photon number of "vacuum" pulses ω (0 for ideal vacuum; 0 ≤ ω < ν). */
  readonly vacuumMean: number;
  /** Probabilities of choosing signal / decoy / vacuum for a pulse; they must sum to 1. */
  readonly signalProb: number;
  readonly decoyProb: number;
  readonly vacuumProb: number;
}

/** Single-mode optical fibre: transmittance 10^(−α·L/10). */
export interface Fibre {
  readonly distanceKm: number;
  readonly lossDbPerKm: number;
}

/** Bob's (or each party's) detection unit: two threshold detectors, one per outcome. */
export interface Detector {
  /** Quantum efficiency η_det (including Bob's optics), 0 < η_det ≤ 1. */
  readonly efficiency: number;
  /** Dark-count probability of ONE detector per gate, p_d. */
  readonly darkCountProb: number;
  /** Misalignment (optical) error e_d: probability that a photon hits the wrong detector. */
  readonly misalignment: number;
  /** After-pulse probability: a click makes the next gate fire as noise with this probability. */
  readonly afterpulseProb: number;
  /**
   * Which detector stands for which bit (spec §3.2, time shift). `'fixed'` (absent): detector b
   * reports bit b. `'random'`: per pulse Bob applies a secret random bit flip before his
   * detectors and undoes it in his record (Fung, Tamaki, Qi, Lo, Ma, QIC 9, 131 (2009)), so which
   * detector fired says nothing about the bit.
   */
  readonly assignment?: DetectorAssignment;
}

/** How Bob's two detectors map to bits: `'fixed'` or, per pulse, at `'random'`. */
export type DetectorAssignment = 'fixed' | 'random';

/**
 * Where an intercept-resend Eve sends her resent photon. `'fibre'`: through the rest of Alice's
 * fibre (Bob's signal gain falls). `'lossless'`: over her own lossless line into Bob's detector,
 * forwarding only the share of her results that keeps Bob's signal gain at the honest value.
 */
export type InterceptResendLine = 'fibre' | 'lossless';

/**
 * Who sets the transmittance of a PNS Eve's forwarding line into Bob's detector. `'bob'`: a
 * lossless line into Bob's own detector, so it is at most η_det. `'eve'`: security proofs count
 * the detector's loss as channel loss under Eve's control (Gottesman, Lo, Lütkenhaus, Preskill,
 * QIC 4, 325 (2004)), and bright light can set a real detector's response (Lydersen et al.,
 * Nat. Photon. 4, 686 (2010)), so it may reach 1.
 */
export type PnsEfficiency = 'bob' | 'eve';

/** The eavesdropper acting on the quantum channel. */
export type Attack =
  | { readonly kind: 'none' }
  /**
   * Eve measures a `fraction` of pulses in a random BB84 basis and resends one photon, over
   * `line` (default `'fibre'`, spec §3.2).
   */
  | {
      readonly kind: 'intercept-resend';
      readonly fraction: number;
      readonly line?: InterceptResendLine;
    }
  /**
   * Photon-number splitting on a `fraction` of pulses: single photons are blocked, one photon
   * of every multi-photon pulse is stored, the rest are forwarded over a lossless line whose
   * transmission Eve tunes so that the signal gain matches the honest channel, up to a cap set
   * by `efficiency` (default `'bob'`: η_det; `'eve'`: 1).
   */
  | { readonly kind: 'pns'; readonly fraction: number; readonly efficiency?: PnsEfficiency }
  /**
   * Time shift (detector-efficiency mismatch) on a `fraction` of pulses: Eve does not measure;
   * she delays each attacked pulse to one of two instants, picked at random, where one detector
   * keeps the efficiency η_det and the other has `ratio`·η_det (0 ≤ ratio ≤ 1). A click then
   * more likely came from the favoured detector: she guesses that detector's bit. No error is
   * added; with `detector.assignment: 'random'` her guess is a coin.
   */
  | { readonly kind: 'time-shift'; readonly fraction: number; readonly ratio: number };

export interface DecoyBb84Link {
  readonly source: DecoySource;
  readonly fibre: Fibre;
  readonly detector: Detector;
  readonly attack: Attack;
  /**
   * The time axis (link-timing.ts, spec §3.4): detector dead time and timing jitter in the
   * simulation; absent, every gate is open and every photon lands in its own window. The
   * per-pulse analytic rates (analytic.ts) ignore it; timedDecoyRates reads it as its argument.
   */
  readonly timing?: LinkTiming;
}

/** Highest photon number tracked per pulse; the Poisson tail beyond it is folded into it. */
export const MAX_PHOTON_NUMBER = 16;

export function fibreTransmittance(fibre: Fibre): number {
  return 10 ** ((-fibre.lossDbPerKm * fibre.distanceKm) / 10);
}

/** Overall single-photon transmittance η = η_fibre · η_det. */
export function totalTransmittance(fibre: Fibre, detector: Detector): number {
  return fibreTransmittance(fibre) * detector.efficiency;
}

/** Background yield Y0: probability that at least one of the two detectors fires in the dark. */
export function backgroundYield(detector: Detector): number {
  return 1 - (1 - detector.darkCountProb) ** 2;
}

/** Probability that at least one of n photons is detected at single-photon transmittance t. */
export function detectProb(n: number, t: number): number {
  return 1 - (1 - t) ** n;
}

export function validateFibre(f: Fibre, field = 'fibre'): void {
  // The first check refuses a missing object (f?.x is undefined); the later ones need no `?.`.
  checkRange(`${field}.distanceKm`, f?.distanceKm, 0, 10_000);
  checkRange(`${field}.lossDbPerKm`, f.lossDbPerKm, 0, 10);
}

export function validateDetector(d: Detector, field = 'detector'): void {
  checkRange(`${field}.efficiency`, d?.efficiency, 1e-6, 1);
  checkRange(`${field}.darkCountProb`, d.darkCountProb, 0, 0.1);
  checkRange(`${field}.misalignment`, d.misalignment, 0, 0.5);
  checkRange(`${field}.afterpulseProb`, d.afterpulseProb, 0, 0.5);
  checkOption(`${field}.assignment`, d.assignment, ['fixed', 'random']);
}

export function validateAttack(a: Attack, field = 'attack'): void {
  if (a?.kind === 'none') return;
  if (a?.kind === 'intercept-resend') {
    checkRange(`${field}.fraction`, a.fraction, 0, 1);
    checkOption(`${field}.line`, a.line, ['fibre', 'lossless']);
    return;
  }
  if (a?.kind === 'pns') {
    checkRange(`${field}.fraction`, a.fraction, 0, 1);
    checkOption(`${field}.efficiency`, a.efficiency, ['bob', 'eve']);
    return;
  }
  if (a?.kind === 'time-shift') {
    checkRange(`${field}.fraction`, a.fraction, 0, 1);
    checkRange(`${field}.ratio`, a.ratio, 0, 1);
    return;
  }
  throw new QkdError(
    'INVALID_PARAMETER',
    `${field}.kind`,
    'must be none, intercept-resend, pns or time-shift',
  );
}

export function validateDecoySource(s: DecoySource, field = 'source'): void {
  validateDecoyIntensities(s, field);
  checkRange(`${field}.signalProb`, s.signalProb, 1e-6, 1);
  checkRange(`${field}.decoyProb`, s.decoyProb, 0, 1);
  checkRange(`${field}.vacuumProb`, s.vacuumProb, 0, 1);
  if (Math.abs(s.signalProb + s.decoyProb + s.vacuumProb - 1) > 1e-9) {
    throw new QkdError(
      'INVALID_PARAMETER',
      `${field}.signalProb`,
      'intensity probabilities must sum to 1',
    );
  }
}

export function validateDecoyBb84Link(link: DecoyBb84Link): void {
  if (typeof link !== 'object' || link === null) {
    throw new QkdError('INVALID_PARAMETER', 'link', 'must be an object');
  }
  validateDecoySource(link.source);
  validateFibre(link.fibre);
  validateDetector(link.detector);
  validateAttack(link.attack);
  if (link.timing !== undefined) validateLinkTiming(link.timing);
}

/** A typical metropolitan link: 0.2 dB/km fibre, InGaAs-class detector, μ = 0.5, ν = 0.1. */
export const DEFAULT_DECOY_SOURCE: DecoySource = {
  signalMean: 0.5,
  decoyMean: 0.1,
  vacuumMean: 0,
  signalProb: 0.8,
  decoyProb: 0.15,
  vacuumProb: 0.05,
};

export const DEFAULT_DETECTOR: Detector = {
  efficiency: 0.2,
  darkCountProb: 1e-6,
  misalignment: 0.015,
  afterpulseProb: 0,
};
