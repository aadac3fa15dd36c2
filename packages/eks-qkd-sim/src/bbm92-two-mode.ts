import type { Bbm92Expectation } from './analytic.js';
import type { EntangledLink } from './bbm92-sim.js';
import { binaryEntropy } from './entropy.js';
import { checkRange, QkdError } from './errors.js';
import { totalTransmittance, validateDetector, validateFibre } from './physics.js';

/**
 * BBM92 with a two-mode (type-II, polarisation) SPDC source, after X. Ma, C.-H. F. Fung,
 * H.-K. Lo, "Quantum key distribution with entangled photon sources", Phys. Rev. A 76, 012307
 * (2007), arXiv:quant-ph/0703122 (MFL below).
 *
 * Source. Two independent two-mode squeezed vacua, one per polarisation mode, each with mean
 * photon number λ = μ/2 per side: the pair numbers n1, n2 of the two modes are independent
 * thermal, P(n_k) = λ^n_k/(1 + λ)^(n_k+1), and the total n = n1 + n2 has
 * P(n) = (n + 1)·λ^n/(1 + λ)^(n+2) (MFL Eq. 5). The state is invariant under the same real
 * polarisation rotation on both sides, so in ANY common linear basis Alice's mode k is paired
 * with Bob's mode k; all probabilities below are written in a reference basis (Alice's, or
 * Eve's when she measures).
 *
 * Detection (the model the simulator samples, bbm92-sim.ts). Each photon reaches its side's
 * detectors with η_A or η_B (fibre · detector). On Bob's side each arriving photon is, with
 * probability 2e_d, depolarised: it leaves the coherent modes and hits either detector with
 * probability 1/2, independently of the others (a fluctuating birefringence that also makes it
 * distinguishable, so it does not interfere). In the key basis this is a per-photon flip with
 * probability e_d; a single pair has visibility V = 1 − 2e_d in every basis. The undisturbed
 * photons are measured coherently at the angle δ between the reference basis and the analyser,
 * bosonic bunching included. Each of the four threshold detectors has its own dark count p_d
 * per gate; a side with two clicks takes a random bit (squashing).
 *
 * Method. A passive linear network with extra modes for the depolarised photons: "no photon at
 * detector o" is the normally ordered operator :exp(−a†·G_o·a): = Γ(I − G_o), the second
 * quantisation of the 2 × 2 matrix T = I − G_o on the two reference modes, with
 *   G_o = η·(1 − 2e_d)·u_o·u_oᵀ + η·e_d·I,   u_0 = (cos δ, sin δ),  u_1 = (−sin δ, cos δ).
 * For a Fock state (derived here from the permanent of T with repeated rows):
 *   ⟨n1 n2|Γ(T)|n1 n2⟩ = Σ_k C(n1, k)·C(n2, k)·T11^(n1−k)·T22^(n2−k)·(T12·T21)^k,
 * and over the two thermal modes, with Alice's no-detection factors X = diag(x1, x2):
 *   Σ P(n1)·P(n2)·x1^n1·x2^n2·⟨Γ(T)⟩ = 1/det((1 + λ)·I − λ·X·T).
 * The gain this gives is MFL's Eq. (9) exactly (Y0 = 1 − (1 − p_d)² per side). The error rate
 * is MFL's Eq. (10) when p_d = 0 and e_d = 0; otherwise it differs by (i) a factor (1 − Y0) on
 * the correlated term (a dark count in the second detector of a side turns a photon click into a
 * double click), and (ii) the multi-photon terms of the per-photon misalignment, where MFL flip
 * the final bit. The two QBERs differ by under 10⁻⁴ (absolute) for μ ≤ 0.1, e_d ≤ 5 %,
 * p_d ≤ 10⁻⁶ (2.8·10⁻³ at μ = 1, e_d = 5 %); `maFungLo2007` keeps the paper's own formula.
 */

/** Row-major 2 × 2 matrix [t11, t12, t21, t22] on the two reference polarisation modes. */
export type Mat2 = readonly [number, number, number, number];

