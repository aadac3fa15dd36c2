import { describe, expect, it } from 'vitest';
import {
  type DetectionRecord,
  FLAG_ALICE_BASIS,
  FLAG_ALICE_BIT,
  FLAG_BOB_BASIS,
  FLAG_BOB_BIT,
  SIGNAL,
  simulateDecoyBb84,
} from '../src/bb84-sim.js';
import { runDecoyBb84 } from '../src/decoy-bb84.js';
import { gateModelOf, type LinkTiming } from '../src/link-timing.js';
import { DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR, type DecoyBb84Link } from '../src/physics.js';
import { Xoshiro128 } from '../src/prng.js';
import { type TimedRates, timedDecoyRates } from '../src/timed-rates.js';
import { expectQkdError } from './expect-error.js';

/**
 * A 2.5 GHz source into a detector with a long dead time (50 ns: 124 gates shut per click), a
 * 100 ps window against 120 ps of jitter (a third of the photons in their window, 0.17 % in each
 * neighbour's) and 2 % after-pulsing: every timing effect is large here.
 */
const TIMING: LinkTiming = {
  repetitionRateHz: 2.5e9,
  deadTimeNs: 50,
  jitterPs: 120,
  gateWidthPs: 100,
};
const link = (timing?: LinkTiming): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm: 25, lossDbPerKm: 0.2 },
  detector: { ...DEFAULT_DETECTOR, afterpulseProb: 0.02 },
  attack: { kind: 'none' },
  ...(timing === undefined ? {} : { timing }),
});
const PULSES = 20_000_000;

describe('the simulator on a time axis agrees with timedDecoyRates', () => {
  // Computed on first use inside a test, so that each test is charged with the code it runs.
  let cached: { model: TimedRates; record: DetectionRecord } | undefined;
  const run = () => {
    cached ??= {
      model: timedDecoyRates(link(), TIMING, 1),
      record: simulateDecoyBb84(link(TIMING), PULSES, new Xoshiro128(new Uint8Array(16).fill(3))),
    };
    return cached;
  };

  it('models a regime where every effect matters', () => {
    const { model } = run();
    const g = gateModelOf(TIMING);
    expect(g.blockedGates).toBe(124);
    expect(g.inWindowProb).toBeCloseTo(0.3231, 4);
    expect(g.spillProb).toBeCloseTo(0.00168, 5);
    expect(model.openGateFraction).toBeLessThan(0.8);
    expect(model.afterpulseYield).toBeGreaterThan(10 * 2e-6);
  });

  it('clicks in d·c of the slots (5 binomial σ; the dead time makes counts sub-binomial)', () => {
    const { model, record } = run();
    const p = model.openGateFraction * model.clickProbPerOpenGate;
    const sigma = Math.sqrt(PULSES * p * (1 - p));
    expect(Math.abs(record.count - PULSES * p)).toBeLessThan(5 * sigma);
  });

  it('gives each intensity class the gain d·Q′ (5 binomial σ per class)', () => {
    const { model, record } = run();
    const counts = [0, 0, 0];
    for (let i = 0; i < record.count; i++) counts[record.intensity[i]!]!++;
    const d = model.openGateFraction;
    const a = model.backgroundYield;
    const eta = 0.2 * 10 ** -0.5 * gateModelOf(TIMING).inWindowProb;
    const means = [0.5, 0.1, 0];
    for (let cls = 0; cls < 3; cls++) {
      const expected = d * (1 - (1 - a) * Math.exp(-eta * means[cls]!));
      const n = record.sent[cls]!;
      const sigma = Math.sqrt(n * expected * (1 - expected));
      expect(Math.abs(counts[cls]! - n * expected)).toBeLessThan(5 * sigma);
    }
  });

  it('has the modelled QBER on sifted signal bits (5 binomial σ)', () => {
    const { model, record } = run();
    let sifted = 0;
    let errors = 0;
    for (let i = 0; i < record.count; i++) {
      const f = record.flags[i]!;
      if (record.intensity[i] !== SIGNAL) continue;
      if (((f & FLAG_ALICE_BASIS) === 0) !== ((f & FLAG_BOB_BASIS) === 0)) continue;
      sifted++;
      if (((f & FLAG_ALICE_BIT) === 0) !== ((f & FLAG_BOB_BIT) === 0)) errors++;
    }
    const e = model.qberSignal;
    expect(Math.abs(errors - sifted * e)).toBeLessThan(5 * Math.sqrt(sifted * e * (1 - e)));
  });

  it('distils, over the whole chain, the modelled bits per second within ±15 % at the run’s own f', () => {
    // ~33 000 sifted signal bits: the same size as the per-pulse chain test of spec §8.3.
    const run = runDecoyBb84({ link: link(TIMING), pulses: PULSES, seed: 11 }).report;
    const f = run.reconciliation!.efficiency;
    const modelled = timedDecoyRates(link(), TIMING, f).secretBitsPerSecond;
    const simulated = run.finalKeyBits / (PULSES / TIMING.repetitionRateHz);
    expect(simulated / modelled).toBeGreaterThan(0.85);
    expect(simulated / modelled).toBeLessThan(1.15);
  });

  it('leaves the records of a link without a time axis byte for byte as they were', () => {
    const rng = () => new Xoshiro128(new Uint8Array(16).fill(5));
    const plain = simulateDecoyBb84(link(), 200_000, rng());
    const clockOnly = simulateDecoyBb84(
      link({ repetitionRateHz: 1e9, deadTimeNs: 0, jitterPs: 0, gateWidthPs: 1000 }),
      200_000,
      rng(),
    );
    expect(clockOnly.count).toBe(plain.count);
    expect(clockOnly.flags).toEqual(plain.flags);
    expect(clockOnly.intensity).toEqual(plain.intensity);
  });

  it('refuses a timing outside the model, naming the field', () => {
    expectQkdError(
      () =>
        simulateDecoyBb84(
          link({ ...TIMING, gateWidthPs: 500 }),
          10,
          new Xoshiro128(new Uint8Array(16)),
        ),
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
    );
  });
});
