/**
 * Vectors of the time axis (docs/spec/eks-qkd-sim.md §8.4 and §3.4), for time-axis.json. The
 * rates, gate models and refusal fields come from the second path of eks-vectors-timing-paths.ts;
 * the one timed simulation is a regression vector (a simulation has no second path), checked
 * against the §8.4 click rate before it is written.
 */
import {
  defaultLink,
  type ModelChoice,
  type RatesLink,
  ratesBySpec,
} from './eks-vectors-decoy-paths.js';
import { assert, refused, regression, type Vector } from './eks-vectors-harness.js';
import {
  ERFC_FRACTIONAL_ERROR,
  erfcAllowance,
  gateModelBySpec,
  normalTail,
  type Timing,
  timedRatesBySpec,
  timingRefusalsBySpec,
} from './eks-vectors-timing-paths.js';

const DEFAULT_MODEL: ModelChoice = { keyRate: 'Lo-2005', darkCounts: 'per-detector' };

/** GHZ_GATED_TIMING as §8.4 gives it: 1 GHz, 100 ns dead time, 30 ps jitter, 100 ps windows. */
export const GHZ_TIMING: Timing = {
  repetitionRateHz: 1e9,
  deadTimeNs: 100,
  jitterPs: 30,
  gateWidthPs: 100,
};

const at = (km: number, detector: Partial<RatesLink['detector']> = {}): RatesLink => ({
  ...defaultLink,
  fibre: { distanceKm: km, lossDbPerKm: 0.2 },
  detector: { ...defaultLink.detector, ...detector },
});

/**
 * The figures of a TimedRates in three vectors of one magnitude each, so that one absolute
 * tolerance fits all of a vector: the gate model, clicks and gain (fractions up to 1), the small
 * per-slot yields and the key per slot (10⁻⁶ … 10⁻³ here), and the per-second figures (up to 10⁹).
 */
const FIELD_GROUPS = [
  {
    label: 'gate model, clicks and gain per open gate',
    fields: [
      'inWindowProb',
      'spillProb',
      'blockedGates',
      'openGateFraction',
      'clickProbPerOpenGate',
      'gainSignal',
      'qberSignal',
    ],
  },
  {
    label: 'background yields and secret bits per slot',
    fields: ['spillYield', 'afterpulseYield', 'backgroundYield', 'secretBitsPerPulse'],
  },
  {
    label: 'per second',
    fields: [
      'repetitionRateHz',
      'detectionsPerSecond',
      'secretBitsPerSecond',
      'infiniteDecoyBitsPerSecond',
      'plobFibreBitsPerSecond',
    ],
  },
] as const;

/** x rounded up to two significant digits, so that tolerances read as round numbers. */
function roundUp2(x: number): number {
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Number((Math.ceil(x / unit) * unit).toPrecision(2));
}

/**
 * timedDecoyRates vectors for one link and timing (`model` absent: the input leaves it out, and
 * the default model is expected). Tolerance of a vector: 10⁻¹² of its largest figure (the
 * analytic vectors' precision), or, with jitter, twice the largest move the package's documented
 * erfc error allows in any of its figures (erfcAllowance), if that is more.
 */
