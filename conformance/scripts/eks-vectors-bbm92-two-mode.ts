/**
 * Vectors of BBM92 with a two-mode source (docs/spec/eks-qkd-sim.md §5.1), for
 * bbm92-two-mode.json: the closed form (MFL Eq. 9 for the gain, the correlator form for E(a, b),
 * the QBER and S, Eq. 11 for the rate) and MFL's Eqs. (9)–(11) as printed, both written here
 * again from the spec's formulas; refusals with their field.
 */
import { h2 } from './eks-vectors-decoy-paths.js';
import { assert, refused, type Vector } from './eks-vectors-harness.js';

/**
 * 1 − (1 − y)/(1 + x)², written as −expm1(log1p(−y) − 2·log1p(x)) so that it keeps its relative
 * precision when x and y are small (the spec's form, evaluated without its cancellation).
 */
const noClickComplement = (x: number, y: number) => -Math.expm1(Math.log1p(-y) - 2 * Math.log1p(x));

/**
 * MFL Eq. (9), Q_λ = 1 − (1 − Y0A)/(1 + a)² − (1 − Y0B)/(1 + b)² + (1 − Y0A)(1 − Y0B)/(1 + d)²
 * with a = η_Aλ, b = η_Bλ, d = a + b − η_Aη_Bλ, rearranged so that no term cancels (at 60 dB the
 * four terms cancel to 10⁻⁵ of the largest): with P(no click) α, β per side and γ for both,
 * Q = (1 − α)(1 − β) + (γ − αβ), and since (1 + a)(1 + b) − (1 + d) = η_Aη_Bλ(1 + λ),
 *   γ − αβ = (1 − Y0A)(1 − Y0B)·η_Aη_Bλ(1 + λ)·[(1 + a)(1 + b) + (1 + d)] / [(1 + d)(1 + a)(1 + b)]².
 */
function gainEq9(lambda: number, etaA: number, etaB: number, y0A: number, y0B: number): number {
  const a = etaA * lambda;
  const b = etaB * lambda;
  const d = a + b - etaA * etaB * lambda;
  const product = (1 + a) * (1 + b);
  const covariance =
    ((1 - y0A) * (1 - y0B) * etaA * etaB * lambda * (1 + lambda) * (product + 1 + d)) /
    ((1 + d) * product) ** 2;
  return noClickComplement(a, y0A) * noClickComplement(b, y0B) + covariance;
}

interface TwoModeLink {
  source: { pairMean: number; testProb: number; statistics: 'two-mode' };
  fibreToAlice: { distanceKm: number; lossDbPerKm: number };
  fibreToBob: { distanceKm: number; lossDbPerKm: number };
  detector: {
    efficiency: number;
    darkCountProb: number;
    misalignment: number;
    afterpulseProb: number;
  };
  attack: { kind: 'none' };
}

/** E(a, b)·Q_λ of §5.1 for δ = b − a (degrees): the d_0, d_1, u, w, c form as printed. */
function correlatorGain(link: TwoModeLink, deltaDeg: number): number {
  const lambda = link.source.pairMean / 2;
  const { efficiency, darkCountProb: pd, misalignment: ed } = link.detector;
  const etaA =
    10 ** ((-link.fibreToAlice.lossDbPerKm * link.fibreToAlice.distanceKm) / 10) * efficiency;
  const etaB =
    10 ** ((-link.fibreToBob.lossDbPerKm * link.fibreToBob.distanceKm) / 10) * efficiency;
  const delta = (deltaDeg * Math.PI) / 180;
  const cos2 = Math.cos(delta) ** 2;
  const sin2 = Math.sin(delta) ** 2;
  const u = etaB * ((1 - 2 * ed) * cos2 + ed);
  const w = etaB * ((1 - 2 * ed) * sin2 + ed);
  const c = lambda * lambda * (1 - etaA) * etaB * etaB * (1 - 2 * ed) ** 2 * cos2 * sin2;
  const d0 = (1 + lambda * u) * (1 + lambda * (etaA + (1 - etaA) * w)) - c;
  const d1 = (1 + lambda * w) * (1 + lambda * (etaA + (1 - etaA) * u)) - c;
  const numerator =
    2 * (1 - pd) ** 2 * (1 - 2 * ed) * Math.cos(2 * delta) * etaA * etaB * lambda * (1 + lambda);
  return numerator / (d0 * d1);
}

