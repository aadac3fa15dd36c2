/**
 * Second path of the attacks' expected values, docs/spec/eks-qkd-sim.md §3.2 "Expected values",
 * written without the package: Eve's tuning (t of the lossless resend, x of PNS) solved again,
 * per-class gains, QBERs and Eve's shares from the spec's sums, and the §4 bounds on them
 * (decoyBoundsBySpec).
 */
import { decoyBoundsBySpec, h2, type RatesLink } from './eks-vectors-decoy-paths.js';

export type AttackSpec =
  | { kind: 'none' }
  | { kind: 'intercept-resend'; fraction: number; line?: 'fibre' | 'lossless' }
  | { kind: 'pns'; fraction: number; efficiency?: 'bob' | 'eve' }
  | { kind: 'time-shift'; fraction: number; ratio: number };
export type AttackLink = Omit<RatesLink, 'attack' | 'detector'> & {
  detector: RatesLink['detector'] & { assignment?: 'fixed' | 'random' };
  attack: AttackSpec;
};

const etaFibre = (link: AttackLink) =>
  10 ** ((-link.fibre.lossDbPerKm * link.fibre.distanceKm) / 10);

/** G(m, x) = Σ_{n≥2} P_m(n)·(1 − (1 − x)^(n−1)), summed to n = 100 (m ≤ 2: the rest < 10⁻⁹⁰). */
export function multiPhotonDetection(m: number, x: number): number {
  let p = Math.exp(-m); // P_m(0), then P_m(n) by P_m(n) = P_m(n − 1)·m/n
  let sum = 0;
  for (let n = 1; n <= 100; n++) {
    p *= m / n;
    if (n >= 2) sum += p * (1 - (1 - x) ** (n - 1));
  }
  return sum;
}

/** x of PNS: the honest signal gain matched on [0, cap] (G rises with x), cap if out of reach. */
export function pnsTransmittance(mu: number, eta: number, cap: number): number {
  const target = 1 - Math.exp(-mu * eta);
  if (multiPhotonDetection(mu, cap) <= target) return cap;
  let lo = 0;
  let hi = cap;
  // Halve until the interval no longer shrinks in double precision.
  for (;;) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (multiPhotonDetection(mu, mid) < target) lo = mid;
    else hi = mid;
  }
}

/** t of intercept-resend: η over the fibre; over Eve's lossless line p_f·η_det, capped at η_det. */
export function resendClickProb(link: AttackLink): number {
  const mu = link.source.signalMean;
  const eta = etaFibre(link) * link.detector.efficiency;
  if (link.attack.kind !== 'intercept-resend' || link.attack.line !== 'lossless') return eta;
  return Math.min(link.detector.efficiency, (1 - Math.exp(-mu * eta)) / (1 - Math.exp(-mu)));
}

/** Eve's per-photon click probability: t, x, or η without an attack. */
function forwardClickProb(link: AttackLink): number {
  const a = link.attack;
  const eta = etaFibre(link) * link.detector.efficiency;
  if (a.kind === 'pns') {
    const cap = a.efficiency === 'eve' ? 1 : link.detector.efficiency;
    return pnsTransmittance(link.source.signalMean, eta, cap);
  }
  return a.kind === 'intercept-resend' ? resendClickProb(link) : eta;
}

