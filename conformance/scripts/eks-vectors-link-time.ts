/**
 * Vectors of an EKS link's time (docs/spec/eks-qkd-sim.md §9.3), for eks-link-time.json: the
 * constants, the pulses of a round period, a round's link time and the mirroring end's token
 * bucket, all written here again from the spec's text. The bucket is kept in whole microseconds
 * (one pulse of the 1 MHz source each), so the second path does its arithmetic in integers.
 */
import { assert, refused, type Vector } from './eks-vectors-harness.js';

/** §9.3: a 1 MHz source; rounds of 2¹⁰ … 2²² pulses (the wire bounds of §9.1). */
const RATE_HZ = 1_000_000;
const MIN_PULSES = 2 ** 10;
const MAX_PULSES = 2 ** 22;
const MS_PER_PULSE = 1000 / RATE_HZ;
/** Round periods (integer ms) whose pulses fit the wire bounds: [⌈2¹⁰/R⌉, ⌊2²²/R⌋] in ms. */
const PERIOD_MIN_MS = Math.ceil((MIN_PULSES * 1000) / RATE_HZ);
const PERIOD_MAX_MS = Math.floor((MAX_PULSES * 1000) / RATE_HZ);
/** The slack, two of the longest rounds, in µs of link time (= pulses at 1 MHz). */
const SLACK_US = 2 * MAX_PULSES;

interface Admission {
  pulses: number;
  nowMs: number;
}

/**
 * §9.3's bucket: full when the session opens, refilled at 1 ms per ms of wall time up to the
 * slack, emptied by each admitted round's P/R; a round that does not fit is refused and leaves
 * the bucket as it was. Times here never run backwards (the spec does not say what they do).
 */
function clockBySpec(startMs: number, admissions: Admission[]) {
  let creditUs = SLACK_US;
  let lastMs = startMs;
  let admittedUs = 0;
  const admitted = admissions.map(({ pulses, nowMs }) => {
    assert(nowMs >= lastMs && Number.isInteger(nowMs), 'wall time in whole ms, never backwards');
    creditUs = Math.min(SLACK_US, creditUs + (nowMs - lastMs) * 1000);
    lastMs = nowMs;
    const costUs = pulses; // one µs of link time per pulse at 1 MHz
    if (costUs > creditUs) return false;
    creditUs -= costUs;
    admittedUs += costUs;
    return true;
  });
  return { admitted, admittedMs: admittedUs / 1000 };
}

const rounds = (pulses: number, nowMs: number, count: number): Admission[] =>
  Array.from({ length: count }, () => ({ pulses, nowMs }));
const everyPeriod = (pulses: number, fromMs: number, periodMs: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ pulses, nowMs: fromMs + i * periodMs }));

function clockVector(name: string, startMs: number, admissions: Admission[]): Vector {
  return {
    name,
    operation: 'eksLink.clock',
    input: { startMs, admissions },
    output: clockBySpec(startMs, admissions),
    // admittedMs sums decimal round durations (1048.576 ms …): 10⁻⁹ ms absorbs their rounding.
    tolerance: 1e-9,
  };
}

function clockVectors(): Vector[] {
  const second = 1_000_000; // pulses of a 1 000 ms round period
  const flood = clockVector('a flood of 1 000 ms rounds at t = 0, then one per period', 0, [
    ...rounds(second, 0, 10),
    ...everyPeriod(second, 1000, 1000, 5),
    { pulses: second, nowMs: 5000 },
  ]);
  const idle = clockVector('one round, an idle hour, then a flood: the slack caps the saving', 0, [
    { pulses: second, nowMs: 0 },
    ...rounds(second, 3_600_000, 10),
  ]);
  const longest = clockVector(
    'rounds of 2²² pulses at t = 0: exactly two fit the slack, the third does not',
    0,
    rounds(MAX_PULSES, 0, 3),
  );
  const drift = clockVector(
    'rounds of 2²⁰ pulses (1 048.576 ms) every 1 000 ms from an epoch time: refused once the slack runs out',
    1_700_000_000_000,
    everyPeriod(2 ** 20, 1_700_000_000_000, 1000, 200),
  );
  const got = (v: Vector) => (v.output as { admitted: boolean[] }).admitted;
  assert(got(flood).filter(Boolean).length === 8 + 5, 'flood: 8 of 10 fit, then one per period');
  assert(got(flood).at(-1) === false, 'flood: a second round in the same period does not fit');
  assert(got(idle).join() === [true, ...Array(8).fill(true), false, false].join(), 'idle');
  assert(got(longest).join() === 'true,true,false', 'two of the longest rounds fill the slack');
  // 48.576 ms more link time than wall time per round: the slack lasts ~170 rounds, then rounds
  // are admitted only as the bucket refills.
  assert(got(drift).includes(false) && got(drift).slice(0, 150).every(Boolean), 'drift');
  return [flood, idle, longest, drift];
}

function periodVectors(): Vector[] {
  const pulses = (periodMs: number): Vector => ({
    name: `a ${periodMs} ms round period sends ${(periodMs * RATE_HZ) / 1000} pulses`,
    operation: 'eksLink.pulsesPerPeriod',
    input: { periodMs },
    output: (periodMs * RATE_HZ) / 1000,
  });
  const refusedPeriod = (name: string, periodMs: unknown) =>
    refused(name, 'eksLink.pulsesPerPeriod', { periodMs }, 'periodMs');
  const duration = (p: number): Vector => ({
    name: `a round of ${p} pulses is ${p * MS_PER_PULSE} ms of link time`,
    operation: 'eksLink.roundDurationMs',
    input: { pulses: p },
    output: p * MS_PER_PULSE,
    tolerance: 1e-12,
  });
  return [
    pulses(PERIOD_MIN_MS),
    pulses(1000),
    pulses(PERIOD_MAX_MS),
    refusedPeriod(`a period of ${PERIOD_MIN_MS - 1} ms (fewer than 2¹⁰ pulses)`, PERIOD_MIN_MS - 1),
    refusedPeriod(`a period of ${PERIOD_MAX_MS + 1} ms (more than 2²² pulses)`, PERIOD_MAX_MS + 1),
    refusedPeriod('a period of 1.5 ms (not whole ms)', 1.5),
    refusedPeriod('a period of 0 ms', 0),
    refusedPeriod('a period given as a string', '1000'),
    duration(MIN_PULSES),
    duration(RATE_HZ),
    duration(2 ** 20),
    duration(MAX_PULSES),
  ];
}

/** Every vector of eks-link-time.json. */
export function linkTimeVectors(): Vector[] {
  assert(PERIOD_MIN_MS === 2 && PERIOD_MAX_MS === 4194, 'the spec quotes [2, 4 194] ms');
  return [
    {
      name: 'EKS link constants: 1 MHz, window = slot, periods 2 … 4 194 ms, slack 2·2²²/R',
      operation: 'eksLink.constants',
      input: {},
      output: {
        repetitionRateHz: RATE_HZ,
        timing: {
          repetitionRateHz: RATE_HZ,
          deadTimeNs: 0,
          jitterPs: 0,
          gateWidthPs: 1e12 / RATE_HZ,
        },
        roundPeriodLimitsMs: { min: PERIOD_MIN_MS, max: PERIOD_MAX_MS },
        slackMs: SLACK_US / 1000,
      },
      tolerance: 1e-9,
    },
    ...periodVectors(),
    ...clockVectors(),
  ];
}
