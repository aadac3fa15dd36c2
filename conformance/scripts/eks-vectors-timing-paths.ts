/**
 * Second path of the time axis, spec §8.4 (docs/spec/eks-qkd-sim.md), written without the
 * package: the Gaussian tail to double precision, the per-slot gate model, the refusal rules of a
 * timing, and the decoy-BB84 rates in bits per second on top of the §8 per-pulse rates
 * (ratesBySpec).
 */
import { type ModelChoice, type RatesLink, ratesBySpec } from './eks-vectors-decoy-paths.js';

/** A LinkTiming as the spec's table names it. */
export interface Timing {
  repetitionRateHz: number;
  deadTimeNs: number;
  jitterPs: number;
  gateWidthPs: number;
}

/**
 * erfc(x) for x ≥ 0 to a few 10⁻¹⁵ relative (checked on a 0.05 grid of [0, 8] against a
 * reference library while this file was written): below 1, 1 − erf(x) from the series of positive
 * terms erf(x) = (2/√π)·e^(−x²)·Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (erfc(1) = 0.157, so the subtraction
 * costs under one digit); from 1 on, Laplace's continued fraction
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail with
 * 400 terms, which keeps its relative precision far into the tail.
 */
function erfcPositive(x: number): number {
  if (x < 1) {
    let term = x;
    let sum = x;
    for (let n = 0; n < 500 && term > sum * 1e-18; n++) {
      term *= (2 * x * x) / (2 * n + 3);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  let tail = x;
  for (let k = 400; k >= 1; k--) tail = x + k / 2 / tail;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / tail;
}

/** erfc on the whole line. */
export function erfcBySpec(x: number): number {
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/** Upper tail of the standard normal, 1 − Φ(z) = erfc(z/√2)/2, exact in the far tail too. */
export const normalTail = (z: number) => erfcBySpec(z / Math.SQRT2) / 2;

/**
 * k = max(0, ⌈τ·R⌉ − 1) exactly, in integers: τ in whole picoseconds times R in whole hertz over
 * 10¹², so that no rounding decides k at τ = m periods (the inputs here are chosen so).
 */
function blockedGatesBySpec(t: Timing): number {
  const tauPs = t.deadTimeNs * 1000;
  if (!Number.isInteger(t.repetitionRateHz) || Math.abs(tauPs - Math.round(tauPs)) > 1e-6) {
    throw new Error('the second path takes dead times in whole ps and rates in whole Hz');
  }
  const product = BigInt(Math.round(tauPs)) * BigInt(t.repetitionRateHz);
  const perSecond = 1_000_000_000_000n;
  const ceiling = (product + perSecond - 1n) / perSecond;
  return Math.max(0, Number(ceiling) - 1);
}

export type GateModel = ReturnType<typeof gateModelBySpec>;

/** The per-slot model of §8.4: T, p_in, p_spill (one neighbour), k, and the far tail. */
export function gateModelBySpec(t: Timing) {
  const periodPs = 1e12 / t.repetitionRateHz;
  const sigma = t.jitterPs;
  const half = t.gateWidthPs / 2;
  const jitter = sigma > 0;
  return {
    periodPs,
    // p_in = erf(w/(2√2σ)) = 1 − erfc(w/(2√2σ))
    inWindowProb: jitter ? 1 - erfcBySpec(half / (Math.SQRT2 * sigma)) : 1,
    // Φ((T + w/2)/σ) − Φ((T − w/2)/σ), written with upper tails so the far tail keeps its digits
    spillProb: jitter
      ? normalTail((periodPs - half) / sigma) - normalTail((periodPs + half) / sigma)
      : 0,
    blockedGates: blockedGatesBySpec(t),
    // 2·Φ(−(2T − w/2)/σ): detections two or more slots away, either side
    farSpillProb: jitter ? 2 * normalTail((2 * periodPs - half) / sigma) : 0,
  };
}

/**
 * Every rule of §8.4 and §10 the timing breaks, by the field it names (empty: the model takes
 * it). A vector that expects a refusal breaks exactly one, so the order of the checks cannot
 * decide the field.
 */
export function timingRefusalsBySpec(t: Timing): string[] {
  const out: string[] = [];
  const within = (v: number, lo: number, hi: number) => Number.isFinite(v) && v >= lo && v <= hi;
  if (!within(t.repetitionRateHz, 1, 1e10)) return ['timing.repetitionRateHz'];
  if (!within(t.deadTimeNs, 0, 1e6)) out.push('timing.deadTimeNs');
  if (!within(t.jitterPs, 0, 1e6)) out.push('timing.jitterPs');
  if (!within(t.gateWidthPs, 1, 1e12 / t.repetitionRateHz)) out.push('timing.gateWidthPs');
  if (out.length > 0) return out;
  const g = gateModelBySpec(t);
  if (g.blockedGates > 1e6) out.push('timing.deadTimeNs');
  if (g.farSpillProb >= 0.01) out.push('timing.jitterPs');
  return out;
}

/** The fixed point of §8.4 step 3, iterated until it no longer moves (not a fixed step count). */
function afterpulseFixedPoint(
  classes: [number, number][],
  etaOpen: number,
  y0: number,
  ySpill: number,
  pAp: number,
) {
  const background = (a: number) => 1 - (1 - y0) * (1 - ySpill) * (1 - a);
  const clicks = (a: number) =>
    classes.reduce((s, [p, m]) => s + p * (1 - (1 - background(a)) * Math.exp(-etaOpen * m)), 0);
  let a = 0;
  for (let i = 0; i < 10_000; i++) {
    const next = clicks(a) * pAp;
    if (next === a) break;
    a = next;
  }
  return { a, c: clicks(a), background: background(a) };
}

/**
 * timedDecoyRates written from §8.4 steps 1–5: the open gate is the §8 link with efficiency
 * η_det·p_in and total background Y0' = 1 − (1 − Y0)(1 − Y_spill)(1 − a); d = 1/(1 + c·k);
 * bits per second = R·d·p_μ·r. Throws with the field where the spec refuses the input.
 */
export function timedRatesBySpec(
  link: RatesLink,
  t: Timing,
  f: number,
  model: ModelChoice,
  g: GateModel = gateModelBySpec(t),
) {
  const refusals = timingRefusalsBySpec(t);
  if (refusals.length > 0) throw new Error(`refused: ${refusals.join(', ')}`);
  const { source: s, detector: det } = link;
  const etaFibre = 10 ** ((-link.fibre.lossDbPerKm * link.fibre.distanceKm) / 10);
  const eta = etaFibre * det.efficiency;
  const classes: [number, number][] = [
    [s.signalProb, s.signalMean],
    [s.decoyProb, s.decoyMean],
    [s.vacuumProb, s.vacuumMean],
  ];
  const dark = classes.reduce((sum, [p, m]) => sum + p * Math.exp(-eta * m * g.spillProb), 0);
  const spillYield = 1 - dark * dark;
  const y0 = model.darkCounts === 'total' ? det.darkCountProb : 1 - (1 - det.darkCountProb) ** 2;
  const fp = afterpulseFixedPoint(
    classes,
    eta * g.inWindowProb,
    y0,
    spillYield,
    det.afterpulseProb,
  );
  if (fp.background > 0.1) throw new Error('refused: timing (background above 0.1)');
  const open = ratesBySpec(
    {
      ...link,
      detector: {
        ...det,
        efficiency: det.efficiency * g.inWindowProb,
        darkCountProb: fp.background,
        afterpulseProb: 0,
      },
    },
    f,
    { keyRate: model.keyRate, darkCounts: 'total' },
  );
  const d = 1 / (1 + fp.c * g.blockedGates);
  const r = t.repetitionRateHz;
  const perSlot = d * s.signalProb * open.decoyPractical;
  return {
    repetitionRateHz: r,
    inWindowProb: g.inWindowProb,
    spillProb: g.spillProb,
    blockedGates: g.blockedGates,
    spillYield,
    afterpulseYield: fp.a,
    backgroundYield: fp.background,
    clickProbPerOpenGate: fp.c,
    openGateFraction: d,
    detectionsPerSecond: r * d * fp.c,
    gainSignal: open.gainSignal,
    qberSignal: open.qberSignal,
    secretBitsPerPulse: perSlot,
    secretBitsPerSecond: r * perSlot,
    infiniteDecoyBitsPerSecond: r * d * s.signalProb * open.decoyInfinite,
    plobFibreBitsPerSecond: r * -Math.log2(1 - etaFibre),
  };
}

/**
 * The package's Φ rests on an erfc of documented fractional error below 1.2·10⁻⁷ (spec §8.4,
 * tests; Numerical Recipes' erfcc), so its p_in and p_spill may differ from the exact ones.
 */
export const ERFC_FRACTIONAL_ERROR = 1.2e-7;

/**
 * How far each figure of timedRatesBySpec can move when p_in and p_spill move by what that
 * error allows: |ΔΦ(x)| ≤ ε·(1 − Φ(|x|)), so |Δp_in| ≤ ε·(1 − p_in) and
 * |Δp_spill| ≤ ε·(tail at (T − w/2)/σ + tail at (T + w/2)/σ). The figures are monotone in each
 * to first order, so the four corners bound the move. 0 for every figure without jitter.
 */
export function erfcAllowance(link: RatesLink, t: Timing, f: number, model: ModelChoice) {
  const g = gateModelBySpec(t);
  const exact = timedRatesBySpec(link, t, f, model, g);
  const allowance = Object.fromEntries(Object.keys(exact).map((k) => [k, 0])) as Record<
    keyof typeof exact,
    number
  >;
  if (t.jitterPs === 0) return allowance;
  const half = t.gateWidthPs / 2;
  const dIn = ERFC_FRACTIONAL_ERROR * (1 - g.inWindowProb);
  const dSpill =
    ERFC_FRACTIONAL_ERROR *
    (normalTail((g.periodPs - half) / t.jitterPs) + normalTail((g.periodPs + half) / t.jitterPs));
  for (const sIn of [-1, 1]) {
    for (const sSpill of [-1, 1]) {
      const moved = {
        ...g,
        inWindowProb: g.inWindowProb + sIn * dIn,
        spillProb: Math.max(0, g.spillProb + sSpill * dSpill),
      };
      const r = timedRatesBySpec(link, t, f, model, moved);
      for (const k of Object.keys(exact) as (keyof typeof exact)[]) {
        allowance[k] = Math.max(allowance[k], Math.abs(r[k] - exact[k]));
      }
    }
  }
  return allowance;
}