/** One class of mean m: S, Q, E·Q and Eve's share from the spec's "Expected values". */
function classBySpec(link: AttackLink, m: number, t: number) {
  const a = link.attack;
  const phi = a.kind === 'none' ? 0 : a.fraction;
  const pd = link.detector.darkCountProb;
  const y0 = pd * (2 - pd); // 1 − (1 − p_d)², without the cancellation
  const ed = link.detector.misalignment;
  const sHonest = 1 - Math.exp(-m * etaFibre(link) * link.detector.efficiency);
  let sAttacked = 0;
  let eps = 0;
  let known = 0; // K of the spec
  if (a.kind === 'intercept-resend') {
    sAttacked = (1 - Math.exp(-m)) * t;
    eps = 0.25 + ed / 2;
    known = 0.5 * ((1 - Math.exp(-m)) * y0 + (1 - y0) * sAttacked);
  } else if (a.kind === 'pns') {
    sAttacked = multiPhotonDetection(m, t);
    eps = ed;
    known = (1 - Math.exp(-m) - m * Math.exp(-m)) * y0 + (1 - y0) * sAttacked;
  } else if (a.kind === 'time-shift') {
    sAttacked = -(Math.expm1(-m * t) + Math.expm1(-m * a.ratio * t)) / 2;
    eps = ed;
  }
  const s = (1 - phi) * sHonest + phi * sAttacked;
  const gain = s + y0 - s * y0; // = 1 − (1 − S)(1 − Y0)
  const errGain = (1 - y0) * ((1 - phi) * ed * sHonest + phi * eps * sAttacked) + y0 / 2;
  const expectation = {
    gain,
    qber: gain > 0 ? errGain / gain : 0,
    eveShare: gain > 0 ? (phi * known) / gain : 0,
  };
  if (a.kind !== 'time-shift') return { gain, errGain, expectation };
  // Guesses (§3.2): right ∝ (1 − e_d)·Q_f + e_d·Q_d, wrong ∝ (1 − e_d)·Q_d + e_d·Q_f, each
  // halved by Eve's pick; equal under a random assignment.
  // Q = Y0 + (1 − Y0)(1 − e^(−mt)), with expm1: a vacuum class's Q is Y0 ≈ 2·10⁻⁶, and its share
  // divides by it.
  const qf = y0 - (1 - y0) * Math.expm1(-m * t);
  const qd = y0 - (1 - y0) * Math.expm1(-m * a.ratio * t);
  const random = link.detector.assignment === 'random';
  const right = random ? (qf + qd) / 4 : ((1 - ed) * qf + ed * qd) / 2;
  const wrong = random ? (qf + qd) / 4 : ((1 - ed) * qd + ed * qf) / 2;
  const eveGuess = {
    share: gain > 0 ? (phi * (right + wrong)) / gain : 0,
    right: right + wrong > 0 ? right / (right + wrong) : 0.5,
  };
  return { gain, errGain, expectation: { ...expectation, eveGuess } };
}

/** expectedUnderAttack written from §3.2 and §4 steps 5, 6 and 9 (abortReason null: a key). */
export function attackBySpec(link: AttackLink, f: number, qberThreshold: number) {
  const src = link.source;
  const t = forwardClickProb(link);
  const means: [number, number, number] = [src.signalMean, src.decoyMean, src.vacuumMean];
  const [signal, decoy, vacuum] = means.map((m) => classBySpec(link, m, t)) as [
    ReturnType<typeof classBySpec>,
    ReturnType<typeof classBySpec>,
    ReturnType<typeof classBySpec>,
  ];
  const b = decoyBoundsBySpec(
    means,
    [signal.gain, decoy.gain, vacuum.gain],
    [signal.errGain, decoy.errGain, vacuum.errGain],
  );
  const paShare = 1 - (b.q0 + b.q1 * (1 - h2(b.e1))) / signal.gain;
  const qber = signal.expectation.qber;
  const keyShare = 1 - paShare - f * h2(qber);
  const abortReason =
    qber > qberThreshold
      ? 'QBER_ABOVE_THRESHOLD'
      : b.y1 <= 0 || b.e1 >= 0.5
        ? 'DECOY_INCONSISTENT'
        : keyShare <= 0
          ? 'NO_SECURE_KEY'
          : null;
  return {
    signal: signal.expectation,
    decoy: decoy.expectation,
    vacuum: vacuum.expectation,
    forwardClickProb: t,
    bounds: { y0Lower: b.y0, y1Lower: b.y1, e1Upper: b.e1, q1Lower: b.q1, q0Lower: b.q0 },
    paShare,
    keyShare,
    abortReason,
  };
}
