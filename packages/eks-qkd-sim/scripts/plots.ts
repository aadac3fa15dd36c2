/**
 * Renders the figures of docs/spec/eks-qkd-sim.md as hand-written SVG (no plotting library):
 *   docs/img/qkd-key-rate.svg        key rate vs distance: simulated runs (±1σ) over the analytic
 *                                    curves, the Lim 2014 composable finite key and the PLOB bound
 *   docs/img/qkd-qber-intercept.svg  QBER vs intercepted fraction: simulation (±1σ) and model
 *
 * Run from the repository root: npx tsx packages/eks-qkd-sim/scripts/plots.ts
 * It takes about 10 minutes on one core: every simulated point from 150 km on is one run of 2³²
 * pulses, the most one run takes (about 2 minutes each). Options:
 *   --check-sigma  also compares the propagated error bars with the spread of 16 seeds at 50 km
 *                  and 150 km (about 4.5 more minutes; seed spread / propagated σ was 1.00 and
 *                  0.96 when the figure was rendered)
 *   --quick        caps runs at 2²⁶ pulses, to look at the layout in half a minute (the committed
 *                  figures are rendered without it)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decoyBb84Rates, expectedGainAndQber } from '../src/analytic.js';
import { type DecoyBb84Report, runDecoyBb84 } from '../src/decoy-bb84.js';
import { decoyBounds } from '../src/decoy-estimates.js';
import { binaryEntropy } from '../src/entropy.js';
import { lim2014KeyLength } from '../src/finite-key-lim2014.js';
import {
  LIM_2014_SYSTEM,
  type Lim2014Settings,
  type Lim2014System,
  lim2014ExpectedObservation,
  lim2014OptimalKeyRate,
} from '../src/finite-key-lim2014-model.js';
import {
  DEFAULT_DECOY_SOURCE,
  DEFAULT_DETECTOR,
  type DecoyBb84Link,
  type DecoySource,
} from '../src/physics.js';
import { defaultLink, LOSS_DB_PER_KM } from './default-link.js';
import {
  type Axis,
  caption,
  clampTo,
  f2,
  frame,
  legend,
  M,
  markerWithBar,
  PH,
  PW,
  polyline,
  pow10,
  sub,
  sup,
  sx,
  sy,
} from './svg-plot.js';

const out = join(import.meta.dirname, '..', '..', '..', 'docs', 'img');
const quick = process.argv.includes('--quick');

// ---------------------------------------------------------------- the link of both figures
const link = (km: number, source: DecoySource = DEFAULT_DECOY_SOURCE) =>
  defaultLink(km, { source });
const linkWords = `α = ${LOSS_DB_PER_KM} dB/km, ${sub('η', 'det')} = ${DEFAULT_DETECTOR.efficiency}, ${sub('p', 'd')} = ${pow10(-6)} per detector, ${sub('e', 'd')} = 1.5 %`;

// ---------------------------------------------------------------- key rate: analytic curves
/** Reconciliation efficiency of the analytic and finite-key curves (Cascade's is ≈ 1.03–1.07). */
const F = 1.05;
type Curve = [number, number][];
type AnalyticCurves = Record<
  'plobFibre' | 'plobTotal' | 'single' | 'infinite' | 'practical' | 'gllp',
  Curve
>;

/**
 * Asymptotic rates per signal pulse of decoyBb84Rates under its default model, 'Lo-2005' with
 * 'per-detector' dark counts (spec §8.1), every kilometre. GLLP without decoys is zero at
 * μ = 0.5 beyond a few km, so it is drawn at its best μ.
 */