/** twoModeBbm92Expectation written from §5.1: Q (Eq. 9, Y0 = 1 − (1 − p_d)² per side), E, S, R. */
function twoModeBySpec(link: TwoModeLink, f: number) {
  const lambda = link.source.pairMean / 2;
  const { efficiency, darkCountProb: pd } = link.detector;
  const etaA =
    10 ** ((-link.fibreToAlice.lossDbPerKm * link.fibreToAlice.distanceKm) / 10) * efficiency;
  const etaB =
    10 ** ((-link.fibreToBob.lossDbPerKm * link.fibreToBob.distanceKm) / 10) * efficiency;
  const y0 = pd * (2 - pd);
  const gain = gainEq9(lambda, etaA, etaB, y0, y0);
  const e = (a: number, b: number) => correlatorGain(link, b - a) / gain;
  const correlators = [e(0, 22.5), e(0, 67.5), e(45, 22.5), e(45, 67.5)];
  const qber = (1 - e(0, 0)) / 2;
  const h = h2(qber);
  return {
    coincidenceProb: gain,
    qber,
    chsh: correlators[0]! - correlators[1]! + correlators[2]! + correlators[3]!,
    keyRate: Math.max(0, ((1 - link.source.testProb) / 2) * gain * (1 - h - f * h)),
    correlators,
  };
}

interface MflParameters {
  lambda: number;
  etaA: number;
  etaB: number;
  y0A: number;
  y0B: number;
  misalignment: number;
  f: number;
  q: number;
}

/** MFL Eqs. (9)–(11) as the spec prints them (e0 = 1/2; R clipped at 0). */
function mflBySpec(p: MflParameters) {
  const { lambda: l, etaA, etaB } = p;
  const gain = gainEq9(l, etaA, etaB, p.y0A, p.y0B);
  const correlated =
    (etaA * etaB * l * (1 + l)) /
    ((1 + etaA * l) * (1 + etaB * l) * (1 + etaA * l + etaB * l - etaA * etaB * l));
  const errorGain = 0.5 * gain - 2 * (0.5 - p.misalignment) * correlated; // Eq. (10)
  const qber = errorGain / gain;
  const h = h2(qber);
  return { gain, qber, keyRate: Math.max(0, p.q * gain * (1 - p.f * h - h)) }; // Eq. (11)
}

const link = (
  pairMean: number,
  kmA: number,
  kmB: number,
  detector: Partial<TwoModeLink['detector']> = {},
): TwoModeLink => ({
  source: { pairMean, testProb: 0.25, statistics: 'two-mode' },
  fibreToAlice: { distanceKm: kmA, lossDbPerKm: 0.2 },
  fibreToBob: { distanceKm: kmB, lossDbPerKm: 0.2 },
  detector: {
    efficiency: 0.2,
    darkCountProb: 1e-6,
    misalignment: 0.015,
    afterpulseProb: 0,
    ...detector,
  },
  attack: { kind: 'none' },
});

/** MFL's Table I (η = 14.5 %, e_d = 1.5 %, Y0 = 6.02·10⁻⁶ per side, f = 1.22, q = 1/2), source in the middle. */
const tableI = (mu: number, lossDb: number): MflParameters => {
  const eta = 0.145 * 10 ** (-lossDb / 20);
  return {
    lambda: mu / 2,
    etaA: eta,
    etaB: eta,
    y0A: 6.02e-6,
    y0B: 6.02e-6,
    misalignment: 0.015,
    f: 1.22,
    q: 0.5,
  };
};

/** x rounded up to two significant digits (0 stays 0). */
function roundUp2(x: number): number {
  if (x === 0) return 0;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.ceil(x / unit) * unit).toPrecision(2));
}

/**
 * MFL vectors at a loss near the key's end, one per figure, to 10⁻¹⁰ of Q and of the QBER: there
 * Q_λ ≈ 10⁻⁹ and Eq. (9)'s four terms, as printed, cancel to 10⁻⁵ of the largest, so an
 * evaluation of the printed form keeps about 11 digits (the second path here has no
 * cancellation); an absolute 10⁻¹² would not check Q or R at all. R = q·Q·(1 − (1 + f)·h(E)) is
 * allowed what those 10⁻¹⁰ make of it, q·Q·(1 + f)·h'(E)·10⁻¹⁰·E more: near its end R is a small
 * difference, which magnifies them.
 */
function mflPerField(name: string, parameters: MflParameters): Vector[] {
  const output = mflBySpec(parameters);
  const rel = 1e-10;
  const slope = Math.log2((1 - output.qber) / output.qber); // h'(E)
  const allowed = {
    gain: rel * output.gain,
    qber: rel * output.qber,
    keyRate:
      rel * output.keyRate +
      parameters.q * output.gain * (1 + parameters.f) * slope * rel * output.qber,
  };
  return (['gain', 'qber', 'keyRate'] as const).map((k) => ({
    name: `${name}: ${k}`,
    operation: 'bbm92.maFungLo2007',
    input: { parameters, fields: [k] },
    output: { [k]: output[k] },
    tolerance: roundUp2(allowed[k]),
  }));
}