function timedVectors(
  name: string,
  link: RatesLink,
  timing: Timing,
  f: number,
  model?: ModelChoice,
): Vector[] {
  const expected = timedRatesBySpec(link, timing, f, model ?? DEFAULT_MODEL);
  const allowance = erfcAllowance(link, timing, f, model ?? DEFAULT_MODEL);
  const covered = FIELD_GROUPS.flatMap((g) => g.fields as readonly string[]);
  assert(
    covered.length === Object.keys(expected).length &&
      Object.keys(expected).every((k) => covered.includes(k)),
    'the groups cover every figure once',
  );
  return FIELD_GROUPS.map(({ label, fields }) => {
    const pick = <T>(of: Record<string, T>) => Object.fromEntries(fields.map((k) => [k, of[k]!]));
    const output = pick(expected as unknown as Record<string, number>);
    const largest = Math.max(1, ...Object.values(output).map(Math.abs));
    const moved = Math.max(...Object.values(pick(allowance as Record<string, number>)));
    const tolerance = roundUp2(Math.max(1e-12 * largest, 2 * moved));
    const why =
      moved > 0
        ? `tolerance ${tolerance}: twice the move of these figures when p_in and p_spill move by the package's documented erfc error (${ERFC_FRACTIONAL_ERROR} fractional)`
        : `tolerance ${tolerance}: 10⁻¹² of the largest figure (no jitter: no erfc)`;
    return {
      name: `${name}: ${label}`,
      description: `Second path: spec §8.4 steps 1–5 on the §8 rates, with an erfc exact to 10⁻¹⁴; ${why}.`,
      operation: 'analytic.timedDecoyRates',
      input: { link, timing, f, ...(model ? { model } : {}), fields: [...fields] },
      output,
      tolerance,
    };
  });
}

/** The per-slot model of one timing, with the tolerance its erfc error allows. */
function gateVector(name: string, timing: Timing): Vector {
  const g = gateModelBySpec(timing);
  assert(timingRefusalsBySpec(timing).length === 0, `${name}: the model takes the timing`);
  // |Δp_in| ≤ ε·(1 − p_in), |Δp_spill| ≤ ε·(both tails): see erfcAllowance.
  const half = timing.gateWidthPs / 2;
  const sigma = timing.jitterPs;
  const tails =
    sigma === 0
      ? 0
      : normalTail((g.periodPs - half) / sigma) + normalTail((g.periodPs + half) / sigma);
  const moved = sigma === 0 ? 0 : ERFC_FRACTIONAL_ERROR * Math.max(1 - g.inWindowProb, tails);
  return {
    name,
    description: `Second path: spec §8.4's p_in, p_spill (erfc exact to 10⁻¹⁴) and k (in integers); ${
      moved > 0
        ? "tolerance twice the move the package's documented erfc error allows"
        : 'no jitter: 10⁻¹² of the period'
    }.`,
    operation: 'timing.gateModel',
    input: { timing },
    output: {
      periodPs: g.periodPs,
      inWindowProb: g.inWindowProb,
      spillProb: g.spillProb,
      blockedGates: g.blockedGates,
    },
    tolerance: roundUp2(Math.max(1e-12 * g.periodPs, 2 * moved)),
  };
}

function gateModelVectors(): Vector[] {
  const ns = (deadTimeNs: number, repetitionRateHz = 1e9) => ({
    repetitionRateHz,
    deadTimeNs,
    jitterPs: 0,
    gateWidthPs: 1e12 / repetitionRateHz,
  });
  const window = (jitterPs: number, gateWidthPs: number) => ({
    repetitionRateHz: 1e9,
    deadTimeNs: 0,
    jitterPs,
    gateWidthPs,
  });
  const vectors = [
    gateVector(
      'GHZ_GATED_TIMING: p_in = erf(50/(30√2)), τ = 100 periods shuts 99 gates',
      GHZ_TIMING,
    ),
    gateVector('w = 2σ: p_in = erf(1/√2) = 68.27 %', window(50, 100)),
    gateVector('w = 4σ: p_in = erf(√2) = 95.45 %', window(25, 100)),
    gateVector(
      'σ = 300 ps on 1 ns windows at 1 GHz: 4.8 % spill to each neighbour',
      window(300, 1000),
    ),
    gateVector('far tail 0.93 % (σ = 750 ps, w = 100 ps, 1 GHz): accepted', window(750, 100)),
    gateVector('τ = 0.5 ns < T: no gate shut', ns(0.5)),
    gateVector('τ = 100.5 ns at 1 GHz: ⌈100.5⌉ − 1 = 100 gates', ns(100.5)),
    gateVector('2.5 GHz, τ = 50 ns: 124 gates (the §3.4 test link)', ns(50, 2.5e9)),
    gateVector('10 GHz, τ = 100 000.1 ns: k = 10⁶, the most accepted', ns(100_000.1, 1e10)),
    gateVector('1 Hz, a window of the whole second', ns(0, 1)),
  ];
  const far = gateModelBySpec(window(750, 100)).farSpillProb;
  assert(far > 0.009 && far < 0.01, 'σ = 750 ps is just inside the far-tail rule');
  const k = (v: Vector) => (v.output as { blockedGates: number }).blockedGates;
  assert(k(vectors[0]!) === 99 && k(vectors[6]!) === 100 && k(vectors[7]!) === 124, 'k by hand');
  assert(k(vectors[8]!) === 1_000_000, 'k = 10⁶ at the edge');
  return vectors;
}

