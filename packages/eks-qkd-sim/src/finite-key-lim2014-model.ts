/**
 * The fibre system of Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014), §IV ("dedicated
 * fiber", Fig. 1): expected counts of one post-processing block for a channel, the finite-key
 * length of finite-key-lim2014.ts on them, and the key rate per pulse ℓ/N optimised over the
 * paper's free parameters {q_X, p_μ1, p_μ2, μ1, μ2} (spec §4.2).
 *
 * The paper's model, per pulse of intensity k (η_ch = 10^(−αL/10), η_sys = η_ch·η_Bob):
 *   D_k = 1 − (1 − 2p_dc)·e^(−η_sys·k)                  detection without after-pulses
 *   R_k = D_k·(1 + p_ap)                                 detection with after-pulses
 *   e_k = p_dc + e_mis·(1 − e^(−η_ch·k)) + p_ap·D_k/2    bit error
 * The paper prints η_ch (not η_sys) in e_k; `misalignmentTransmittance` chooses which is used
 * (`'system'` by default, see spec §4.2 for why). Expected counts of a block of N pulses:
 *   n_X,k = N·q_X²·p_k·R_k,  n_Z,k = N·(1 − q_X)²·p_k·R_k,  m_Z,k = N·(1 − q_X)²·p_k·e_k,
 * with N chosen so that n_X = Σ_k n_X,k is the block size; λ_EC = n_X·f_EC·h(e_obs) with
 * e_obs = Σ_k p_k·e_k / Σ_k p_k·R_k; ε_sec = κ·ℓ (solved by fixed-point iteration).
 */
import type { DecoyIntensities } from './decoy-intensities.js';
import { binaryEntropy } from './entropy.js';
import { checkRange, QkdError } from './errors.js';
import {
  type Lim2014KeyLength,
  type Lim2014Observation,
  lim2014AsymptoticLength,
  lim2014KeyLength,
  type PerIntensityValue,
} from './finite-key-lim2014.js';

export interface Lim2014System {
  /** α, dB/km. */
  readonly lossDbPerKm: number;
  /** η_Bob. */
  readonly detectorEfficiency: number;
  /** p_dc, per detector. */
  readonly darkCountProb: number;
  /** p_ap. */
  readonly afterpulseProb: number;
  /** e_mis. */
  readonly misalignment: number;
  /** f_EC. */
  readonly errorCorrectionEfficiency: number;
  /** κ: ε_sec = κ·ℓ. */
  readonly secrecyPerBit: number;
  /** ε_cor. */
  readonly epsCor: number;
  /** μ3, fixed by the paper. */
  readonly vacuumMean: number;
  /** Transmittance in the e_mis term of e_k: the paper prints η_ch; η_sys is the default. */
  readonly misalignmentTransmittance: 'system' | 'channel';
}

/** §IV of the paper: every number as stated there (refs. [32], [33] of the paper). */
export const LIM_2014_SYSTEM: Lim2014System = {
  lossDbPerKm: 0.2,
  detectorEfficiency: 0.1,
  darkCountProb: 6e-7,
  afterpulseProb: 4e-2,
  misalignment: 5e-3,
  errorCorrectionEfficiency: 1.16,
  secrecyPerBit: 1e-15,
  epsCor: 1e-15,
  vacuumMean: 2e-4,
  misalignmentTransmittance: 'system',
};

/** The paper's free parameters: basis and intensity probabilities, μ1 and μ2. */
export interface Lim2014Settings {
  /** q_X, probability of the X (key) basis, for Alice and Bob alike. */
  readonly basisProbX: number;
  readonly signalMean: number;
  readonly decoyMean: number;
  readonly signalProb: number;
  readonly decoyProb: number;
}

export interface Lim2014Point {
  /** Secret key rate per pulse ℓ/N (0 when there is no key). */
  readonly rate: number;
  /** Pulses sent for the block, N = n_X/(q_X²·Σ_k p_k·R_k). */
  readonly pulses: number;
  /** ε_sec = κ·ℓ at the fixed point (κ·n_X when ℓ = 0). */
  readonly epsSec: number;
  readonly observation: Lim2014Observation;
  readonly result: Lim2014KeyLength;
}