/**
 * T = I − G for one detector of a side: `detector` 0 sits at the analyser angle δ (radians)
 * from the reference basis, 1 at δ + 90°. `eta` is the side's single-photon transmittance,
 * `misalignment` e_d (0 for Alice: the relative misalignment is put on Bob's side).
 */
export function noPhotonMatrix(
  eta: number,
  misalignment: number,
  delta: number,
  detector: 0 | 1,
): Mat2 {
  const kept = eta * (1 - 2 * misalignment); // photons that stay coherent
  const mixed = eta * misalignment; // depolarised photons reaching THIS detector (half of 2e_d)
  const c = Math.cos(delta);
  const s = Math.sin(delta);
  const [u1, u2] = detector === 0 ? [c, s] : [-s, c];
  const g12 = kept * u1 * u2;
  return [1 - kept * u1 * u1 - mixed, -g12, -g12, 1 - kept * u2 * u2 - mixed];
}

/** The matrix of "no photon at either detector": both G's add up to η·I. */
export function bothNoPhotonMatrix(eta: number): Mat2 {
  return [1 - eta, 0, 0, 1 - eta];
}

/**
 * Probability that a side's detector receives no photon when the pairs' Fock numbers in the
 * reference modes are (n1, n2): ⟨n1 n2|Γ(T)|n1 n2⟩ (dark counts not included).
 */
export function fockNoPhotonProb(n1: number, n2: number, t: Mat2): number {
  const cross = t[1] * t[2];
  let sum = 0;
  let binom1 = 1; // C(n1, k)
  let binom2 = 1; // C(n2, k)
  for (let k = 0; k <= Math.min(n1, n2); k++) {
    sum += binom1 * binom2 * t[0] ** (n1 - k) * t[3] ** (n2 - k) * cross ** k;
    binom1 = (binom1 * (n1 - k)) / (k + 1);
    binom2 = (binom2 * (n2 - k)) / (k + 1);
  }
  return sum;
}

/**
 * Σ_{n1,n2} P(n1)·P(n2)·x1^n1·x2^n2·⟨n1 n2|Γ(T)|n1 n2⟩ over two thermal modes of mean λ:
 * 1/det((1 + λ)·I − λ·diag(x1, x2)·T). x_k is Alice's factor for mode k (1 − η_A when her
 * detector k must stay dark, 1 when it is free); T is Bob's no-photon matrix (or I).
 */
export function thermalNoPhotonProb(lambda: number, x1: number, x2: number, t: Mat2): number {
  const d11 = 1 + lambda - lambda * x1 * t[0];
  const d22 = 1 + lambda - lambda * x2 * t[3];
  return 1 / (d11 * d22 - lambda * lambda * x1 * x2 * t[1] * t[2]);
}

/** P(n) = (n + 1)·r^n·(1 − r)², r = λ/(1 + λ), λ = mean/2 (MFL Eq. 5), tail folded into nMax. */
export function twoModePairPmf(mean: number, nMax: number): Float64Array {
  const lambda = mean / 2;
  const r = lambda / (1 + lambda);
  const p = new Float64Array(nMax + 1);
  let power = (1 - r) * (1 - r);
  let sum = 0;
  for (let n = 0; n <= nMax; n++) {
    p[n] = (n + 1) * power;
    sum += p[n]!;
    power *= r;
  }
  p[nMax] = p[nMax]! + Math.max(0, 1 - sum);
  return p;
}

export interface TwoModeBbm92Expectation extends Bbm92Expectation {
  /** E(a, b) in the order (0°, 22.5°), (0°, 67.5°), (45°, 22.5°), (45°, 67.5°). */
  readonly correlators: readonly [number, number, number, number];
}

/**
 * Coincidence probability per pulse written without the cancellation of 1 − a − b + c:
 * Q = c_A + c_B − c_AB with c_X = 1 − P(no click on side X), each a sum of positive terms.
 */
function twoModeGain(lambda: number, etaA: number, etaB: number, y0: number): number {
  const a = etaA * lambda;
  const b = etaB * lambda;
  const d = lambda * (etaA + etaB - etaA * etaB);
  const cA = (a * (2 + a) + y0) / (1 + a) ** 2;
  const cB = (b * (2 + b) + y0) / (1 + b) ** 2;
  const cAB = (d * (2 + d) + y0 * (2 - y0)) / (1 + d) ** 2;
  return cA + cB - cAB;
}