function analyticCurves(): AnalyticCurves {
  const curves: AnalyticCurves = {
    plobFibre: [],
    plobTotal: [],
    single: [],
    infinite: [],
    practical: [],
    gllp: [],
  };
  for (let d = 0; d <= 200; d += 1) {
    const r = decoyBb84Rates(link(d), F);
    let gllp = 0;
    for (let mu = 0.002; mu <= 0.5; mu *= 1.05) {
      const src = { ...DEFAULT_DECOY_SOURCE, signalMean: mu, decoyMean: mu / 5 };
      gllp = Math.max(gllp, decoyBb84Rates(link(d, src), F).gllp);
    }
    curves.plobFibre.push([d, r.plobFibre]);
    curves.plobTotal.push([d, r.plob]);
    curves.single.push([d, r.singlePhoton]);
    curves.infinite.push([d, r.decoyInfinite]);
    curves.practical.push([d, r.decoyPractical]);
    curves.gllp.push([d, gllp]);
  }
  return curves;
}

// ---------------------------------------------------------------- key rate: Lim 2014 finite key
/** X-basis detections per block: about 2²⁰, the most bits the simulator's Cascade takes. */
const LIM_BLOCK = 1e6;
const LIM_EPS_SEC = 1e-10;
const LIM_EPS_COR = 1e-15;

/**
 * The link of the figure in the fibre model of Lim et al. 2014 (finite-key-lim2014-model.ts):
 * D_k = 1 − (1 − 2p_d)e^(−ηk) and e_k = p_d + e_d(1 − e^(−ηk)) are the simulator's detection
 * and error model to first order in p_d; no after-pulses. μ3 is the paper's 2·10⁻⁴, not the
 * source's ideal 0: the optimiser's search box puts μ2 in (μ3, μ1 − μ3), and with μ3 = 0 its edge
 * reaches μ2 < 10⁻⁶, which the intensity check refuses.
 * κ = ε_sec/n_X makes the optimiser's ε_sec = κ·ℓ at most LIM_EPS_SEC (ℓ < n_X).
 */
const LIM_SYSTEM: Lim2014System = {
  lossDbPerKm: LOSS_DB_PER_KM,
  detectorEfficiency: DEFAULT_DETECTOR.efficiency,
  darkCountProb: DEFAULT_DETECTOR.darkCountProb,
  afterpulseProb: 0,
  misalignment: DEFAULT_DETECTOR.misalignment,
  errorCorrectionEfficiency: F,
  secrecyPerBit: LIM_EPS_SEC / LIM_BLOCK,
  epsCor: LIM_EPS_COR,
  vacuumMean: LIM_2014_SYSTEM.vacuumMean,
  misalignmentTransmittance: 'system',
};

/**
 * ℓ/N at distance d: the settings that lim2014OptimalKeyRate finds (ε_sec = κ·ℓ ≤ 10⁻¹⁰), then
 * ℓ of those settings at ε_sec = 10⁻¹⁰ exactly. Any settings give a secure length, and the
 * optimum at exactly 10⁻¹⁰ is at least this one, so the curve is a lower bound of the optimum.
 */
function limRate(d: number, start?: Lim2014Settings): { rate: number; settings: Lim2014Settings } {
  const { settings } = lim2014OptimalKeyRate(LIM_SYSTEM, d, LIM_BLOCK, start);
  const { observation, pulses } = lim2014ExpectedObservation(LIM_SYSTEM, d, settings, LIM_BLOCK);
  const r = lim2014KeyLength({ ...observation, epsSec: LIM_EPS_SEC });
  return { rate: r.keyLength / pulses, settings };
}

/** The curve every 2 km (each optimisation starts from the last one) and its end by bisection. */
function limCurve(): { curve: Curve; endKm: number } {
  const curve: Curve = [];
  let start: Lim2014Settings | undefined;
  let lastKey = 0;
  for (let d = 0; d <= 200; d += 2) {
    const p = limRate(d, start);
    if (p.rate <= 0) break;
    curve.push([d, p.rate]);
    start = p.settings;
    lastKey = d;
  }
  let [lo, hi] = [lastKey, lastKey + 2];
  while (hi - lo > 0.05) {
    const mid = (lo + hi) / 2;
    if (limRate(mid, start).rate > 0) lo = mid;
    else hi = mid;
  }
  return { curve, endKm: lo };
}

