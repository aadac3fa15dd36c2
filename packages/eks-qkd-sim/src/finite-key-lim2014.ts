/**
 * Composable finite-key length of decoy-state BB84 after C. C. W. Lim, M. Curty, N. Walenta,
 * F. Xu, H. Zbinden, "Concise security bounds for practical decoy-state quantum key
 * distribution", PRA 89, 022307 (2014) (arXiv:1311.7129): the vacuum + weak decoy method with
 * Hoeffding-corrected counts, valid against general attacks, ε_sec-secret and ε_cor-correct
 * (spec §4.1). The key is drawn from the X basis (all three intensities); the Z basis estimates
 * the phase error.
 *
 * With k ∈ {μ1, μ2, μ3} (signal, weak decoy, vacuum-ish μ3 ≥ 0; μ1 > μ2 + μ3, μ2 > μ3), the
 * paper's equations, numbered as in the paper:
 *
 *   τ_n = Σ_k p_k·e^(−k)·k^n/n!
 *   n±_X,k = (e^k/p_k)·[n_X,k ± δ(n_X)],   m±_Z,k = (e^k/p_k)·[m_Z,k ± δ(m_Z)],
 *   δ(n) = √(n/2 · ln(21/ε_sec))                                 (A1, A2, A7–A10; ε1 = ε2 = ε_sec/21)
 *   s_X,0 ≥ τ0·(μ2·n−_X,μ3 − μ3·n+_X,μ2)/(μ2 − μ3)                (2)
 *   s_X,1 ≥ τ1·μ1·[n−_X,μ2 − n+_X,μ3 − (μ2² − μ3²)/μ1²·(n+_X,μ1 − s_X,0/τ0)]
 *           / (μ1·(μ2 − μ3) − μ2² + μ3²)                          (3)
 *   s_Z,0, s_Z,1 likewise from the Z counts                        (text after 3)
 *   v_Z,1 ≤ τ1·(m+_Z,μ2 − m−_Z,μ3)/(μ2 − μ3)                       (4)
 *   φ_X ≤ v_Z,1/s_Z,1 + γ(ε_sec, v_Z,1/s_Z,1, s_Z,1, s_X,1)        (5)
 *   γ(a, b, c, d) = √[(c + d)(1 − b)b/(c·d·ln 2) · log2((c + d)/(c·d·(1 − b)b) · 21²/a²)]
 *   ℓ = ⌊s_X,0 + s_X,1 − s_X,1·h(φ_X) − λ_EC − 6·log2(21/ε_sec) − log2(2/ε_cor)⌋   (1)
 *
 * Two clamps, both of which only use that a count is ≥ 0 (so every bound stays a bound):
 * s_X,0, s_Z,0 and v_Z,1 are raised to 0 when the formula gives less. No key (ℓ ≤ 0, s_X,1 ≤ 0,
 * s_Z,1 ≤ 0 or φ_X ≥ 1/2) is reported as `keyLength: 0` with `abortReason: 'NO_SECURE_KEY'`.
 */
import { type DecoyIntensities, validateDecoyIntensities } from './decoy-intensities.js';
import { binaryEntropy } from './entropy.js';
import { checkRange, QkdError } from './errors.js';

/** One number per intensity: signal μ1, weak decoy μ2, vacuum-ish μ3 (the paper's k ∈ K). */
export interface PerIntensityValue {
  readonly signal: number;
  readonly decoy: number;
  readonly vacuum: number;
}

/** What Alice and Bob observed in one post-processing block, and the protocol's parameters. */
export interface Lim2014Observation {
  /** μ1, μ2, μ3 as signalMean, decoyMean, vacuumMean. */
  readonly intensities: DecoyIntensities;
  /** p_μ1, p_μ2, p_μ3 (sum 1). */
  readonly probabilities: PerIntensityValue;
  /** n_X,k: X-basis detections per intensity (the block size is n_X = Σ_k n_X,k). */
  readonly countsX: PerIntensityValue;
  /** n_Z,k: Z-basis detections per intensity. */
  readonly countsZ: PerIntensityValue;
  /** m_Z,k: Z-basis bit errors per intensity (≤ n_Z,k). */
  readonly errorsZ: PerIntensityValue;
  /** Secrecy parameter ε_sec ∈ [10⁻³⁰⁰, 1). */
  readonly epsSec: number;
  /** Correctness parameter ε_cor ∈ [10⁻³⁰⁰, 1). */
  readonly epsCor: number;
  /** λ_EC: bits revealed by error correction (≥ 0). */
  readonly leakEc: number;
}

