/**
 * Vectors of the attacks' expected values (docs/spec/eks-qkd-sim.md §3.2), for attacks.json:
 * expectedUnderAttack and losslessResendClickProb against the second path of
 * eks-vectors-attack-paths.ts, the spec's quoted figures held against that path, and the refused
 * option values with their field.
 */
import {
  type AttackLink,
  type AttackSpec,
  attackBySpec,
  multiPhotonDetection,
  resendClickProb,
} from './eks-vectors-attack-paths.js';
import { defaultLink, h2 } from './eks-vectors-decoy-paths.js';
import { assert, refused, type Vector } from './eks-vectors-harness.js';

const at = (km: number, attack: AttackSpec, signalMean = 0.5): AttackLink => ({
  ...defaultLink,
  source: { ...defaultLink.source, signalMean, decoyMean: signalMean / 5 },
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  attack,
});
/** The four attack options of §3.2 at strength φ. */
const OPTIONS = (phi: number): [string, AttackSpec][] => [
  ['intercept-resend over the fibre', { kind: 'intercept-resend', fraction: phi, line: 'fibre' }],
  [
    'intercept-resend over a lossless line',
    { kind: 'intercept-resend', fraction: phi, line: 'lossless' },
  ],
  ['PNS into the detector as it is (bob)', { kind: 'pns', fraction: phi, efficiency: 'bob' }],
  ['PNS with the efficiency set by Eve (eve)', { kind: 'pns', fraction: phi, efficiency: 'eve' }],
];
const F = 1.05; // the f of the spec's attack-detection figures

/**
 * Outputs are gains, shares and bounds ≤ 1, as in analytic.json: 10⁻¹² absolute. `f` and
 * `qberThreshold` left undefined stay out of the input: the package's defaults 1 and 0.11.
 */
function expectedVector(
  name: string,
  link: AttackLink,
  f?: number,
  qberThreshold?: number,
): Vector {
  return {
    name,
    operation: 'attack.expected',
    input: {
      link,
      ...(f === undefined ? {} : { f }),
      ...(qberThreshold === undefined ? {} : { qberThreshold }),
    },
    output: attackBySpec(link, f ?? 1, qberThreshold ?? 0.11),
    tolerance: 1e-12,
  };
}

function expectedVectors(): Vector[] {
  const vectors = [
    expectedVector(
      'no attack at 25 km (f = 1.05): the honest expectation',
      at(25, { kind: 'none' }),
      F,
    ),
    ...OPTIONS(0.5).map(([label, a]) =>
      expectedVector(`${label}, φ = 0.5, 25 km, f = 1.05`, at(25, a), F),
    ),
    ...OPTIONS(1).map(([label, a]) =>
      expectedVector(`${label}, φ = 1, 25 km, f = 1.05: aborts`, at(25, a), F),
    ),
    expectedVector(
      'intercept-resend over the fibre, φ = 0.2 (below φ* = 0.254): a key is kept',
      at(25, { kind: 'intercept-resend', fraction: 0.2 }),
      F,
    ),
    expectedVector(
      'intercept-resend over the fibre, φ = 0.5 with a QBER threshold of 0.2: no key instead of a QBER abort',
      at(25, { kind: 'intercept-resend', fraction: 0.5 }),
      F,
      0.2,
    ),
    expectedVector(
      'PNS with no efficiency named (bob) at 50 km, φ = 0.5, f and the threshold left to their defaults',
      at(50, { kind: 'pns', fraction: 0.5 }),
    ),
  ];
  const shifted = (ratio: number, phi: number, assignment?: 'fixed' | 'random') => {
    const link = at(25, { kind: 'time-shift', fraction: phi, ratio });
    return { ...link, detector: { ...link.detector, assignment } };
  };
  vectors.push(
    expectedVector(
      'time shift, ratio 0.25, φ = 1, 25 km, fixed assignment left out: no abort, guesses right 79 %',
      shifted(0.25, 1),
      F,
    ),
    expectedVector(
      'time shift, ratio 0.05, φ = 1, 25 km, fixed assignment: no abort, Eve’s information above the PA share',
      shifted(0.05, 1, 'fixed'),
      F,
    ),
    expectedVector(
      'time shift, ratio 0.05, φ = 1, 25 km, random assignment: guesses are coins',
      shifted(0.05, 1, 'random'),
      F,
    ),
    expectedVector(
      'time shift, ratio 0.1, φ = 0.5, 25 km, fixed assignment, f and the threshold left to their defaults',
      shifted(0.1, 0.5, 'fixed'),
    ),
  );
  const abort = (i: number) => (vectors[i]!.output as { abortReason: string | null }).abortReason;
  assert(
    [12, 13, 14, 15].every((i) => abort(i) === null),
    'a time shift is never caught',
  );
  const guess = (i: number) =>
    (vectors[i]!.output as { signal: { eveGuess: { share: number; right: number } } }).signal
      .eveGuess;
  const paShare = (i: number) => (vectors[i]!.output as { paShare: number }).paShare;
  const information = (i: number) => guess(i).share * (1 - h2(guess(i).right));
  assert(information(13) > paShare(13) && information(12) < paShare(12), 'ρ* lies between');
  assert(guess(14).right === 0.5, 'random assignment: coins');
  assert(abort(0) === null && abort(3) === null && abort(4) === null, 'PNS at φ = 0.5 keeps a key');
  assert(abort(5) === 'QBER_ABOVE_THRESHOLD' && abort(6) === 'QBER_ABOVE_THRESHOLD', 'IR caught');
  assert(abort(7) === 'DECOY_INCONSISTENT' && abort(8) === 'DECOY_INCONSISTENT', 'PNS caught');
  assert(abort(9) === null && abort(10) === 'NO_SECURE_KEY', 'below φ*; threshold moved');
  return vectors;
}