/**
 * E(a, b)·Q for δ = b − a (Alice's basis is the reference). With σ = +1 for a lone click of the
 * detector at the setting angle, −1 for a lone click of the orthogonal one and 0 otherwise
 * (double clicks give fair bits), E·Q = Σ_n P(n)·⟨σ_A⟩·⟨σ_B⟩ and ⟨σ⟩ = P(orthogonal detector
 * dark) − P(setting detector dark) on each side, so E·Q = (1 − p_d)²·[Δ(1, x_A) − Δ(x_A, 1)]
 * with Δ(X) = 1/d_v(X) − 1/d_h(X), d = det((1 + λ)I − λXT) for Bob's detector at δ (h) or
 * δ + 90° (v), x_A = 1 − η_A. The λ² terms of d_h and d_v are equal, and
 * d_h − d_v = λ(1 + λ)·η_B(1 − 2e_d)·cos 2δ·(x1 − x2); the two Δ's are equal by the mode swap:
 *   E(a, b)·Q = 2(1 − p_d)²·(1 − 2e_d)·cos 2δ·η_Aη_Bλ(1 + λ) / (d_h·d_v),   X = diag(1, x_A),
 * a form with no cancellation (the four-term difference loses all digits at gains near 10⁻¹²).
 */
function correlationGain(
  lambda: number,
  etaA: number,
  etaB: number,
  pd: number,
  ed: number,
  delta: number,
): number {
  const xA = 1 - etaA;
  const inverseDh = thermalNoPhotonProb(lambda, 1, xA, noPhotonMatrix(etaB, ed, delta, 0));
  const inverseDv = thermalNoPhotonProb(lambda, 1, xA, noPhotonMatrix(etaB, ed, delta, 1));
  const signal = 2 * etaA * etaB * lambda * (1 + lambda) * inverseDh * inverseDv;
  return (1 - pd) * (1 - pd) * (1 - 2 * ed) * Math.cos(2 * delta) * signal;
}

/** Validates what the closed form reads (the statistics option is implied). */
function validateTwoModeLink(link: EntangledLink): void {
  checkRange('source.pairMean', link?.source?.pairMean, 1e-6, 1);
  checkRange('source.testProb', link.source.testProb, 0.01, 0.99);
  // Absent means single-mode to the simulator: this model must not answer for such a link.
  if (link.source.statistics !== 'two-mode') {
    throw new QkdError('INVALID_PARAMETER', 'source.statistics', 'must be two-mode for this model');
  }
  validateFibre(link.fibreToAlice, 'fibreToAlice');
  validateFibre(link.fibreToBob, 'fibreToBob');
  validateDetector(link.detector);
}

const DEG = Math.PI / 180;
/** (Alice, Bob) angles of the four CHSH correlators, in the report's order. */
const CHSH_PAIRS = [
  [0, 22.5],
  [0, 67.5],
  [45, 22.5],
  [45, 67.5],
] as const;

/**
 * The simulator's two-mode model in closed form (no truncation of the pair number): coincidence
 * probability (MFL Eq. 9), key-round QBER, the four CHSH correlators and S, and the key rate
 * q·Q·(1 − h(E) − f·h(E)) with q = (1 − t)/2 the key-round fraction (MFL Eq. 11 with
 * δ_p = δ_b = E, their Eq. 12). The attack is ignored.
 */
export function twoModeBbm92Expectation(link: EntangledLink, f = 1): TwoModeBbm92Expectation {
  validateTwoModeLink(link);
  const lambda = link.source.pairMean / 2;
  const { darkCountProb: pd, misalignment: ed } = link.detector;
  const etaA = totalTransmittance(link.fibreToAlice, link.detector);
  const etaB = totalTransmittance(link.fibreToBob, link.detector);
  const gain = twoModeGain(lambda, etaA, etaB, pd * (2 - pd));
  const corr = (deltaDeg: number) =>
    gain > 0 ? correlationGain(lambda, etaA, etaB, pd, ed, deltaDeg * DEG) / gain : 0;
  const correlators = CHSH_PAIRS.map(([a, b]) => corr(b - a)) as unknown as readonly [
    number,
    number,
    number,
    number,
  ];
  const qber = gain > 0 ? (1 - corr(0)) / 2 : 0;
  const chsh = correlators[0] - correlators[1] + correlators[2] + correlators[3];
  const h = binaryEntropy(qber);
  const q = (1 - link.source.testProb) / 2;
  const keyRate = Math.max(0, q * gain * (1 - h - f * h));
  return { coincidenceProb: gain, qber, chsh, keyRate, correlators };
}

