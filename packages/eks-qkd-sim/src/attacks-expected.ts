import { type DecoyBounds, decoyBoundsOfExpected } from './decoy-estimates.js';
import { binaryEntropy } from './entropy.js';
import {
  backgroundYield,
  type DecoyBb84Link,
  totalTransmittance,
  validateDecoyBb84Link,
} from './physics.js';

/**
 * Expected gains, QBERs and Eve's share of the sifted bits per intensity class under any
 * `Attack` of spec §3.2, as sums over the Poisson photon number written independently of the
 * simulator (Eve's tuning is solved here again, without its tables), so that tests can hold the
 * simulation against it.
 *
 * Model (spec §3.1): a pulse of mean m holds n ~ Poisson(m) photons; Bob's signal detection has
 * probability s_n, a noise click Y0 = 1 − (1 − p_d)², so a pulse clicks with
 * Q_n = 1 − (1 − s_n)(1 − Y0) and errs on a sifted bit with E_n·Q_n = (1 − Y0)·s_n·ε + Y0/2
 * (ε the error of a signal-only click, noise clicks a fair coin). Averages over n use
 * S = Σ P_m(n)·s_n:
 *
 *   honest:            S = 1 − e^(−mη),                          ε = e_d
 *   intercept-resend:  S = (1 − e^(−m))·t,                       ε = 1/4 + e_d/2
 *                      (t = η over the fibre; lossless: t = min(η_det, (1 − e^(−μη))/(1 − e^(−μ))))
 *   PNS:               S = G(m, x) = Σ_{n≥2} P_m(n)(1 − (1 − x)^(n−1)),   ε = e_d
 *                      x solving G(μ, x) = 1 − e^(−μη) on [0, η_det] ('bob') or [0, 1] ('eve'),
 *                      the cap when even it falls short (Eve keeps one photon, forwards n − 1).
 *   time shift:        S = ½·[(1 − e^(−mη)) + (1 − e^(−mρη))],              ε = e_d
 *                      (the photon heads for the favoured detector half the time; ρ the ratio)
 *
 * Eve holds the bit of half the attacked clicks with a photon under intercept-resend (her basis
 * matched Alice's) and of every attacked multi-photon click under PNS. The key formula is the
 * decoy-state GLLP rate of Lo, Ma, Chen, PRL 94, 230504 (2005) with the vacuum term of Lo,
 * QIC 5, 413 (2005), on the bounds of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005) (decoyBounds);
 * those bounds hold under every attack here because Eve's action depends on the photon number
 * only, never on the intensity class (Hwang, PRL 91, 057901 (2003)). After-pulsing is not
 * modelled (p_ap = 0).
 */

/** What one intensity class is expected to show. */
export interface ClassExpectation {
  /** Clicks per pulse of the class, Q. */
  readonly gain: number;
  /** Error rate of its sifted bits, E. */
  readonly qber: number;
  /** Share of its sifted bits whose value Eve holds once the bases are announced. */
  readonly eveShare: number;
  /**
   * Time shift only: the share of its sifted bits Eve has a guess of (their pulse was shifted),
   * and the probability that such a guess is Alice's bit.
   */
  readonly eveGuess?: { readonly share: number; readonly right: number };
}

/** Expected outcome of a decoy-BB84 link under its attack (no sampling noise). */
export interface AttackExpectation {
  readonly signal: ClassExpectation;
  readonly decoy: ClassExpectation;
  readonly vacuum: ClassExpectation;
  /**
   * Probability that one photon reaching Bob through Eve fires his detector: t per resent
   * photon (intercept-resend), x per forwarded photon (PNS), η without an attack.
   */
  readonly forwardClickProb: number;
  /** Decoy bounds of spec §4 step 5 on the expected gains and error gains. */
  readonly bounds: DecoyBounds;
  /**
   * Share of the signal key block that privacy amplification hashes away beyond the EC leak
   * and the tag: 1 − (Q0ᴸ + Q1ᴸ·(1 − h(e1ᵁ)))/Q_μ (spec §4 step 9, n − n0 − n1·(1 − h(e1ᵁ))).
   */
  readonly paShare: number;
  /**
   * Secure share of the key block at reconciliation efficiency f: 1 − paShare − f·h(E_μ) (the
   * 64-bit tag, a few 10⁻⁴ of a block, left out).
   */
  readonly keyShare: number;
  /** How a run with these expected counts would end, or undefined when it keeps a key. */
  readonly abortReason?: 'QBER_ABOVE_THRESHOLD' | 'DECOY_INCONSISTENT' | 'NO_SECURE_KEY';
}