const PROBS_FIELD = 'settings';

function validateSettings(s: Lim2014Settings, vacuumMean: number): void {
  checkRange(`${PROBS_FIELD}.basisProbX`, s?.basisProbX, 1e-6, 1 - 1e-6);
  checkRange(`${PROBS_FIELD}.signalProb`, s.signalProb, 1e-9, 1);
  checkRange(`${PROBS_FIELD}.decoyProb`, s.decoyProb, 1e-9, 1);
  if (!(s.signalProb + s.decoyProb < 1)) {
    throw new QkdError(
      'INVALID_PARAMETER',
      `${PROBS_FIELD}.decoyProb`,
      'signalProb + decoyProb must be below 1 (μ3 needs a probability)',
    );
  }
  checkRange(`${PROBS_FIELD}.signalMean`, s.signalMean, 1e-6, 2);
  checkRange(`${PROBS_FIELD}.decoyMean`, s.decoyMean, vacuumMean, s.signalMean);
}

/** D_k, R_k and e_k of the paper's dedicated-fibre model at distance L. */
export function lim2014DetectionModel(
  system: Lim2014System,
  distanceKm: number,
  mean: number,
): { detection: number; detectionWithAfterpulses: number; error: number } {
  checkRange('distanceKm', distanceKm, 0, 10_000);
  const reading = system.misalignmentTransmittance;
  if (reading !== 'system' && reading !== 'channel') {
    throw new QkdError(
      'INVALID_PARAMETER',
      'system.misalignmentTransmittance',
      'must be system or channel',
    );
  }
  const etaCh = 10 ** ((-system.lossDbPerKm * distanceKm) / 10);
  const etaSys = etaCh * system.detectorEfficiency;
  const d = 1 - (1 - 2 * system.darkCountProb) * Math.exp(-etaSys * mean);
  const etaMis = reading === 'channel' ? etaCh : etaSys;
  return {
    detection: d,
    detectionWithAfterpulses: d * (1 + system.afterpulseProb),
    error:
      system.darkCountProb +
      system.misalignment * -Math.expm1(-etaMis * mean) +
      (system.afterpulseProb * d) / 2,
  };
}

/** Expected counts of a block of n_X X-basis detections, with its N and λ_EC (ε not set yet). */
export function lim2014ExpectedObservation(
  system: Lim2014System,
  distanceKm: number,
  settings: Lim2014Settings,
  blockSize: number,
): { observation: Omit<Lim2014Observation, 'epsSec'>; pulses: number } {
  validateSettings(settings, system.vacuumMean);
  checkRange('blockSize', blockSize, 1, 1e18);
  const intensities: DecoyIntensities = {
    signalMean: settings.signalMean,
    decoyMean: settings.decoyMean,
    vacuumMean: system.vacuumMean,
  };
  const probabilities: PerIntensityValue = {
    signal: settings.signalProb,
    decoy: settings.decoyProb,
    vacuum: 1 - settings.signalProb - settings.decoyProb,
  };
  const at = {
    signal: lim2014DetectionModel(system, distanceKm, intensities.signalMean),
    decoy: lim2014DetectionModel(system, distanceKm, intensities.decoyMean),
    vacuum: lim2014DetectionModel(system, distanceKm, intensities.vacuumMean),
  };
  const keys = ['signal', 'decoy', 'vacuum'] as const;
  let detections = 0;
  let errors = 0;
  for (const k of keys) {
    detections += probabilities[k] * at[k].detectionWithAfterpulses;
    errors += probabilities[k] * at[k].error;
  }
  const qx = settings.basisProbX;
  const pulses = blockSize / (qx * qx * detections);
  const per = (f: (k: (typeof keys)[number]) => number): PerIntensityValue => ({
    signal: f('signal'),
    decoy: f('decoy'),
    vacuum: f('vacuum'),
  });
  const zFactor = pulses * (1 - qx) * (1 - qx);
  return {
    pulses,
    observation: {
      intensities,
      probabilities,
      countsX: per((k) => pulses * qx * qx * probabilities[k] * at[k].detectionWithAfterpulses),
      countsZ: per((k) => zFactor * probabilities[k] * at[k].detectionWithAfterpulses),
      errorsZ: per((k) => zFactor * probabilities[k] * at[k].error),
      epsCor: system.epsCor,
      leakEc: blockSize * system.errorCorrectionEfficiency * binaryEntropy(errors / detections),
    },
  };
}