export interface Lim2014KeyLength {
  /** ℓ of Eq. (1), rounded down; 0 when there is no key. */
  readonly keyLength: number;
  /** Eq. (1) before rounding (may be negative, or −∞ when s_X,1 or s_Z,1 ≤ 0). */
  readonly unroundedLength: number;
  readonly sX0: number;
  readonly sX1: number;
  readonly sZ0: number;
  readonly sZ1: number;
  readonly vZ1: number;
  /** γ of Eq. (5), the random-sampling correction. */
  readonly gamma: number;
  /** φ_X of Eq. (5): upper bound of the single-photon phase error rate in the key. */
  readonly phaseErrorX: number;
  readonly abortReason?: 'NO_SECURE_KEY';
}

const FIELD = 'finiteKey';
const KEYS = ['signal', 'decoy', 'vacuum'] as const;
/**
 * The paper sets every term of Eq. (B4), ε_sec = 2(2α1 + α2 + α3) + ν + 10ε1 + 2ε2, to one ε:
 * ε_sec = 21·ε, hence the 21 in δ, γ and Eq. (1).
 */
const ERROR_TERMS = 21;

/**
 * Throws INVALID_PARAMETER naming the field (`finiteKey.<group>.<intensity>`, e.g.
 * `finiteKey.errorsZ.decoy`) on the first value outside its range, in the order of the
 * interface. Counts may be expected (non-integer) values, as in the paper's simulation.
 */
export function validateLim2014Observation(o: Lim2014Observation): void {
  if (typeof o !== 'object' || o === null) {
    throw new QkdError('INVALID_PARAMETER', FIELD, 'must be an observation object');
  }
  validateDecoyIntensities(o.intensities, `${FIELD}.intensities`);
  for (const k of KEYS) checkRange(`${FIELD}.probabilities.${k}`, o.probabilities?.[k], 1e-12, 1);
  const sum = o.probabilities.signal + o.probabilities.decoy + o.probabilities.vacuum;
  if (Math.abs(sum - 1) > 1e-9) {
    throw new QkdError('INVALID_PARAMETER', `${FIELD}.probabilities.signal`, 'must sum to 1');
  }
  for (const group of ['countsX', 'countsZ'] as const) {
    for (const k of KEYS) checkRange(`${FIELD}.${group}.${k}`, o[group]?.[k], 0, Number.MAX_VALUE);
  }
  for (const k of KEYS) checkRange(`${FIELD}.errorsZ.${k}`, o.errorsZ?.[k], 0, o.countsZ[k]);
  for (const f of ['epsSec', 'epsCor'] as const) {
    checkRange(`${FIELD}.${f}`, o[f], 1e-300, 1);
    if (!(o[f] < 1)) throw new QkdError('INVALID_PARAMETER', `${FIELD}.${f}`, 'must be below 1');
  }
  checkRange(`${FIELD}.leakEc`, o.leakEc, 0, Number.MAX_VALUE);
}

/** τ_n = Σ_k p_k·e^(−k)·k^n/n!: probability that Alice sends n photons (n = 0, 1). */
function photonNumberProbability(o: Lim2014Observation, n: 0 | 1): number {
  let t = 0;
  for (const k of KEYS) {
    const mean = meanOf(o.intensities, k);
    t += o.probabilities[k] * Math.exp(-mean) * (n === 0 ? 1 : mean);
  }
  return t;
}

function meanOf(m: DecoyIntensities, k: (typeof KEYS)[number]): number {
  return k === 'signal' ? m.signalMean : k === 'decoy' ? m.decoyMean : m.vacuumMean;
}

/** γ(a, b, c, d) of Eq. (5), with 21²/a² as in the main text; 0 where b(1 − b) = 0. */
export function lim2014SamplingCorrection(a: number, b: number, c: number, d: number): number {
  const spread = (1 - b) * b;
  if (!(spread > 0)) return 0;
  const log = Math.log2(((c + d) / (c * d * spread)) * ((ERROR_TERMS * ERROR_TERMS) / (a * a)));
  // A log argument below 1 only happens for ε_sec near 1 and huge blocks; the bound is then 0.
  if (!(log > 0)) return 0;
  return Math.sqrt((((c + d) * spread) / (c * d * Math.LN2)) * log);
}

/** s_0 ≥ (Eq. 2) and s_1 ≥ (Eq. 3) from one basis' counts n±_k. */
function vacuumAndSinglePhoton(
  o: Lim2014Observation,
  counts: PerIntensityValue,
  delta: number,
  tau0: number,
  tau1: number,
): { s0: number; s1: number } {
  const { signalMean: m1, decoyMean: m2, vacuumMean: m3 } = o.intensities;
  const scaled = (k: (typeof KEYS)[number], sign: 1 | -1) =>
    (Math.exp(meanOf(o.intensities, k)) / o.probabilities[k]) * (counts[k] + sign * delta);
  const s0 = Math.max(
    0,
    (tau0 * (m2 * scaled('vacuum', -1) - m3 * scaled('decoy', 1))) / (m2 - m3),
  );
  const s1 =
    (tau1 *
      m1 *
      (scaled('decoy', -1) -
        scaled('vacuum', 1) -
        ((m2 * m2 - m3 * m3) / (m1 * m1)) * (scaled('signal', 1) - s0 / tau0))) /
    (m1 * (m2 - m3) - m2 * m2 + m3 * m3);
  return { s0, s1 };
}