function timedRateVectors(): Vector[] {
  const withAfterpulses = (km: number) => at(km, { afterpulseProb: 0.01 });
  const clockOnly: Timing = {
    repetitionRateHz: 1e6,
    deadTimeNs: 0,
    jitterPs: 0,
    gateWidthPs: 1e6,
  };
  const clock = timedRatesBySpec(at(50), clockOnly, 1.1, DEFAULT_MODEL);
  // §8.4: with only the clock modelled, bits/s = R·p_μ·r, r the §8 rate of the same link.
  const r = ratesBySpec(at(50), 1.1, DEFAULT_MODEL).decoyPractical;
  const relative = Math.abs(clock.secretBitsPerSecond / (1e6 * 0.8 * r) - 1);
  assert(relative < 1e-12, 'clock only: R·p_μ·r of §8');
  return [
    ...[10, 50, 100].flatMap((km) =>
      timedVectors(
        `GHZ_GATED_TIMING, 1 % after-pulsing, ${km} km, f = 1.1`,
        withAfterpulses(km),
        GHZ_TIMING,
        1.1,
        DEFAULT_MODEL,
      ),
    ),
    ...timedVectors(
      'jitter with spill: σ = 300 ps on 1 ns windows at 1 GHz, 25 km, f = 1.1',
      at(25),
      { repetitionRateHz: 1e9, deadTimeNs: 0, jitterPs: 300, gateWidthPs: 1000 },
      1.1,
    ),
    ...timedVectors(
      'the §3.4 test link: 2.5 GHz, 50 ns (124 gates), σ = 120 ps on 100 ps, 2 % after-pulsing, 25 km',
      at(25, { afterpulseProb: 0.02 }),
      { repetitionRateHz: 2.5e9, deadTimeNs: 50, jitterPs: 120, gateWidthPs: 100 },
      1.1,
    ),
    ...timedVectors(
      'dead time heavy: 10 µs at 1 GHz (9 999 gates shut per click), 10 km, f = 1.1',
      at(10),
      { repetitionRateHz: 1e9, deadTimeNs: 10_000, jitterPs: 0, gateWidthPs: 1000 },
      1.1,
    ),
    ...timedVectors(
      'clock only: 1 MHz, window = slot, 50 km, f = 1.1, no model named (the default)',
      at(50),
      clockOnly,
      1.1,
    ),
    ...timedVectors(
      'GHZ_GATED_TIMING under GLLP/Ma-2005 with total Y0, 50 km, f = 1.22',
      at(50, { afterpulseProb: 0.01 }),
      GHZ_TIMING,
      1.22,
      { keyRate: 'GLLP/Ma-2005', darkCounts: 'total' },
    ),
  ];
}

/** A refused timing: the second path must find exactly the one broken rule the vector names. */
function refusedTiming(name: string, timing: Timing, link: RatesLink = at(25)): Vector {
  const broken = timingRefusalsBySpec(timing);
  assert(broken.length === 1, `${name}: exactly one rule broken (${broken.join(', ')})`);
  return refused(name, 'analytic.timedDecoyRates', { link, timing, f: 1.1 }, broken[0]!);
}

