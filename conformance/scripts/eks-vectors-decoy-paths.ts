/**
 * Second paths of the decoy-state analysis shared by the eks-qkd-sim vector files: the §4 step 5
 * bounds and the §8 / §8.1 per-pulse rates, written from docs/spec/eks-qkd-sim.md without the
 * package, and the default link most vectors start from.
 */

/** The package README's metropolitan link: μ = 0.5, ν = 0.1, ω = 0, 50 km of 0.2 dB/km fibre. */
export const defaultLink = {
  source: {
    signalMean: 0.5,
    decoyMean: 0.1,
    vacuumMean: 0,
    signalProb: 0.8,
    decoyProb: 0.15,
    vacuumProb: 0.05,
  },
  fibre: { distanceKm: 50, lossDbPerKm: 0.2 },
  detector: { efficiency: 0.2, darkCountProb: 1e-6, misalignment: 0.015, afterpulseProb: 0 },
  attack: { kind: 'none' },
};

/** Binary entropy, written again (h(0) = h(1) = 0). */
export const h2 = (x: number) =>
  x <= 0 || x >= 1 ? 0 : -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);

export interface ModelChoice {
  keyRate: 'Lo-2005' | 'GLLP/Ma-2005';
  darkCounts: 'per-detector' | 'total';
}
export type RatesLink = typeof defaultLink;

/** Y0ᴸ, Y1ᴸ, e1ᵁ, Q0ᴸ, Q1ᴸ of two decoys ν > ω ≥ 0, written from spec §4 step 5 (any ω). */
export function decoyBoundsBySpec(m: [number, number, number], q: number[], eq: number[]) {
  const [mu, nu, om] = m;
  const [qMu, qNu, qOm] = q as [number, number, number];
  const [eqMu, eqNu, eqOm] = eq as [number, number, number];
  const y0 = Math.max(0, (nu * qOm * Math.exp(om) - om * qNu * Math.exp(nu)) / (nu - om));
  const y1 =
    (mu / (mu * nu - mu * om - nu * nu + om * om)) *
    (qNu * Math.exp(nu) -
      qOm * Math.exp(om) -
      ((nu * nu - om * om) / (mu * mu)) * (qMu * Math.exp(mu) - y0));
  const fromDecoys = (eqNu * Math.exp(nu) - eqOm * Math.exp(om)) / ((nu - om) * y1);
  const fromSignal = (eqMu * Math.exp(mu) - y0 / 2) / (mu * y1);
  const e1 = y1 > 0 ? Math.max(0, Math.min(0.5, fromDecoys, fromSignal)) : 0.5;
  return { y0, y1, e1, q0: y0 * Math.exp(-mu), q1: Math.max(0, y1) * mu * Math.exp(-mu) };
}

/**
 * decoyBb84Rates written again from spec §8 and §8.1 (second path): Q = 1 − (1 − Y0)e^(−ηm),
 * EQ = e_d(1 − Y0)(1 − e^(−ηm)) + Y0/2, Y1 = Y0 + η − Y0η, e1 = (Y0/2 + e_d·η)/Y1, q = 1/2; Y0
 * per the dark-count convention, the vacuum term per the key-rate formula.
 */
export function ratesBySpec(link: RatesLink, f: number, model: ModelChoice) {
  const { source: s, fibre, detector: d } = link;
  const etaF = 10 ** ((-fibre.lossDbPerKm * fibre.distanceKm) / 10);
  const eta = etaF * d.efficiency;
  const y0 = model.darkCounts === 'total' ? d.darkCountProb : 1 - (1 - d.darkCountProb) ** 2;
  const gain = (m: number) => 1 - (1 - y0) * Math.exp(-eta * m);
  const errGain = (m: number) => d.misalignment * (1 - y0) * (1 - Math.exp(-eta * m)) + y0 / 2;
  const means: [number, number, number] = [s.signalMean, s.decoyMean, s.vacuumMean];
  const mu = s.signalMean;
  const q = 0.5;
  const gainSignal = gain(mu);
  const qberSignal = errGain(mu) / gainSignal;
  const ec = f * gainSignal * h2(qberSignal);
  const vacuumTerm = model.keyRate === 'Lo-2005';
  const y1 = y0 + eta - y0 * eta;
  const e1 = (y0 / 2 + d.misalignment * eta) / y1;
  const omega = 1 - (1 - (1 + mu) * Math.exp(-mu)) / gainSignal;
  const b = decoyBoundsBySpec(means, means.map(gain), means.map(errGain));
  return {
    eta,
    gainSignal,
    qberSignal,
    singlePhoton: Math.max(0, q * y1 * (1 - h2(e1) - f * h2(e1))),
    gllp:
      omega > 0 && qberSignal / omega < 0.5
        ? Math.max(0, q * (gainSignal * omega * (1 - h2(qberSignal / omega)) - ec))
        : 0,
    decoyInfinite: Math.max(
      0,
      q * ((vacuumTerm ? y0 * Math.exp(-mu) : 0) + y1 * mu * Math.exp(-mu) * (1 - h2(e1)) - ec),
    ),
    decoyPractical:
      b.y1 > 0 ? Math.max(0, q * ((vacuumTerm ? b.q0 : 0) + b.q1 * (1 - h2(b.e1)) - ec)) : 0,
    plob: -Math.log2(1 - eta),
    plobFibre: -Math.log2(1 - etaF),
  };
}