/**
 * ℓ/N of one block of n_X X-basis detections at distance L with the given settings. ε_sec = κ·ℓ
 * is solved by iterating from κ·n_X: ℓ grows with ε_sec, so the iterates fall monotonically to
 * the fixed point (a few steps; ℓ depends on ε_sec only through logarithms).
 */
export function lim2014KeyRate(
  system: Lim2014System,
  distanceKm: number,
  settings: Lim2014Settings,
  blockSize: number,
): Lim2014Point {
  const { observation, pulses } = lim2014ExpectedObservation(
    system,
    distanceKm,
    settings,
    blockSize,
  );
  let epsSec = Math.min(0.5, system.secrecyPerBit * blockSize);
  let full: Lim2014Observation = { ...observation, epsSec };
  let result = lim2014KeyLength(full);
  for (let i = 0; i < 20 && result.keyLength > 0; i++) {
    const next = Math.min(0.5, system.secrecyPerBit * result.keyLength);
    if (next === epsSec) break;
    epsSec = next;
    full = { ...observation, epsSec };
    result = lim2014KeyLength(full);
  }
  return { rate: result.keyLength / pulses, pulses, epsSec, observation: full, result };
}

/** Asymptotic rate per pulse of the same protocol (the paper's dashed curve): no finite-size term. */
export function lim2014AsymptoticKeyRate(
  system: Lim2014System,
  distanceKm: number,
  settings: Lim2014Settings,
): number {
  // The asymptotic length is linear in the counts and has no ε term, so any block size and
  // any valid ε_sec give the same rate per pulse.
  const { observation, pulses } = lim2014ExpectedObservation(system, distanceKm, settings, 1e12);
  return Math.max(0, lim2014AsymptoticLength({ ...observation, epsSec: 0.5 }) / pulses);
}

/** A reasonable starting point for the optimiser (the paper's regime: μ1 ≈ 0.5, μ2 ≈ 0.1). */
export const LIM_2014_START: Lim2014Settings = {
  basisProbX: 0.8,
  signalMean: 0.5,
  decoyMean: 0.1,
  signalProb: 0.7,
  decoyProb: 0.2,
};

/** A second start, with more Z basis and more weak decoys, where small blocks have their optimum. */
const LIM_2014_SMALL_BLOCK_START: Lim2014Settings = {
  basisProbX: 0.6,
  signalMean: 0.5,
  decoyMean: 0.15,
  signalProb: 0.5,
  decoyProb: 0.35,
};

/**
 * Lowest μ2 the search may visit: above μ3, and never below the 10⁻⁶ the intensity check asks
 * of a decoy (with μ3 = 0 the search would otherwise reach μ2 ≈ 10⁻¹¹ and be refused).
 */
const decoyFloor = (vacuumMean: number) => Math.max(vacuumMean, 1e-6);

/** Settings ↔ unconstrained coordinates in (0, 1)⁵, so that every point the search visits is valid. */
function decode(x: readonly number[], vacuumMean: number): Lim2014Settings {
  const c = x.map((v) => Math.min(1 - 1e-9, Math.max(1e-9, v)));
  const signalMean = 0.02 + 1.48 * c[1]!;
  const lo = decoyFloor(vacuumMean);
  const decoyMean = lo + c[2]! * (signalMean - vacuumMean - lo);
  const signalProb = 0.001 + c[3]! * 0.997;
  const decoyProb = 0.001 + c[4]! * (0.998 - signalProb);
  return { basisProbX: 0.001 + 0.998 * c[0]!, signalMean, decoyMean, signalProb, decoyProb };
}