/** A timing the rules take whose background per gate the second path finds above 0.1. */
function refusedBackground(name: string, link: RatesLink, timing: Timing): Vector {
  let message = '';
  try {
    timedRatesBySpec(link, timing, 1.1, DEFAULT_MODEL);
  } catch (e) {
    message = (e as Error).message;
  }
  assert(message.startsWith('refused: timing (background'), `${name}: background above 0.1`);
  return refused(name, 'analytic.timedDecoyRates', { link, timing, f: 1.1 }, 'timing');
}

function timingRefusals(): Vector[] {
  const t = (
    repetitionRateHz: number,
    deadTimeNs: number,
    jitterPs: number,
    gateWidthPs: number,
  ) => ({
    repetitionRateHz,
    deadTimeNs,
    jitterPs,
    gateWidthPs,
  });
  const bright: RatesLink = {
    ...defaultLink,
    source: { ...defaultLink.source, signalMean: 2, decoyMean: 0.5 },
    fibre: { distanceKm: 0, lossDbPerKm: 0.2 },
    detector: { ...defaultLink.detector, efficiency: 1 },
  };
  return [
    refusedTiming('a repetition rate below 1 Hz', t(0.5, 0, 0, 1e12)),
    refusedTiming('a repetition rate above 10 GHz', t(2e10, 0, 0, 50)),
    refusedTiming('a window wider than the slot (1 001 ps at 1 GHz)', t(1e9, 0, 0, 1001)),
    refusedTiming('a window narrower than 1 ps', t(1e9, 0, 0, 0.5)),
    refusedTiming(
      'jitter putting 1.03 % two slots away (σ = 760 ps, w = 100 ps, 1 GHz)',
      t(1e9, 0, 760, 100),
    ),
    refusedTiming('jitter above 10⁶ ps', t(1, 0, 2e6, 1e12)),
    refusedTiming(
      'a dead time shutting 10⁶ + 1 gates (100 000.2 ns at 10 GHz)',
      t(1e10, 100_000.2, 0, 100),
    ),
    refusedTiming('a dead time above 10⁶ ns', t(1e3, 2e6, 0, 1e9)),
    refusedBackground(
      'neighbours spilling a background above 0.1 (μ = 2, 0 km, σ = 580 ps on 1 ns)',
      bright,
      t(1e9, 0, 580, 1000),
    ),
    refusedBackground(
      'after-pulses making a background above 0.1 (p_ap = 0.5, μ = 2, 0 km)',
      { ...bright, detector: { ...bright.detector, afterpulseProb: 0.5 } },
      t(1e9, 0, 0, 1000),
    ),
    // Not in §8.4: the package also refuses a window that catches almost no photon (η_det·p_in < 10⁻⁶).
    refused(
      'a window catching almost no photon (1 ps in σ = 1 µs: η_det·p_in ≈ 8·10⁻⁸)',
      'analytic.timedDecoyRates',
      { link: at(25), timing: t(1e3, 0, 1e6, 1), f: 1.1 },
      'timing.gateWidthPs',
    ),
    refused(
      'a run refuses a link whose timing has a window wider than its slot',
      'bb84.run',
      { link: { ...at(25), timing: t(1e9, 0, 0, 1001) }, pulses: 10, seed: 1 },
      'timing.gateWidthPs',
    ),
  ];
}