/** Inputs of MFL's closed forms, in the paper's notation. */
export interface MaFungLo2007Parameters {
  /** λ: mean photon number per mode, μ/2 (μ the mean pair number). */
  readonly lambda: number;
  /** η_A, η_B: single-photon transmittance of each side, detector included. */
  readonly etaA: number;
  readonly etaB: number;
  /** Y0A, Y0B: background count probability of each SIDE (both detectors) per pulse. */
  readonly y0A: number;
  readonly y0B: number;
  /** e_d: probability that a photon hits the wrong detector. */
  readonly misalignment: number;
  /** f(E): error-correction efficiency (MFL use 1.22). */
  readonly f: number;
  /** q: the fraction of coincidences kept for the key (1/2 for BB84 sifting). */
  readonly q: number;
}

/**
 * MFL's closed forms as printed (equation numbers of arXiv:quant-ph/0703122 as cited by public
 * implementations of the paper):
 *   Q_λ = 1 − (1 − Y0A)/(1 + η_Aλ)² − (1 − Y0B)/(1 + η_Bλ)²
 *         + (1 − Y0A)(1 − Y0B)/(1 + η_Aλ + η_Bλ − η_Aη_Bλ)²                           (9)
 *   E_λ·Q_λ = e0·Q_λ − 2(e0 − e_d)·η_Aη_Bλ(1 + λ)
 *             / [(1 + η_Aλ)(1 + η_Bλ)(1 + η_Aλ + η_Bλ − η_Aη_Bλ)],   e0 = 1/2          (10)
 *   R ≥ q·Q_λ·[1 − f(E_λ)·h(E_λ) − h(E_λ)]                                             (11)
 * R is returned clipped at 0. Q_λ is evaluated as c_A + c_B − c_AB (see twoModeGain), which
 * is the same number without the cancellation of 1 − a − b + c at high loss.
 */
export function maFungLo2007(p: MaFungLo2007Parameters): {
  gain: number;
  qber: number;
  keyRate: number;
} {
  checkRange('parameters.lambda', p?.lambda, 0, 100);
  checkRange('parameters.etaA', p.etaA, 0, 1);
  checkRange('parameters.etaB', p.etaB, 0, 1);
  checkRange('parameters.y0A', p.y0A, 0, 1);
  checkRange('parameters.y0B', p.y0B, 0, 1);
  checkRange('parameters.misalignment', p.misalignment, 0, 0.5);
  checkRange('parameters.f', p.f, 0, 10);
  checkRange('parameters.q', p.q, 0, 1);
  const { lambda: l, etaA, etaB } = p;
  // η_Aλ, η_Bλ and η_Aλ + η_Bλ − η_Aη_Bλ, kept apart from the 1 they are added to.
  const a = etaA * l;
  const b = etaB * l;
  const d = l * (etaA + etaB - etaA * etaB);
  const cA = (a * (2 + a) + p.y0A) / (1 + a) ** 2;
  const cB = (b * (2 + b) + p.y0B) / (1 + b) ** 2;
  const cAB = (d * (2 + d) + p.y0A + p.y0B - p.y0A * p.y0B) / (1 + d) ** 2;
  const gain = cA + cB - cAB;
  const signal = (etaA * etaB * l * (1 + l)) / ((1 + a) * (1 + b) * (1 + d));
  const errorGain = 0.5 * gain - 2 * (0.5 - p.misalignment) * signal;
  const qber = gain > 0 ? errorGain / gain : 0;
  const h = binaryEntropy(qber);
  return { gain, qber, keyRate: Math.max(0, p.q * gain * (1 - p.f * h - h)) };
}
