import { describe, expect, it } from 'vitest';
import { DEFAULT_EKS_LINK } from '../src/eks-link.js';
import {
  EKS_LINK_SLACK_MS,
  EKS_ROUND_PERIOD_LIMITS_MS,
  EksLinkClock,
  eksLinkRates,
  eksPulsesPerPeriod,
  eksRoundDurationMs,
} from '../src/eks-link-time.js';
import { runEksRound } from '../src/eks-round-run.js';
import { expectQkdError } from './expect-error.js';

describe('the EKS link on its time axis', () => {
  it('makes a round of P pulses P/R of link time, R = 1 MHz', () => {
    expect(eksRoundDurationMs(1_000_000)).toBe(1000);
    expect(eksRoundDurationMs(DEFAULT_EKS_LINK.pulsesPerRound)).toBeCloseTo(1048.576, 9);
    expect(EKS_ROUND_PERIOD_LIMITS_MS).toStrictEqual({ min: 2, max: 4194 });
    expect(EKS_LINK_SLACK_MS).toBeCloseTo(8388.608, 9);
  });

  it('gives a round period the pulses its source sends in it', () => {
    expect(eksPulsesPerPeriod(1000)).toBe(1_000_000);
    expect(eksPulsesPerPeriod(50)).toBe(50_000);
    expect(eksPulsesPerPeriod(4194)).toBe(4_194_000);
    expectQkdError(() => eksPulsesPerPeriod(4195), 'INVALID_PARAMETER', 'periodMs');
    expectQkdError(() => eksPulsesPerPeriod(1), 'INVALID_PARAMETER', 'periodMs');
    expectQkdError(() => eksPulsesPerPeriod(100.5), 'INVALID_PARAMETER', 'periodMs');
  });

  it('delivers, in simulated rounds, 85–95 % of the modelled asymptotic rate (f = 1.1) per second of link time', () => {
    // 8 rounds of 10⁶ pulses per distance (fixed seeds). The gap is the finite-size cost of a
    // round: the disclosed QBER sample, the verification tag and the privacy-amplification margin.
    const figures: Record<number, number> = {};
    for (const km of [10, 25, 50]) {
      const link = { ...DEFAULT_EKS_LINK, distanceKm: km, pulsesPerRound: 1_000_000 };
      let bits = 0;
      for (let s = 0; s < 8; s++) {
        const o = runEksRound(new Uint8Array(32).fill(s + 1), link, 'alice');
        if (o.ok) bits += o.key.length * 8;
      }
      const simulatedBps = bits / 8 / (eksRoundDurationMs(link.pulsesPerRound) / 1000);
      figures[km] = simulatedBps / eksLinkRates(link, 1.1).secretBitsPerSecond;
    }
    for (const ratio of Object.values(figures)) {
      expect(ratio).toBeGreaterThan(0.85);
      expect(ratio).toBeLessThan(0.95);
    }
    expect(
      eksLinkRates({ ...DEFAULT_EKS_LINK, distanceKm: 10 }, 1.1).secretBitsPerSecond,
    ).toBeCloseTo(10_029, -1);
  });
});

describe('EksLinkClock: rounds no faster than link time passes', () => {
  it('admits a round per second of a 1 s round period indefinitely', () => {
    const clock = new EksLinkClock(5_000);
    for (let i = 0; i < 1000; i++) expect(clock.admit(1_000_000, 5_000 + i * 1000)).toBe(true);
    expect(clock.admittedMs).toBe(1_000_000);
  });

  it('admits a flood only up to the slack, then one round per round period of wall time', () => {
    const clock = new EksLinkClock(0);
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (clock.admit(1_000_000, 0)) admitted++;
    expect(admitted).toBe(8); // ⌊8 388.6 ms / 1 000 ms⌋
    // The ninth needs 9 000 ms of link time: 8 388.6 ms of slack plus 611.4 ms of wall time.
    expect(clock.admit(1_000_000, 611)).toBe(false);
    expect(clock.admit(1_000_000, 612)).toBe(true);
    expect(clock.admit(1_000_000, 612)).toBe(false);
    // A refused round costs nothing: the budget is what it was.
    expect(clock.admittedMs).toBe(9000);
  });

  it('fits two of the longest rounds in the slack exactly, and no third', () => {
    const clock = new EksLinkClock(0);
    expect(clock.admit(4_194_304, 0)).toBe(true);
    expect(clock.admit(4_194_304, 0)).toBe(true);
    expect(clock.admit(4_194_304, 0)).toBe(false);
    expect(clock.admit(1_024, 0)).toBe(false);
  });

  it('lets an idle session save up no more than the slack', () => {
    const clock = new EksLinkClock(0);
    let admitted = 0;
    for (let i = 0; i < 100; i++) if (clock.admit(1_000_000, 3_600_000)) admitted++;
    expect(admitted).toBe(8);
    // A clock that steps back (a caller's mistake) gives no credit either.
    expect(clock.admit(1_000_000, 0)).toBe(false);
  });

  it('bounds the pulses a flooding peer gets simulated to R per second plus the slack', () => {
    const clock = new EksLinkClock(0);
    let pulses = 0;
    for (let t = 0; t <= 60_000; t += 10) if (clock.admit(4_194_304, t)) pulses += 4_194_304;
    expect(pulses).toBeLessThanOrEqual(1e6 * 60 + 1e3 * EKS_LINK_SLACK_MS);
    expect(pulses).toBeGreaterThan(1e6 * 60 - 4_194_304);
  });
});