// ---------------------------------------------------------------- key rate: simulated runs
/** Share of the signal sifted bits kept as key: the run discloses 10 % for the QBER sample. */
const KEPT = 0.9;
/** Key block aimed at per run (bits), where 2³² pulses suffice for it. */
const TARGET_KEY_BITS = 2 ** 18;
const MAX_RUN_PULSES = quick ? 2 ** 26 : 2 ** 32;
const SIM_DISTANCES = [0, 25, 50, 75, 100, 125, 150, 175, 190, 200];

/**
 * The counts of one run that its secure length is built from: per intensity [μ, ν, ω],
 * detections out of pulses sent; errors out of the bits they were counted on, [μ, ν, ω, key]:
 * the disclosed signal sample, all decoy and vacuum sifted bits, and the errors Cascade corrected
 * in the key block (Alice and Bob both know them after error correction).
 */
interface RunCounts {
  readonly sent: readonly number[];
  readonly detected: readonly number[];
  readonly errors: readonly number[];
  readonly checked: readonly number[];
  /** Key-block bits per signal detection (sifting and sample), held at the run's value. */
  readonly keyPerDetection: number;
  /** Cascade's leak / (n·h(E_key)), held at the run's value (or leak / n when E_key = 0). */
  readonly efficiency: number;
}

const KEY = 3;

function countsOf(r: DecoyBb84Report): RunCounts {
  const n = r.keyBitsBeforeEc;
  const corrected = r.reconciliation?.correctedErrors ?? 0;
  const leak = r.reconciliation?.leakedBits ?? 0;
  const hKey = binaryEntropy(corrected / n);
  return {
    sent: [r.sent.signal, r.sent.decoy, r.sent.vacuum],
    detected: [r.detected.signal, r.detected.decoy, r.detected.vacuum],
    errors: [r.sampleErrors, r.siftedErrors.decoy, r.siftedErrors.vacuum, corrected],
    checked: [r.sampleSize, r.sifted.decoy, r.sifted.vacuum, n],
    keyPerDetection: n / r.detected.signal,
    efficiency: hKey > 0 ? leak / (n * hKey) : leak / n,
  };
}

/**
 * The run's secure length (spec §4 step 9, asymptotic: n0 + n1·(1 − h(e1ᵁ)) − leak − 64) per
 * signal pulse, divided by the kept share as the spec compares runs with R (§8), as a function
 * of the counts; the leak is f·n·h(E_key) at the run's f.
 */
function secureRate(c: RunCounts, source: DecoySource): number {
  const gain = (k: number) => c.detected[k]! / c.sent[k]!;
  const rate = (k: number) => (c.checked[k]! > 0 ? c.errors[k]! / c.checked[k]! : 0);
  const b = decoyBounds({
    signalMean: source.signalMean,
    decoyMean: source.decoyMean,
    vacuumMean: source.vacuumMean,
    gainSignal: gain(0),
    gainDecoy: gain(1),
    gainVacuum: gain(2),
    errGainSignal: rate(0) * gain(0),
    errGainDecoy: rate(1) * gain(1),
    errGainVacuum: rate(2) * gain(2),
  });
  const n = c.keyPerDetection * c.detected[0]!;
  const hKey = binaryEntropy(rate(KEY));
  const leak = c.efficiency * n * (c.errors[KEY]! > 0 ? hKey : 1);
  const ell = (n / gain(0)) * (b.q0Lower + b.q1Lower * (1 - binaryEntropy(b.e1Upper))) - leak - 64;
  return ell / (c.sent[0]! * KEPT);
}