function encode(s: Lim2014Settings, vacuumMean: number): number[] {
  return [
    (s.basisProbX - 0.001) / 0.998,
    (s.signalMean - 0.02) / 1.48,
    (s.decoyMean - decoyFloor(vacuumMean)) / (s.signalMean - vacuumMean - decoyFloor(vacuumMean)),
    (s.signalProb - 0.001) / 0.997,
    (s.decoyProb - 0.001) / (0.998 - s.signalProb),
  ].map((v) => Math.min(1 - 1e-9, Math.max(1e-9, v)));
}

/**
 * The optimum of ℓ/N over {q_X ∈ [0.01, 0.99], μ1 ∈ [0.02, 1.5], μ2 ∈ (μ3, μ1 − μ3), p_μ1, p_μ2}, as
 * the paper does (§IV), by a deterministic Nelder–Mead search on the unrounded Eq. (1) per pulse
 * (smooth, and still informative where ℓ ≤ 0), restarted twice from its own best point,
 * from the caller's start and from a second one suited to small blocks; the better optimum wins.
 */
export function lim2014OptimalKeyRate(
  system: Lim2014System,
  distanceKm: number,
  blockSize: number,
  start: Lim2014Settings = LIM_2014_START,
): Lim2014Point & { readonly settings: Lim2014Settings } {
  const objective = (x: readonly number[]) => {
    const p = lim2014KeyRate(system, distanceKm, decode(x, system.vacuumMean), blockSize);
    const u = p.result.unroundedLength;
    if (Number.isFinite(u)) return u / p.pulses;
    // No single-photon bound yet: below every feasible value (≥ −f_EC − 1 per pulse, since
    // N ≥ n_X), and still sloping towards feasibility so that the search can leave the region.
    return -10 + Math.tanh(Math.min(p.result.sX1, p.result.sZ1) / blockSize);
  };
  let best = encode(start, system.vacuumMean);
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const from of [start, LIM_2014_SMALL_BLOCK_START]) {
    let x = encode(from, system.vacuumMean);
    for (let round = 0; round < 3; round++) x = nelderMead(objective, x, 0.15, 400);
    const value = objective(x);
    if (value > bestValue) [best, bestValue] = [x, value];
  }
  const settings = decode(best, system.vacuumMean);
  return { ...lim2014KeyRate(system, distanceKm, settings, blockSize), settings };
}

/** Maximises f from x0 (simplex steps `step`), at most `iterations` iterations. */
function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  step: number,
  iterations: number,
): number[] {
  const n = x0.length;
  const clamp = (x: number[]) => x.map((v) => Math.min(1 - 1e-9, Math.max(1e-9, v)));
  let simplex = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const x = x0.slice();
    x[i] = x[i]! + (x[i]! > 0.5 ? -step : step);
    simplex.push(clamp(x));
  }
  let values = simplex.map(f);
  for (let it = 0; it < iterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
    simplex = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    if (Math.abs(values[0]! - values[n]!) <= 1e-14 * Math.abs(values[0]!) + 1e-300) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]![j]! / n;
    const along = (t: number) => clamp(centroid.map((c, j) => c + t * (simplex[n]![j]! - c)));
    const reflected = along(-1);
    const fr = f(reflected);
    if (fr > values[0]!) {
      const expanded = along(-2);
      const fe = f(expanded);
      [simplex[n], values[n]] = fe > fr ? [expanded, fe] : [reflected, fr];
    } else if (fr > values[n - 1]!) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = along(0.5);
      const fc = f(contracted);
      if (fc > values[n]!) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = clamp(
            simplex[i]!.map((v, j) => simplex[0]![j]! + 0.5 * (v - simplex[0]![j]!)),
          );
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! > values[bestIndex]!) bestIndex = i;
  return simplex[bestIndex]!;
}