/** One class's signal-detection average S, signal-click error ε and Eve-known click rate K. */
interface AttackedClass {
  readonly s: number;
  readonly eps: number;
  readonly eveClicks: number;
}

/**
 * Σ_{n≥2} P_m(n)·(1 − (1 − x)^(n−1)), term by term with 1 − (1 − x)^k = −expm1(k·log1p(−x)),
 * so that every term keeps its relative precision when x or m is small (the closed form
 * P(n ≥ 2) − e^(−m)·(e^(my) − 1 − my)/y, y = 1 − x, loses up to all digits to cancellation
 * there). The sum runs until a term no longer changes it (n ≤ 200 covers m ≤ 2 many times over).
 */
export function pnsMultiPhotonDetection(m: number, x: number): number {
  if (m <= 0) return 0;
  const logY = Math.log1p(-x); // −∞ at x = 1: every forwarded photon fires
  let p = m * Math.exp(-m); // P(1); P(n) is built from it term by term
  let sum = 0;
  for (let n = 2; n <= 200; n++) {
    p *= m / n;
    const term = p * -Math.expm1((n - 1) * logY);
    if (sum + term === sum && n > m) break;
    sum += term;
  }
  return sum;
}

/**
 * x of the PNS attack: the forwarding transmittance at which the multi-photon signal detections
 * equal the honest 1 − e^(−μη), by bisection (G rises with x); the cap when unreachable.
 */
