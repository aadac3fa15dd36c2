import { decoyBb84Rates, plobBound } from './analytic.js';
import {
  type AnalyticModelOptions,
  modelBackgroundYield,
  resolveAnalyticModel,
} from './analytic-model.js';
import { QkdError } from './errors.js';
import { type GateModel, gateModelOf, type LinkTiming, validateLinkTiming } from './link-timing.js';
import {
  type DecoyBb84Link,
  fibreTransmittance,
  totalTransmittance,
  validateDecoyBb84Link,
} from './physics.js';

/**
 * Secret key rate in bits per second: the per-pulse model of analytic.ts on the time axis of
 * link-timing.ts (docs/spec/eks-qkd-sim.md §8.4).
 *
 * Every timing effect either scales Bob's efficiency or adds noise that does not depend on the
 * current slot's intensity, so it enters the decoy analysis exactly as a background yield:
 * - jitter: efficiency η_det·p_in; photons spilled from the two neighbouring slots add
 *   Y_spill = 1 − (Σ_j p_j·e^(−η·μ_j·p_spill))² (the neighbours' intensities are independent of
 *   the current one);
 * - after-pulsing: a gate that is the first to open after a click fires as noise with p_ap. A
 *   fraction c of open gates follows a click (c: click probability per open gate), so
 *   a = c·p_ap; Q' = (1 − a)·Q + a and E'Q' = (1 − a)·EQ + a/2, which is a background yield
 *   Y0' = 1 − (1 − Y0)(1 − a) exactly. c depends on a: solved by fixed-point iteration
 *   (a contraction: p_ap ≤ 1/2).
 * - dead time: k gates shut after each click, so a fraction d = 1/(1 + c·k) of the slots has an
 *   open gate (renewal argument). Shut gates do not depend on their slot's intensity, so every
 *   measured gain is d times the open-gate gain, the decoy bounds scale by d (they are linear in
 *   the gains) and e1ᵁ is unchanged: the key per slot is d times the open-gate key.
 * Key bits per second = R · d · P(signal) · (key per open-gate signal pulse).
 */
export interface TimedRates {
  readonly repetitionRateHz: number;
  readonly inWindowProb: number;
  readonly spillProb: number;
  readonly blockedGates: number;
  /** Noise yield per open gate from photons of the neighbouring slots. */
  readonly spillYield: number;
  /** Probability a, per open gate, of an after-pulse. */
  readonly afterpulseYield: number;
  /** Background yield per open gate: dark counts, spill and after-pulses together. */
  readonly backgroundYield: number;
  /** Click probability c per open gate, averaged over the intensities. */
  readonly clickProbPerOpenGate: number;
  /** Fraction d of slots whose gate is open. */
  readonly openGateFraction: number;
  /** Clicks per second, R·d·c. */
  readonly detectionsPerSecond: number;
  /** Signal gain and QBER in an open gate. */
  readonly gainSignal: number;
  readonly qberSignal: number;
  /** Asymptotic secret bits per slot with the source's own decoys (decoyPractical of analytic.ts). */
  readonly secretBitsPerPulse: number;
  readonly secretBitsPerSecond: number;
  /** The same with infinitely many decoys. */
  readonly infiniteDecoyBitsPerSecond: number;
  /** PLOB bound of the fibre, R·(−log2(1 − η_fibre)): no repeaterless link does better per second. */
  readonly plobFibreBitsPerSecond: number;
}

/**
 * Noise yield per gate from photons of the two neighbouring slots that jitter into its window:
 * 1 − (Σ_j p_j·e^(−η·μ_j·p_spill))², η = η_fibre·η_det (the neighbours' intensities are
 * independent of each other and of the slot's own).
 */
export function neighbourSpillYield(link: DecoyBb84Link, gate: GateModel): number {
  const { source } = link;
  const eta = totalTransmittance(link.fibre, link.detector);
  const x = gate.spillProb;
  const none =
    source.signalProb * Math.exp(-eta * source.signalMean * x) +
    source.decoyProb * Math.exp(-eta * source.decoyMean * x) +
    source.vacuumProb * Math.exp(-eta * source.vacuumMean * x);
  return 1 - none * none;
}

/** Largest background yield per gate the model takes: beyond it the QBER has no room for key. */
const MAX_BACKGROUND = 0.1;

/** Iterations of the after-pulse fixed point: the error halves at least per step (p_ap ≤ 1/2). */
const FIXED_POINT_STEPS = 60;