/** Outputs ≤ 2√2 (probabilities, correlators, S, rates per pulse), as in analytic.json: 10⁻¹². */
const expectation = (name: string, l: TwoModeLink, f: number): Vector => ({
  name,
  operation: 'bbm92.twoModeExpectation',
  input: { link: l, f },
  output: twoModeBySpec(l, f),
  tolerance: 1e-12,
});
const mfl = (name: string, parameters: MflParameters): Vector => ({
  name,
  operation: 'bbm92.maFungLo2007',
  input: { parameters },
  output: mflBySpec(parameters),
  tolerance: 1e-12,
});

/** The closed form at three links, the first one §5.1's μ = 0.1 example. */
function expectationVectors(): Vector[] {
  const back = expectation(
    'μ = 0.1, both arms 0 km, default detector, f = 1.1',
    link(0.1, 0, 0),
    1.1,
  );
  const out = back.output as { qber: number; chsh: number };
  assert(
    Math.abs(out.qber - 0.0498) < 5e-5 && Math.abs(out.chsh - 2.547) < 5e-4,
    '§5.1: 4.98 %, S 2.547',
  );
  return [
    back,
    expectation(
      'μ = 0.05, unequal arms 2 km and 40 km, p_d = 10⁻⁵, e_d = 3 %, f = 1.2',
      link(0.05, 2, 40, { darkCountProb: 1e-5, misalignment: 0.03 }),
      1.2,
    ),
    expectation('μ = 1 (multi-pair regime), 10 km and 10 km, f = 1.1', link(1, 10, 10), 1.1),
  ];
}

/** MFL's Eqs. (9)–(11) at Table I, with §5.1's optimum and end of the key held first. */
function mflVectors(): Vector[] {
  const optimum = mfl("Table I back to back at MFL's optimal μ = 0.1176", tableI(0.1176, 0));
  const best = optimum.output as { keyRate: number; qber: number };
  assert(
    Math.abs(best.keyRate - 4.114e-4) < 5e-8 && Math.abs(best.qber - 0.05738) < 5e-6,
    '§5.1 optimum',
  );
  const end = (db: number) => mflBySpec(tableI(0.053, db)).keyRate;
  assert(end(61.62) > 0 && end(61.64) === 0, '§5.1: the key ends at 61.628 dB for μ = 0.053');
  return [
    optimum,
    mfl('Table I, μ = 0.053 back to back', tableI(0.053, 0)),
    mfl('Table I, μ = 0.053 at 30 dB', tableI(0.053, 30)),
    ...mflPerField('Table I, μ = 0.053 at 61.6 dB, just before the key ends', tableI(0.053, 61.6)),
    ...mflPerField('Table I, μ = 0.053 at 62 dB, past the end: R = 0', tableI(0.053, 62)),
    mfl('unequal sides and backgrounds: η_A = 0.9, η_B = 0.01, Y0A = 10⁻³, Y0B = 0, e_d = 10 %', {
      ...tableI(0.3, 0),
      etaA: 0.9,
      etaB: 0.01,
      y0A: 1e-3,
      y0B: 0,
      misalignment: 0.1,
    }),
  ];
}

function refusalVectors(): Vector[] {
  const withSource = (pairMean: number, statistics: string) => ({
    ...link(0.1, 5, 5),
    source: { pairMean, testProb: 0.25, statistics },
  });
  return [
    refused(
      'an unknown pair statistics is refused',
      'bbm92.run',
      { link: withSource(0.1, 'three-mode'), pulses: 10, seed: 1 },
      'source.statistics',
    ),
    refused(
      'the closed form refuses a pair mean of 0',
      'bbm92.twoModeExpectation',
      { link: withSource(0, 'two-mode'), f: 1.1 },
      'source.pairMean',
    ),
    refused(
      'MFL refuses λ < 0',
      'bbm92.maFungLo2007',
      { parameters: { ...tableI(0.1, 0), lambda: -1 } },
      'parameters.lambda',
    ),
    refused(
      'MFL refuses e_d > 1/2',
      'bbm92.maFungLo2007',
      { parameters: { ...tableI(0.1, 0), misalignment: 0.6 } },
      'parameters.misalignment',
    ),
    refused(
      'MFL refuses a missing parameter object',
      'bbm92.maFungLo2007',
      { parameters: null },
      'parameters.lambda',
    ),
  ];
}

/** Every vector of bbm92-two-mode.json. */
export function bbm92TwoModeVectors(): Vector[] {
  return [...expectationVectors(), ...mflVectors(), ...refusalVectors()];
}