/** t = min(η_det, (1 − e^(−μη))/(1 − e^(−μ))): capped below 4.32 km, matched beyond. */
function resendVectors(): Vector[] {
  return [2, 4, 5, 25, 100].map((km) => {
    const link = at(km, { kind: 'intercept-resend', fraction: 1, line: 'lossless' });
    const t = resendClickProb(link);
    return {
      name: `lossless resend click probability at ${km} km (μ = 0.5, η_det = 0.2)${t === 0.2 ? ': capped at η_det' : ''}`,
      operation: 'attack.losslessResendClickProb',
      input: { link },
      output: t,
      tolerance: 1e-15,
    };
  });
}

/** Largest φ (bisection) at which the second path still keeps a key. */
function keyEnds(km: number, attack: (phi: number) => AttackSpec): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (attackBySpec(at(km, attack(mid)), F, 0.5).abortReason === null) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Distance beyond which PNS reaches the honest signal gain: G(μ, cap) ≥ 1 − e^(−μη). */
function pnsReach(mu: number, cap: number): number {
  let lo = 0;
  let hi = 200;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const eta = 10 ** (-0.02 * mid) * 0.2;
    if (multiPhotonDetection(mu, cap) >= 1 - Math.exp(-mu * eta)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The figures §3.2 quotes, held against the second path (to the digits quoted). */
function checkQuotedFigures(): void {
  const near = (x: number, quoted: number, digits: number) =>
    Math.abs(x - quoted) <= 0.5 * 10 ** -digits + 1e-12;
  const honest = attackBySpec(at(25, { kind: 'none' }), 1, 0.11);
  const ratio = (a: AttackSpec, cls: 'signal' | 'decoy') =>
    attackBySpec(at(25, a), 1, 0.11)[cls].gain / honest[cls].gain;
  assert(near(ratio({ kind: 'intercept-resend', fraction: 1 }, 'signal'), 0.8, 2), '0.80×');
  const lossless: AttackSpec = { kind: 'intercept-resend', fraction: 1, line: 'lossless' };
  assert(near(ratio(lossless, 'decoy'), 1.19, 2), 'lossless decoy gain 1.19×');
  assert(near(ratio(lossless, 'signal'), 1, 12), 'lossless keeps the signal gain');
  assert(near(ratio({ kind: 'pns', fraction: 1, efficiency: 'eve' }, 'decoy'), 0.23, 2), '0.23×');
  assert(near(ratio({ kind: 'pns', fraction: 1, efficiency: 'bob' }, 'signal'), 0.66, 2), '0.66×');
  const crossover = (-10 * Math.log10(-Math.log(1 - (1 - Math.exp(-0.5)) * 0.2) / 0.1)) / 0.2;
  assert(near(crossover, 4.32, 2), 'the lossless resend is capped below 4.32 km');
  assert(near(pnsReach(0.5, 0.2), 34.1, 1) && near(pnsReach(0.5, 1), 1.22, 2), 'PNS reach μ = 0.5');
  assert(near(pnsReach(0.1, 0.2), 65.9, 1) && near(pnsReach(0.1, 1), 31.5, 1), 'PNS reach μ = 0.1');
  const ir = (line: 'fibre' | 'lossless') => (phi: number) =>
    ({ kind: 'intercept-resend', fraction: phi, line }) as AttackSpec;
  const pns = (efficiency: 'bob' | 'eve') => (phi: number) =>
    ({ kind: 'pns', fraction: phi, efficiency }) as AttackSpec;
  assert(near(keyEnds(25, ir('fibre')), 0.254, 3), 'φ* fibre resend');
  assert(near(keyEnds(25, ir('lossless')), 0.214, 3), 'φ* lossless resend');
  assert(near(keyEnds(50, pns('bob')), 0.682, 3), "φ* PNS 'bob' at 50 km");
  assert(near(keyEnds(25, pns('eve')), 0.692, 3), "φ* PNS 'eve'");
  // ρ*: the ratio below which a time shift at φ = 1 leaks more than the PA share (25 km).
  const excess = (ratio: number) => {
    const e = attackBySpec(at(25, { kind: 'time-shift', fraction: 1, ratio }), F, 0.11);
    const g = (e.signal as { eveGuess: { share: number; right: number } }).eveGuess;
    return g.share * (1 - h2(g.right)) - e.paShare;
  };
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (excess(mid) > 0) lo = mid;
    else hi = mid;
  }
  assert(near(lo, 0.117, 3), 'ρ* of the time shift at 25 km');
  const shift = (ratio: number): AttackSpec => ({ kind: 'time-shift', fraction: 1, ratio });
  assert(near(ratio(shift(0.25), 'signal'), 0.63, 2), 'time shift ρ = 0.25: gain 0.63×');
  const right = (r: number) =>
    (attackBySpec(at(25, shift(r)), F, 0.11).signal as { eveGuess: { right: number } }).eveGuess
      .right;
  assert(near(right(0.25), 0.789, 3) && near(right(0.05), 0.938, 3), 'time shift: P quoted');
}

/** Every vector of attacks.json. */
export function attackVectors(): Vector[] {
  checkQuotedFigures();
  const bad = (attack: Record<string, unknown>) => ({
    link: { ...at(25, { kind: 'none' }), attack },
    f: F,
  });
  return [
    ...expectedVectors(),
    ...resendVectors(),
    refused(
      'an unknown intercept-resend line is refused',
      'attack.expected',
      bad({ kind: 'intercept-resend', fraction: 0.5, line: 'free-space' }),
      'attack.line',
    ),
    refused(
      'an unknown PNS efficiency is refused',
      'attack.expected',
      bad({ kind: 'pns', fraction: 0.5, efficiency: 'alice' }),
      'attack.efficiency',
    ),
    refused(
      'option names are exact (Lossless is unknown)',
      'attack.expected',
      bad({ kind: 'intercept-resend', fraction: 0.5, line: 'Lossless' }),
      'attack.line',
    ),
    refused(
      'a time shift needs a ratio in [0, 1]',
      'attack.expected',
      bad({ kind: 'time-shift', fraction: 1, ratio: 1.25 }),
      'attack.ratio',
    ),
    refused(
      'a detector assignment is fixed or random',
      'attack.expected',
      {
        link: {
          ...at(25, { kind: 'time-shift', fraction: 1, ratio: 0.5 }),
          detector: { ...defaultLink.detector, assignment: 'swapped' },
        },
        f: F,
      },
      'detector.assignment',
    ),
    refused(
      'a run refuses an unknown PNS efficiency before any pulse',
      'bb84.run',
      { link: bad({ kind: 'pns', fraction: 1, efficiency: 'eve ' }).link, pulses: 10, seed: 1 },
      'attack.efficiency',
    ),
  ];
}