/**
 * Asymptotic secret key rate in bits per second of a decoy BB84 link on a time axis, under the
 * named analytic `model` (the dark-count convention reads `link.detector.darkCountProb`).
 * INVALID_PARAMETER naming the field for a link or timing outside the model, including a
 * background yield per gate above 0.1: on `detector.darkCountProb` when the dark counts alone
 * exceed it, else on `timing` (after-pulses or spilled photons push it over).
 */
export function timedDecoyRates(
  link: DecoyBb84Link,
  timing: LinkTiming,
  f = 1,
  model?: AnalyticModelOptions,
): TimedRates {
  validateDecoyBb84Link(link);
  validateLinkTiming(timing);
  const m = resolveAnalyticModel(model);
  const g = gateModelOf(timing);
  const { source, detector } = link;
  if (detector.efficiency * g.inWindowProb < 1e-6) {
    throw new QkdError(
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
      'the window catches almost no photon',
    );
  }
  const eta = totalTransmittance(link.fibre, detector);
  const means = [source.signalMean, source.decoyMean, source.vacuumMean];
  const probs = [source.signalProb, source.decoyProb, source.vacuumProb];
  const spillYield = neighbourSpillYield(link, g);
  const y0 = modelBackgroundYield(detector, m.darkCounts);
  if (y0 > MAX_BACKGROUND) {
    throw new QkdError(
      'INVALID_PARAMETER',
      'detector.darkCountProb',
      'background yield above 0.1 per gate',
    );
  }
  const etaOpen = eta * g.inWindowProb;
  const clickProb = (background: number) => {
    let c = 0;
    for (let i = 0; i < 3; i++)
      c += probs[i]! * (1 - (1 - background) * Math.exp(-etaOpen * means[i]!));
    return c;
  };
  let a = 0;
  let c = 0;
  for (let i = 0; i < FIXED_POINT_STEPS; i++) {
    c = clickProb(1 - (1 - y0) * (1 - spillYield) * (1 - a));
    a = c * detector.afterpulseProb;
  }
  const background = 1 - (1 - y0) * (1 - spillYield) * (1 - a);
  if (background > MAX_BACKGROUND) {
    throw new QkdError(
      'INVALID_PARAMETER',
      'timing',
      'background yield per gate above 0.1: outside the model',
    );
  }
  const open = decoyBb84Rates(
    {
      ...link,
      detector: {
        ...detector,
        efficiency: detector.efficiency * g.inWindowProb,
        darkCountProb: background,
        afterpulseProb: 0,
      },
    },
    f,
    { keyRate: m.keyRate, darkCounts: 'total' },
  );
  const d = 1 / (1 + c * g.blockedGates);
  const perSlot = (perSignalPulse: number) => d * source.signalProb * perSignalPulse;
  const r = timing.repetitionRateHz;
  return {
    repetitionRateHz: r,
    inWindowProb: g.inWindowProb,
    spillProb: g.spillProb,
    blockedGates: g.blockedGates,
    spillYield,
    afterpulseYield: a,
    backgroundYield: background,
    clickProbPerOpenGate: c,
    openGateFraction: d,
    detectionsPerSecond: r * d * c,
    gainSignal: open.gainSignal,
    qberSignal: open.qberSignal,
    secretBitsPerPulse: perSlot(open.decoyPractical),
    secretBitsPerSecond: r * perSlot(open.decoyPractical),
    infiniteDecoyBitsPerSecond: r * perSlot(open.decoyInfinite),
    plobFibreBitsPerSecond: r * plobBound(fibreTransmittance(link.fibre)),
  };
}

/**
 * Seconds until a key pool holding `bits` is full at `bitsPerSecond`; Infinity when the link
 * yields no key. INVALID_PARAMETER for a negative or non-finite size or rate.
 */
export function timeToFillPool(bits: number, bitsPerSecond: number): number {
  if (!Number.isFinite(bits) || bits < 0) {
    throw new QkdError('INVALID_PARAMETER', 'bits', 'must be a finite number ≥ 0');
  }
  if (!Number.isFinite(bitsPerSecond) || bitsPerSecond < 0) {
    throw new QkdError('INVALID_PARAMETER', 'bitsPerSecond', 'must be a finite number ≥ 0');
  }
  if (bits === 0) return 0;
  return bits / bitsPerSecond; // Infinity when the link yields no key
}
