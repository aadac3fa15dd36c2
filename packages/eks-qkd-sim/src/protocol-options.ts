import type { CascadeOptions } from './cascade.js';
import { checkRange } from './errors.js';

/** Post-processing choices shared by both protocols. */
export interface PostProcessingOptions {
  /** Fraction of the sifted key disclosed to estimate the QBER (default 0.1). */
  readonly sampleFraction?: number;
  /** Abort when the estimated QBER exceeds this (default 0.11, the BB84 one-way limit). */
  readonly qberThreshold?: number;
  /**
   * HEURISTIC finite-key corrections (Gaussian widths, spec §4 step 4) with tail probability ε
   * per estimate (e.g. 1e-10); absent means asymptotic estimates (observed frequencies used as
   * the true values). Not a composable security proof: the widths are normal approximations
   * even where a class has only a few counts. Read by `runDecoyBb84` (Gaussian widths on
   * the gains, Hoeffding on the QBER sample, 2·log2(1/(2ε)) PA cost) and `runBbm92` (Hoeffding
   * on the QBER sample), and by the finite curve of the spec's key-rate figure; EKS rounds do
   * not set it. The composable bound is `lim2014KeyLength` (finite-key-lim2014.ts, spec §4.1).
   */
  readonly finiteKeyEpsilon?: number;
  readonly cascade?: CascadeOptions;
}

/** One run of either protocol: its link, how many pulses, the run's seed, post-processing. */
export interface ProtocolRun<Link> {
  readonly link: Link;
  readonly pulses: number;
  /** Seed of the whole run (physics and public choices). */
  readonly seed: Uint8Array | number;
  readonly options?: PostProcessingOptions;
}

export interface ResolvedOptions {
  readonly sampleFraction: number;
  readonly qberThreshold: number;
  readonly finiteKeyEpsilon: number | undefined;
  readonly cascade: CascadeOptions | undefined;
}

/** Fewest sifted key bits a run must have before estimation is attempted. */
export const MIN_SIFTED_BITS = 64;

export function resolveOptions(o: PostProcessingOptions | undefined): ResolvedOptions {
  const sampleFraction = checkRange('options.sampleFraction', o?.sampleFraction ?? 0.1, 0.001, 0.9);
  const qberThreshold = checkRange('options.qberThreshold', o?.qberThreshold ?? 0.11, 0, 0.5);
  const eps = o?.finiteKeyEpsilon;
  if (eps !== undefined) checkRange('options.finiteKeyEpsilon', eps, 1e-30, 0.1);
  return { sampleFraction, qberThreshold, finiteKeyEpsilon: eps, cascade: o?.cascade };
}

/**
 * Number of standard deviations for a tail probability ε (Gaussian/Chernoff form √(2 ln 1/ε)):
 * the heuristic finite-key option's width, not a composable bound (spec §4 step 4).
 */
export function sigmas(eps: number): number {
  return Math.sqrt(2 * Math.log(1 / eps));
}

/** Hoeffding upper bound of a rate estimated from `k` samples: e + √(ln(1/ε) / (2k)). */
export function hoeffdingUpper(rate: number, k: number, eps: number): number {
  return Math.min(0.5, rate + Math.sqrt(Math.log(1 / eps) / (2 * k)));
}

/** Privacy-amplification cost of the heuristic finite-key option: 2·log2(1/(2ε)). */
export function finitePaCost(eps: number | undefined): number {
  return eps === undefined ? 0 : 2 * Math.log2(1 / (2 * eps));
}