/**
 * ±1σ of secureRate by linear propagation (delta method) of the binomial fluctuations of the
 * seven counts it reads: detections ~ Bin(sent, Q), errors ~ Bin(checked, E), taken independent,
 * each with variance n·p̃(1 − p̃), p̃ = (k + ½)/(n + 1), which stays above 0 when k = 0 or k = n
 * (a few vacuum errors out of as few sifted bits). The sifting share and Cascade's f are held.
 * `--check-sigma` holds this against the spread of repeated seeds.
 */
function propagatedSigma(c: RunCounts, source: DecoySource): number {
  let variance = 0;
  for (const group of ['detected', 'errors'] as const) {
    for (let k = 0; k < c[group].length; k++) {
      const count = c[group][k]!;
      const trials = group === 'detected' ? c.sent[k]! : c.checked[k]!;
      if (trials === 0) continue;
      const p = (count + 0.5) / (trials + 1);
      const v = trials * p * (1 - p);
      const [lo, hi] = [Math.max(0, count - 0.01 * Math.sqrt(v)), count + 0.01 * Math.sqrt(v)];
      const at = (x: number) => {
        const counts = [...c[group]];
        counts[k] = x;
        return secureRate({ ...c, [group]: counts }, source);
      };
      const slope = (at(hi) - at(lo)) / (hi - lo);
      variance += slope * slope * v;
    }
  }
  return Math.sqrt(variance);
}

interface SimulatedPoint {
  readonly km: number;
  readonly pulses: number;
  /** Final key bits per signal pulse, divided by the kept share (0 when the run made no key). */
  readonly rate: number;
  readonly sigma: number;
  readonly report: DecoyBb84Report;
}

function simulate(km: number, pulses: number, seed: number): SimulatedPoint {
  const report = runDecoyBb84({ link: link(km), pulses, seed }).report;
  const rate = report.finalKeyBits / (report.sent.signal * KEPT);
  const sigma = report.reconciliation ? propagatedSigma(countsOf(report), link(km).source) : 0;
  return { km, pulses, rate, sigma, report };
}

/** Pulses for a TARGET_KEY_BITS key block at the expected signal gain, at most MAX_RUN_PULSES. */
function pulsesFor(km: number): number {
  const q = decoyBb84Rates(link(km)).gainSignal;
  const perPulse = DEFAULT_DECOY_SOURCE.signalProb * q * 0.5 * KEPT;
  return Math.min(MAX_RUN_PULSES, Math.ceil(TARGET_KEY_BITS / perPulse));
}