function poolVectors(): Vector[] {
  const fill = (name: string, bits: number, bitsPerSecond: number, output: number | null) => ({
    name,
    operation: 'timing.timeToFillPool',
    input: { bits, bitsPerSecond },
    output,
  });
  const ghz50 = timedRatesBySpec(at(50, { afterpulseProb: 0.01 }), GHZ_TIMING, 1.1, DEFAULT_MODEL);
  const mib = 8 * 2 ** 20;
  return [
    fill('an empty pool is full at once', 0, 0, 0),
    fill('a link without key never fills a pool (∞, written null)', 1e6, 0, null),
    fill('1 MiB at 10⁵ bit/s', mib, 1e5, mib / 1e5),
    {
      ...fill(
        '1 MiB at the GHZ_GATED_TIMING rate at 50 km',
        mib,
        Math.round(ghz50.secretBitsPerSecond),
        mib / Math.round(ghz50.secretBitsPerSecond),
      ),
      tolerance: 1e-12,
    },
    refused(
      'a negative pool size',
      'timing.timeToFillPool',
      { bits: -1, bitsPerSecond: 1 },
      'bits',
    ),
    refused(
      'a negative rate',
      'timing.timeToFillPool',
      { bits: 1, bitsPerSecond: -1 },
      'bitsPerSecond',
    ),
  ];
}

/**
 * §3.4 in the simulator: a clock-only timing leaves a run byte for byte as without one, so those
 * vectors expect the pinned no-timing run; a run on GHZ_GATED_TIMING is pinned as a regression
 * (no second path for a simulation), after its click count is held to §8.4's R·d·c per slot.
 */
async function simulationVectors(pinned: Vector): Promise<Vector[]> {
  const input = pinned.input as { link: RatesLink; pulses: number; seed: number };
  const clockOnly = (gateWidthPs: number) => ({
    name: `clock only (1 GHz, ${gateWidthPs} ps windows, no jitter, no dead time): the pinned run without a timing`,
    operation: 'bb84.run',
    input: {
      ...input,
      link: {
        ...input.link,
        timing: { repetitionRateHz: 1e9, deadTimeNs: 0, jitterPs: 0, gateWidthPs },
      },
    },
    output: pinned.output,
  });
  const link = at(25, { afterpulseProb: 0.01 });
  const pulses = 1_000_000;
  const model = timedRatesBySpec(link, GHZ_TIMING, 1.1, DEFAULT_MODEL);
  const clicksPerSlot = model.openGateFraction * model.clickProbPerOpenGate;
  const timed = await regression(
    {
      name: 'decoy BB84 on GHZ_GATED_TIMING, 1 % after-pulsing, 25 km, seed 6, 10⁶ pulses (regression)',
      description:
        'No second path for a simulation: pinned output. Checked before pinning: equal keys, no abort, every pulse counted as sent, clicks within 5 binomial σ of 10⁶·d·c of §8.4.',
      operation: 'bb84.run',
      input: { link: { ...link, timing: GHZ_TIMING }, pulses, seed: 6 },
    },
    (o) => {
      const total = (c: Record<string, number>) => c['signal']! + c['decoy']! + c['vacuum']!;
      assert(o.aliceKey === o.bobKey && o.aliceKey.length > 0, 'timed run: keys agree');
      assert(o.report.abortReason === null, 'timed run: no abort');
      assert(total(o.report.sent) === pulses, 'timed run: shut gates still count as sent');
      const sigma = Math.sqrt(pulses * clicksPerSlot * (1 - clicksPerSlot));
      const off = Math.abs(total(o.report.detected) - pulses * clicksPerSlot) / sigma;
      assert(off < 5, `timed run: clicks within 5σ of R·d·c (${off.toFixed(2)}σ)`);
    },
  );
  return [clockOnly(1000), clockOnly(1), timed];
}

/** Every vector of time-axis.json; `pinned` is the 25 km no-timing run of protocols.json. */
export async function timeAxisVectors(pinned: Vector): Promise<Vector[]> {
  return [
    {
      name: 'GHZ_GATED_TIMING is the 1 GHz gated system of §8.4',
      operation: 'timing.ghzGated',
      input: {},
      output: GHZ_TIMING,
    },
    ...gateModelVectors(),
    ...timedRateVectors(),
    ...timingRefusals(),
    ...poolVectors(),
    ...(await simulationVectors(pinned)),
  ];
}