/**
 * Secure key length ℓ of Lim et al. 2014, Eqs. (1)–(5), from one block's observed counts.
 * Validates the observation first (INVALID_PARAMETER naming the field).
 */
export function lim2014KeyLength(o: Lim2014Observation): Lim2014KeyLength {
  validateLim2014Observation(o);
  const lnInv = Math.log(ERROR_TERMS / o.epsSec);
  const nX = o.countsX.signal + o.countsX.decoy + o.countsX.vacuum;
  const nZ = o.countsZ.signal + o.countsZ.decoy + o.countsZ.vacuum;
  const mZ = o.errorsZ.signal + o.errorsZ.decoy + o.errorsZ.vacuum;
  const tau0 = photonNumberProbability(o, 0);
  const tau1 = photonNumberProbability(o, 1);
  const x = vacuumAndSinglePhoton(o, o.countsX, Math.sqrt((nX / 2) * lnInv), tau0, tau1);
  const z = vacuumAndSinglePhoton(o, o.countsZ, Math.sqrt((nZ / 2) * lnInv), tau0, tau1);

  const { decoyMean: m2, vacuumMean: m3 } = o.intensities;
  const deltaM = Math.sqrt((mZ / 2) * lnInv);
  const mPlusDecoy = (Math.exp(m2) / o.probabilities.decoy) * (o.errorsZ.decoy + deltaM);
  const mMinusVacuum = (Math.exp(m3) / o.probabilities.vacuum) * (o.errorsZ.vacuum - deltaM);
  const vZ1 = Math.max(0, (tau1 * (mPlusDecoy - mMinusVacuum)) / (m2 - m3));

  const bounds = { sX0: x.s0, sX1: x.s1, sZ0: z.s0, sZ1: z.s1, vZ1 };
  if (!(x.s1 > 0) || !(z.s1 > 0)) {
    return {
      keyLength: 0,
      unroundedLength: Number.NEGATIVE_INFINITY,
      ...bounds,
      gamma: 0,
      phaseErrorX: 0.5,
      abortReason: 'NO_SECURE_KEY',
    };
  }
  const ratio = vZ1 / z.s1;
  const gamma = lim2014SamplingCorrection(o.epsSec, ratio, z.s1, x.s1);
  const phaseErrorX = ratio + gamma;
  const unroundedLength =
    x.s0 +
    x.s1 -
    x.s1 * binaryEntropy(Math.min(phaseErrorX, 0.5)) -
    o.leakEc -
    6 * Math.log2(ERROR_TERMS / o.epsSec) -
    Math.log2(2 / o.epsCor);
  const keyLength = phaseErrorX < 0.5 ? Math.max(0, Math.floor(unroundedLength)) : 0;
  return {
    keyLength,
    unroundedLength,
    ...bounds,
    gamma,
    phaseErrorX,
    ...(keyLength > 0 ? {} : { abortReason: 'NO_SECURE_KEY' as const }),
  };
}

/**
 * The same estimate without any finite-size term (δ = 0, γ = 0, no ε terms): the paper's dashed
 * "asymptotic" curve of Fig. 1, still with three intensities. An upper bound of ℓ for the same
 * counts; not rounded, not clamped at 0.
 */
export function lim2014AsymptoticLength(o: Lim2014Observation): number {
  validateLim2014Observation(o);
  const tau0 = photonNumberProbability(o, 0);
  const tau1 = photonNumberProbability(o, 1);
  const x = vacuumAndSinglePhoton(o, o.countsX, 0, tau0, tau1);
  const z = vacuumAndSinglePhoton(o, o.countsZ, 0, tau0, tau1);
  const { decoyMean: m2, vacuumMean: m3 } = o.intensities;
  const vZ1 = Math.max(
    0,
    (tau1 *
      ((Math.exp(m2) / o.probabilities.decoy) * o.errorsZ.decoy -
        (Math.exp(m3) / o.probabilities.vacuum) * o.errorsZ.vacuum)) /
      (m2 - m3),
  );
  if (!(x.s1 > 0) || !(z.s1 > 0)) return x.s0 - o.leakEc;
  const phase = vZ1 / z.s1;
  if (phase >= 0.5) return x.s0 - o.leakEc;
  return x.s0 + x.s1 * (1 - binaryEntropy(phase)) - o.leakEc;
}