function simulatedPoints(): SimulatedPoint[] {
  const points: SimulatedPoint[] = [];
  for (const km of SIM_DISTANCES) {
    const t0 = performance.now();
    const p = simulate(km, pulsesFor(km), 1000 + km);
    const r = p.report;
    const check = r.reconciliation ? countsOf(r) : undefined;
    console.log(
      `${km} km: ${p.pulses} pulses, key block ${r.keyBitsBeforeEc} bits, ${r.finalKeyBits} final bits, ` +
        `${p.rate.toExponential(3)} ± ${p.sigma.toExponential(2)} per signal pulse, ` +
        `f = ${r.reconciliation?.efficiency.toFixed(3)}, ${r.abortReason ?? 'key'} ` +
        `(secure length from counts ${check ? (secureRate(check, link(km).source) * r.sent.signal * KEPT).toFixed(1) : '-'}` +
        ` against ${r.secureLength}), ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    points.push(p);
  }
  return points;
}

/**
 * The spread of secureRate over repeated seeds against the mean propagated σ, at a short and a
 * long distance. With k seeds the sample standard deviation is itself uncertain by about
 * 1/√(2(k − 1)) (18 % for 16 seeds), so ratios within about 0.6–1.4 agree.
 */
function checkSigma(): void {
  for (const [km, pulses, seeds] of [
    [50, 2 ** 26, 16],
    [150, 2 ** 29, 16],
  ] as const) {
    const rates: number[] = [];
    const sigmas: number[] = [];
    for (let seed = 0; seed < seeds; seed++) {
      const r = runDecoyBb84({ link: link(km), pulses, seed: 5000 + seed }).report;
      if (!r.reconciliation) continue; // aborted before Cascade: no leak to hold
      const c = countsOf(r);
      rates.push(secureRate(c, link(km).source));
      sigmas.push(propagatedSigma(c, link(km).source));
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    const spread = Math.sqrt(rates.reduce((a, b) => a + (b - mean) ** 2, 0) / (rates.length - 1));
    const sigma = sigmas.reduce((a, b) => a + b, 0) / sigmas.length;
    console.log(
      `σ check at ${km} km, ${pulses} pulses, ${rates.length}/${seeds} seeds reached Cascade: ` +
        `mean ${mean.toExponential(3)}, seed spread ${spread.toExponential(2)}, ` +
        `propagated σ ${sigma.toExponential(2)}, ratio ${(spread / sigma).toFixed(2)}`,
    );
  }
}

// ---------------------------------------------------------------- key rate figure
function renderKeyRate(
  curves: AnalyticCurves,
  lim: ReturnType<typeof limCurve>,
  sim: SimulatedPoint[],
): string {
  const xa: Axis = { min: 0, max: 200, log: false };
  const ya: Axis = { min: -8, max: 0, log: true };
  const px = (c: Curve): [number, number][] =>
    c.filter(([, v]) => v >= 1e-8).map(([d, v]) => [sx(xa, d), sy(ya, Math.min(v, 1))]);
  const s = frame({
    title: `Decoy-state BB84: secret key rate vs fibre length (${linkWords})`,
    xLabel: 'fibre length L (km)',
    yLabel: 'secret key rate (bits per pulse; see caption)',
    xa,
    ya,
    xTicks: [0, 25, 50, 75, 100, 125, 150, 175, 200],
    yTicks: [-8, -7, -6, -5, -4, -3, -2, -1, 0],
    yFmt: (t) => (t === 0 ? '1' : pow10(t)),
    height: 660,
  });
  s.push(polyline(px(curves.plobFibre), '#000000', '6 4'));
  s.push(polyline(px(curves.plobTotal), '#888888', '2 3'));
  s.push(polyline(px(curves.single), '#7b3294'));
  s.push(polyline(px(curves.infinite), '#2166ac'));
  s.push(polyline(px(curves.practical), '#4dac26', '8 3'));
  s.push(polyline(px(curves.gllp), '#d7191c'));
  s.push(polyline(px(lim.curve), '#01665e'));
  for (const p of sim.filter((q) => q.rate > 0)) {
    const x = sx(xa, p.km);
    const lo = sy(ya, clampTo(ya, p.rate - p.sigma));
    const hi = sy(ya, clampTo(ya, p.rate + p.sigma));
    s.push(...markerWithBar(x, sy(ya, p.rate), lo, hi, '#fdae61'));
  }
  s.push(...keyRateLegend(lim.endKm));
  s.push(...caption(keyRateCaption(sim), M.top + PH + 74));
  s.push('</svg>');
  return `${s.join('\n')}\n`;
}

function keyRateLegend(limEndKm: number): string[] {
  const src = DEFAULT_DECOY_SOURCE;
  return legend([
    {
      lines: [`PLOB bound, fibre alone: −log₂(1 − ${sub('η', 'f')})`],
      colour: '#000000',
      dash: '6 4',
    },
    {
      lines: [
        `PLOB at ${sub('η', 'f')}·${sub('η', 'det')} (detector loss`,
        'counted as channel loss)',
      ],
      colour: '#888888',
      dash: '2 3',
    },
    { lines: ['single-photon source'], colour: '#7b3294' },
    { lines: ['decoy, infinite decoys (Lo-2005)'], colour: '#2166ac' },
    {
      lines: [`decoy, ν = ${src.decoyMean}, ω = ${src.vacuumMean} (Lo-2005)`],
      colour: '#4dac26',
      dash: '8 3',
    },
    { lines: ['GLLP without decoys, best μ'], colour: '#d7191c' },
    {
      lines: [
        `Lim 2014 composable finite key,`,
        `${sub('n', 'X')} = ${pow10(6)}, ${sub('ε', 'sec')} = ${pow10(-10)}, ${sub('ε', 'cor')} = ${pow10(-15)},`,
        `per pulse sent; ends at ${limEndKm.toFixed(1)} km`,
      ],
      colour: '#01665e',
    },
    {
      lines: ['simulated run, ±1σ propagated', 'from its binomial counts'],
      colour: '#fdae61',
      marker: true,
    },
  ]);
}

function keyRateCaption(sim: readonly SimulatedPoint[]): string[] {
  const src = DEFAULT_DECOY_SOURCE;
  const last = [...sim].reverse().find((p) => p.rate > 0);
  const none = sim.filter((p) => p.rate <= 0).map((p) => `${p.km} km`);
  const firstCapped = sim.find((p) => p.pulses === MAX_RUN_PULSES);
  return [
    `Source μ = ${src.signalMean}, ν = ${src.decoyMean}, ω = ${src.vacuumMean} chosen with probabilities ${src.signalProb} / ${src.decoyProb} / ${src.vacuumProb}; BB84 with both bases equally likely (q = 1/2).`,
    `Analytic curves (spec §8): asymptotic, per signal pulse, f = ${F}; key-rate formula Lo-2005 (with the vacuum term ${sub('Y', '0')}·${sup('e', '−μ')}), dark counts per detector,`,
    `${sub('Y', '0')} = 1 − (1 − ${sub('p', 'd')})²; decoy bounds of Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005); GLLP: Gottesman, Lo, Lütkenhaus, Preskill, QIC 4, 325 (2004).`,
    `PLOB: Pirandola, Laurenza, Ottaviani, Banchi, Nat. Commun. 8, 15043 (2017), the bound of the channel, at ${sub('η', 'f')} of the fibre alone (dashed); dotted, at ${sub('η', 'f')}·${sub('η', 'det')}.`,
    `Simulated: one run per point (seed 1000 + L), asymptotic estimates, Cascade's own f; rate = final key bits / (0.9 × signal pulses), the 10 % QBER sample removed.`,
    `Runs aim at a 2.6·${pow10(5)}-bit key block and take at most ${quick ? '2²⁶' : '2³²'} pulses (from ${firstCapped?.km ?? '–'} km on); ±1σ: linear propagation of the binomial fluctuations of the`,
    `run's detections and errors per intensity through the decoy bounds (sifting share and leak per bit held). Last key at ${last?.km ?? '–'} km${none.length ? `; no key at ${none.join(', ')}` : ''}.`,
    `Lim et al., PRA 89, 022307 (2014): composable finite key on expected counts of the same fibre and detector (no after-pulses, f = ${F}), ${sub('q', 'X')}, μ, ν and the intensity`,
    `probabilities optimised per distance; rate ℓ/N per pulse sent, all intensities (its biased basis choice is not held to q = 1/2).`,
  ];
}

// ---------------------------------------------------------------- QBER vs intercepted fraction
const QBER_KM = 20;
const QBER_PULSES = 1_500_000;

const attacked = (fraction: number): DecoyBb84Link => ({
  ...link(QBER_KM),
  attack: { kind: 'intercept-resend', fraction },
});

/** φ = 0, 0.1, …, 1: the true QBER of each run's key block and its block size. */
function interceptRuns(): { phi: number; qber: number; bits: number }[] {
  return Array.from({ length: 11 }, (_, i) => {
    const r = runDecoyBb84({
      link: attacked(i / 10),
      pulses: QBER_PULSES,
      seed: 77 + i,
      options: { qberThreshold: 0.5 }, // run on past the abort, to measure the QBER
    }).report;
    return { phi: i / 10, qber: r.trueQber, bits: r.keyBitsBeforeEc };
  });
}

function renderQberIntercept(): string {
  const xa: Axis = { min: 0, max: 1, log: false };
  const ya: Axis = { min: 0, max: 0.3, log: false };
  const s = frame({
    title: `QBER vs fraction of pulses intercepted and resent (L = ${QBER_KM} km, ${linkWords})`,
    xLabel: 'fraction φ of pulses intercepted and resent (dimensionless)',
    yLabel: 'QBER of the sifted signal key (%)',
    xa,
    ya,
    xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
    yFmt: (t) => `${Math.round(t * 100)}`,
    height: 580,
  });
  const thr = f2(sy(ya, 0.11));
  s.push(
    `<line x1="${M.left}" y1="${thr}" x2="${M.left + PW}" y2="${thr}" stroke="#d7191c" stroke-dasharray="5 4"/>`,
  );
  const model: [number, number][] = [];
  for (let i = 0; i <= 100; i++) {
    const l = attacked(i / 100);
    const e = expectedGainAndQber(l.source.signalMean, l.fibre, l.detector, i / 100).qber;
    model.push([sx(xa, i / 100), sy(ya, e)]);
  }
  s.push(polyline(model, '#2166ac'));
  const runs = interceptRuns();
  for (const { phi, qber: e, bits } of runs) {
    const sigma = Math.sqrt((e * (1 - e)) / Math.max(1, bits));
    const [x, lo, hi] = [sx(xa, phi), sy(ya, e - sigma), sy(ya, e + sigma)];
    s.push(...markerWithBar(x, sy(ya, e), lo, hi, '#fdae61', 3));
  }
  s.push(
    ...legend([
      { lines: ['model E(φ) (spec §8), dark counts', 'per detector'], colour: '#2166ac' },
      {
        lines: ['simulated: QBER of the whole key', 'block, ±1σ binomial'],
        colour: '#fdae61',
        marker: true,
      },
      { lines: ['abort threshold 11 %'], colour: '#d7191c', dash: '5 4' },
    ]),
  );
  const bits = runs.map((r) => r.bits);
  s.push(...caption(qberCaption(Math.min(...bits), Math.max(...bits)), M.top + PH + 74));
  s.push('</svg>');
  return `${s.join('\n')}\n`;
}

function qberCaption(minBits: number, maxBits: number): string[] {
  return [
    `Eve, with an ideal detector at Alice's output, measures a fraction φ of the pulses in a random BB84 basis and resends one photon in the basis she chose`,
    `(intercept-resend; Bennett, Brassard 1984). A fully attacked link has E = 1/4 + ${sub('e', 'd')}/2 plus dark counts, far above the 11 % abort threshold.`,
    `Simulated: ${QBER_PULSES.toLocaleString('en')} pulses per point (seed 77 + 10φ), μ = ${DEFAULT_DECOY_SOURCE.signalMean}; the true error rate E of the key block (ground truth,`,
    `n = ${minBits.toLocaleString('en')}–${maxBits.toLocaleString('en')} bits), ±1σ = √(E(1 − E)/n), about the size of the markers; the abort is switched off to measure past it.`,
  ];
}

// ---------------------------------------------------------------- main
const t0 = performance.now();
if (process.argv.includes('--check-sigma')) checkSigma();
writeFileSync(join(out, 'qkd-qber-intercept.svg'), renderQberIntercept());
const curves = analyticCurves();
const lim = limCurve();
console.log(`Lim 2014 finite key (n_X = ${LIM_BLOCK}) ends at ${lim.endKm.toFixed(2)} km`);
const sim = simulatedPoints();
writeFileSync(join(out, 'qkd-key-rate.svg'), renderKeyRate(curves, lim, sim));
console.log(
  `wrote docs/img/qkd-key-rate.svg and docs/img/qkd-qber-intercept.svg in ${((performance.now() - t0) / 60_000).toFixed(1)} min`,
);
