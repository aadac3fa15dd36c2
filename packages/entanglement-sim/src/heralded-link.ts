/**
 * Heralded entanglement generation over a fibre link with a midpoint station (double-click,
 * Barrett & Kok, PRA 71, 060310 (2005); the scheme of Hensen et al. 2015 and Pompili et al. 2021).
 * Each node entangles its memory with a photon and sends it L/2 to the station; a coincidence of
 * the two photons heralds the pair, which happens with probability ½·η_A·η_B per attempt, where
 * η = η_emission·η_detector·10^(−α·(L/2)/10). An attempt cannot start before the previous one's
 * herald is back (L/c in the fibre), so the attempt period is max(1/rate, L/c); the number of
 * attempts to the first success is geometric. The memories hold the pair from emission to the
 * herald's arrival (L/c), so the delivered fidelity has already decayed that long.
 */
import { checkDraws, checkRange, EntanglementError } from './errors.js';
import { fidelityAfter } from './werner.js';

/** Light in standard fibre (group index ≈ 1.5): 200 km per millisecond. */
export const FIBRE_KM_PER_MS = 200;

/** A link as its two nodes advertise it (both ends assumed alike). */
export interface LinkModel {
  /** Fibre length between the two nodes, in km (the station sits halfway). */
  readonly lengthKm: number;
  /** Fibre attenuation α, in dB/km (0.2 at 1550 nm; ≈ 0.5 at the 1 300 nm of converted NV light). */
  readonly lossDbPerKm: number;
  /** Highest attempt rate of the sources, in Hz. */
  readonly attemptRateHz: number;
  /** Probability that a memory's photon leaves into the fibre mode (collection, conversion). */
  readonly emissionEfficiency: number;
  /** Detection efficiency at the station. */
  readonly detectorEfficiency: number;
  /** Fidelity of a pair at the herald's emission (before memory decay). */
  readonly initialFidelity: number;
  /** Depolarising time constant T of the memories, in ms. */
  readonly memoryTimeMs: number;
}

/** A link in the integer units nodes advertise it in (docs/spec/contracts.md §3). */
export interface AdvertisedLinkUnits {
  readonly lengthM: number;
  readonly lossMdbPerKm: number;
  readonly attemptRateHz: number;
  readonly emissionPpm: number;
  readonly detectorPpm: number;
  readonly initialFidelityPpm: number;
  readonly memoryTimeMs: number;
}

/** The model of a link advertised in integer units: metres to km, mdB to dB, ppm to fractions. */
export function linkFromUnits(u: AdvertisedLinkUnits): LinkModel {
  return checkLink({
    lengthKm: u.lengthM / 1_000,
    lossDbPerKm: u.lossMdbPerKm / 1_000,
    attemptRateHz: u.attemptRateHz,
    emissionEfficiency: u.emissionPpm / 1_000_000,
    detectorEfficiency: u.detectorPpm / 1_000_000,
    initialFidelity: u.initialFidelityPpm / 1_000_000,
    memoryTimeMs: u.memoryTimeMs,
  });
}

/** Fidelity of a pair when its herald arrives: F₀ decayed over the flight L/c. */
export function heraldedFidelity(link: LinkModel): number {
  checkLink(link);
  return fidelityAfter(link.initialFidelity, link.lengthKm / FIBRE_KM_PER_MS, link.memoryTimeMs);
}

/** Throws INVALID_PARAMETER, naming the field, for a model out of range. */
export function checkLink(link: LinkModel): LinkModel {
  checkRange('lengthKm', link.lengthKm, 0, 10_000);
  checkRange('lossDbPerKm', link.lossDbPerKm, 0, 10);
  checkRange('attemptRateHz', link.attemptRateHz, Number.MIN_VALUE, 1e10);
  checkRange('emissionEfficiency', link.emissionEfficiency, Number.MIN_VALUE, 1);
  checkRange('detectorEfficiency', link.detectorEfficiency, Number.MIN_VALUE, 1);
  checkRange('initialFidelity', link.initialFidelity, 0.25, 1);
  checkRange('memoryTimeMs', link.memoryTimeMs, Number.MIN_VALUE, Number.MAX_VALUE);
  return link;
}

/** ½·η², with η the efficiency of one arm (emission, half the fibre, detector). */
export function attemptSuccessProbability(link: LinkModel): number {
  checkLink(link);
  const fibre = 10 ** ((-link.lossDbPerKm * link.lengthKm) / 2 / 10);
  const arm = link.emissionEfficiency * fibre * link.detectorEfficiency;
  const p = 0.5 * arm * arm;
  if (p === 0)
    throw new EntanglementError('INVALID_PARAMETER', 'lengthKm', 'no photon survives the fibre');
  return p;
}

/** max(1/rate, L/c): one attempt, including the wait for its herald, in ms. */
export function attemptPeriodMs(link: LinkModel): number {
  checkLink(link);
  return Math.max(1_000 / link.attemptRateHz, link.lengthKm / FIBRE_KM_PER_MS);
}

/** Expected time to the first heralded pair: τ/p, in ms. */
export function meanGenerationMs(link: LinkModel): number {
  return attemptPeriodMs(link) / attemptSuccessProbability(link);
}

export interface HeraldedPair {
  /** Attempts made, the successful one included (≥ 1). */
  readonly attempts: number;
  /** From the first attempt to the herald of the successful one, in ms. */
  readonly generationMs: number;
  /** Fidelity when the herald arrives (the memories held the pair for L/c already). */
  readonly fidelity: number;
}

/**
 * One heralded pair from one uniform draw in [0, 1): the attempt count by inversion of the
 * geometric distribution, N = 1 + ⌊ln(1 − u)/ln(1 − p)⌋.
 */
export function sampleHeraldedPair(link: LinkModel, draws: readonly number[]): HeraldedPair {
  checkDraws(draws, 1);
  const p = attemptSuccessProbability(link);
  const u = draws[0] as number;
  // p ≤ ½, so ln(1 − p) < 0.
  const attempts = 1 + Math.floor(Math.log1p(-u) / Math.log1p(-p));
  return {
    attempts,
    generationMs: attempts * attemptPeriodMs(link),
    fidelity: heraldedFidelity(link),
  };
}