export function pnsMatchingTransmittance(mu: number, eta: number, cap: number): number {
  const target = -Math.expm1(-mu * eta);
  if (pnsMultiPhotonDetection(mu, cap) <= target) return cap;
  let lo = 0;
  let hi = cap;
  // 200 halvings take [0, 1] below 1e-60: far under double precision.
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (pnsMultiPhotonDetection(mu, mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Eve's per-photon click probability for the link's attack (η without one). */
function forwardClickProbOf(link: DecoyBb84Link): number {
  const a = link.attack;
  const mu = link.source.signalMean;
  const eta = totalTransmittance(link.fibre, link.detector);
  if (a.kind === 'intercept-resend') {
    if (a.line !== 'lossless') return eta;
    return Math.min(link.detector.efficiency, -Math.expm1(-mu * eta) / -Math.expm1(-mu));
  }
  if (a.kind === 'pns') {
    const cap = a.efficiency === 'eve' ? 1 : link.detector.efficiency;
    return pnsMatchingTransmittance(mu, eta, cap);
  }
  return eta;
}

/** S, ε and the Eve-known click rate of attacked pulses of mean m. */
function attackedClass(link: DecoyBb84Link, m: number, t: number, y0: number): AttackedClass {
  const ed = link.detector.misalignment;
  if (link.attack.kind === 'time-shift') {
    const eta = totalTransmittance(link.fibre, link.detector);
    const s = -(Math.expm1(-m * eta) + Math.expm1(-m * link.attack.ratio * eta)) / 2;
    return { s, eps: ed, eveClicks: 0 };
  }
  if (link.attack.kind === 'pns') {
    const s = pnsMultiPhotonDetection(m, t);
    const multi = -Math.expm1(-m) - m * Math.exp(-m);
    // Every attacked multi-photon click, signal or noise, is a bit Eve stored a photon of.
    return { s, eps: ed, eveClicks: multi * y0 + (1 - y0) * s };
  }
  const photon = -Math.expm1(-m);
  const s = photon * t;
  // Half of the attacked clicks with a photon: those where Eve's basis was Alice's.
  return { s, eps: 0.25 + ed / 2, eveClicks: 0.5 * (photon * y0 + (1 - y0) * s) };
}

/**
 * Clicks of time-shifted pulses of mean m whose guess is right (Eve's bit is Alice's) and wrong.
 * With a fixed assignment, when Eve's pick is Alice's bit the photon heads for the favoured
 * detector unless misalignment (e_d) sends it to the other; when it is not, the reverse. A click
 * has probability Q_f = 1 − e^(−mη)(1 − Y0) towards the favoured detector and Q_d (with ρη)
 * towards the other, so right ∝ (1 − e_d)Q_f + e_d·Q_d and wrong ∝ (1 − e_d)Q_d + e_d·Q_f, each
 * times ½ (her pick). A random assignment makes the favoured detector a coin whatever the bit:
 * right and wrong are equal.
 */
function timeShiftGuesses(link: DecoyBb84Link, rho: number, m: number, y0: number) {
  const eta = totalTransmittance(link.fibre, link.detector);
  const ed = link.detector.misalignment;
  const click = (t: number) => y0 - Math.expm1(-m * t) * (1 - y0); // 1 − e^(−mt)(1 − Y0)
  const qf = click(eta);
  const qd = click(rho * eta);
  if (link.detector.assignment === 'random') {
    const each = (qf + qd) / 4;
    return { right: each, wrong: each };
  }
  return { right: ((1 - ed) * qf + ed * qd) / 2, wrong: ((1 - ed) * qd + ed * qf) / 2 };
}

function classExpectation(link: DecoyBb84Link, m: number, t: number): ClassExpectation {
  const a = link.attack;
  const phi = a.kind === 'none' ? 0 : a.fraction;
  const y0 = backgroundYield(link.detector);
  const eta = totalTransmittance(link.fibre, link.detector);
  const ed = link.detector.misalignment;
  const honestS = -Math.expm1(-m * eta);
  const att: AttackedClass =
    a.kind === 'none' ? { s: 0, eps: 0, eveClicks: 0 } : attackedClass(link, m, t, y0);
  const s = (1 - phi) * honestS + phi * att.s;
  // Q = 1 − (1 − S)(1 − Y0), written so that small S and Y0 keep their digits.
  const gain = s + y0 - s * y0;
  const errGain = (1 - y0) * ((1 - phi) * ed * honestS + phi * att.eps * att.s) + y0 / 2;
  const expectation = {
    gain,
    qber: gain > 0 ? errGain / gain : 0,
    eveShare: gain > 0 ? (phi * att.eveClicks) / gain : 0,
  };
  if (a.kind !== 'time-shift') return expectation;
  const { right, wrong } = timeShiftGuesses(link, a.ratio, m, y0);
  const guessed = right + wrong;
  const eveGuess = {
    share: gain > 0 ? (phi * guessed) / gain : 0,
    right: guessed > 0 ? right / guessed : 0.5,
  };
  return { ...expectation, eveGuess };
}

/**
 * The expected signal, decoy and vacuum gains, QBERs and Eve's shares of a link under its
 * attack, the decoy bounds on them, the share privacy amplification removes and the secure share
 * at efficiency f, and the abort a run would meet (QBER above `qberThreshold`, Y1ᴸ ≤ 0 or
 * e1ᵁ ≥ 1/2, no key) — spec §4 steps 5, 6 and 9 on expected instead of counted values.
 */
export function expectedUnderAttack(
  link: DecoyBb84Link,
  f = 1,
  qberThreshold = 0.11,
): AttackExpectation {
  validateDecoyBb84Link(link);
  const src = link.source;
  const t = forwardClickProbOf(link);
  const signal = classExpectation(link, src.signalMean, t);
  const decoy = classExpectation(link, src.decoyMean, t);
  const vacuum = classExpectation(link, src.vacuumMean, t);
  const bounds = decoyBoundsOfExpected(src, signal, decoy, vacuum);
  const kept =
    (bounds.q0Lower + bounds.q1Lower * (1 - binaryEntropy(bounds.e1Upper))) / signal.gain;
  const paShare = 1 - kept;
  const keyShare = kept - f * binaryEntropy(signal.qber);
  const abortReason =
    signal.qber > qberThreshold
      ? 'QBER_ABOVE_THRESHOLD'
      : bounds.y1Lower <= 0 || bounds.e1Upper >= 0.5
        ? 'DECOY_INCONSISTENT'
        : keyShare <= 0
          ? 'NO_SECURE_KEY'
          : undefined;
  const base = { signal, decoy, vacuum, forwardClickProb: t, bounds, paShare, keyShare };
  return abortReason === undefined ? base : { ...base, abortReason };
}
