import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decoyBb84Rates } from '../src/analytic.js';
import { GHZ_GATED_TIMING, type LinkTiming } from '../src/link-timing.js';
import { DEFAULT_DECOY_SOURCE, DEFAULT_DETECTOR, type DecoyBb84Link } from '../src/physics.js';
import { timedDecoyRates, timeToFillPool } from '../src/timed-rates.js';
import { expectQkdError } from './expect-error.js';

const linkAt = (distanceKm: number, afterpulseProb = 0): DecoyBb84Link => ({
  source: DEFAULT_DECOY_SOURCE,
  fibre: { distanceKm, lossDbPerKm: 0.2 },
  detector: { ...DEFAULT_DETECTOR, afterpulseProb },
  attack: { kind: 'none' },
});
/** A 1 GHz source with nothing on the time axis but the clock. */
const IDEAL: LinkTiming = { repetitionRateHz: 1e9, deadTimeNs: 0, jitterPs: 0, gateWidthPs: 1000 };
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('timedDecoyRates: the per-pulse model on a time axis', () => {
  it('is R · P(signal) · (key per signal pulse) when only the clock is modelled', () => {
    for (const km of [0, 25, 100]) {
      const t = timedDecoyRates(linkAt(km), IDEAL, 1.1);
      const perPulse = decoyBb84Rates(linkAt(km), 1.1).decoyPractical;
      expect(rel(t.secretBitsPerSecond, 1e9 * 0.8 * perPulse)).toBeLessThan(1e-12);
      expect(t.openGateFraction).toBe(1);
      expect(t.backgroundYield).toBeCloseTo(1 - (1 - 1e-6) ** 2, 15);
    }
  });

  it('reports the infinite-decoy rate and the fibre PLOB bound per second on the same clock', () => {
    const t = timedDecoyRates(linkAt(25), IDEAL, 1.1);
    const perPulse = decoyBb84Rates(linkAt(25), 1.1);
    expect(rel(t.infiniteDecoyBitsPerSecond, 1e9 * 0.8 * perPulse.decoyInfinite)).toBeLessThan(
      1e-12,
    );
    expect(rel(t.plobFibreBitsPerSecond, 1e9 * perPulse.plobFibre)).toBeLessThan(1e-12);
  });

  it('adds the photons the neighbours spill: 1 − (Σ p_j·e^(−η·μ_j·p_spill))² (σ = 300 ps on 1 ns windows)', () => {
    const timing = { ...IDEAL, jitterPs: 300 };
    const t = timedDecoyRates(linkAt(25), timing, 1.1);
    expect(t.spillProb).toBeCloseTo(0.0478, 4);
    const eta = 0.2 * 10 ** -0.5;
    const none =
      0.8 * Math.exp(-eta * 0.5 * t.spillProb) +
      0.15 * Math.exp(-eta * 0.1 * t.spillProb) +
      0.05 * Math.exp(-eta * 0 * t.spillProb);
    expect(rel(t.spillYield, 1 - none * none)).toBeLessThan(1e-12);
    // With a vacuum class of mean 0.05 the vacuum term counts too.
    const weakVacuum = { ...linkAt(25), source: { ...DEFAULT_DECOY_SOURCE, vacuumMean: 0.05 } };
    const w = timedDecoyRates(weakVacuum, timing, 1.1);
    const noneW =
      0.8 * Math.exp(-eta * 0.5 * w.spillProb) +
      0.15 * Math.exp(-eta * 0.1 * w.spillProb) +
      0.05 * Math.exp(-eta * 0.05 * w.spillProb);
    expect(rel(w.spillYield, 1 - noneW * noneW)).toBeLessThan(1e-12);
    // The click probability per open gate is the fixed point with that background.
    const bg = 1 - (1 - (1 - (1 - 1e-6) ** 2)) * (1 - t.spillYield);
    const etaOpen = eta * t.inWindowProb;
    const c =
      0.8 * (1 - (1 - bg) * Math.exp(-etaOpen * 0.5)) +
      0.15 * (1 - (1 - bg) * Math.exp(-etaOpen * 0.1)) +
      0.05 * bg;
    expect(rel(t.clickProbPerOpenGate, c)).toBeLessThan(1e-12);
  });

  it('treats an after-pulse as a background yield: a = c·p_ap, Q′ = (1 − a)·Q + a', () => {
    const p = 0.05;
    const t = timedDecoyRates(linkAt(10, p), IDEAL, 1);
    expect(rel(t.afterpulseYield, t.clickProbPerOpenGate * p)).toBeLessThan(1e-12);
    const q = decoyBb84Rates(linkAt(10), 1).gainSignal;
    expect(rel(t.gainSignal, (1 - t.afterpulseYield) * q + t.afterpulseYield)).toBeLessThan(1e-9);
    expect(t.qberSignal).toBeGreaterThan(decoyBb84Rates(linkAt(10), 1).qberSignal);
  });

  it('keeps a fraction d = 1/(1 + c·k) of the gates open under a dead time of k gates', () => {
    const t = timedDecoyRates(linkAt(0), GHZ_GATED_TIMING, 1.1);
    expect(t.blockedGates).toBe(99);
    expect(t.openGateFraction * (1 + t.clickProbPerOpenGate * 99)).toBeCloseTo(1, 12);
    expect(t.detectionsPerSecond).toBeCloseTo(1e9 * t.openGateFraction * t.clickProbPerOpenGate, 0);
    // At 0 km the detector is saturated: about 12 % of the gates open, at 100 km 93 %.
    expect(t.openGateFraction).toBeGreaterThan(0.12);
    expect(t.openGateFraction).toBeLessThan(0.125);
    expect(timedDecoyRates(linkAt(100), GHZ_GATED_TIMING, 1.1).openGateFraction).toBeGreaterThan(
      0.92,
    );
  });

  it('gives the figures docs/benchmarks/eks-qkd-sim.md quotes for the 1 GHz gated link (f = 1.1, 1 % after-pulsing)', () => {
    const bps = (km: number) =>
      timedDecoyRates(linkAt(km, 0.01), GHZ_GATED_TIMING, 1.1).secretBitsPerSecond;
    expect(bps(10) / 1e6).toBeCloseTo(1.506, 3);
    expect(bps(50) / 1e3).toBeCloseTo(753.3, 1);
    expect(bps(100) / 1e3).toBeCloseTo(120.0, 1);
  });

  it('never beats the PLOB bound of the fibre, never rises with distance, never gains from timing effects', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 300, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        (km, deadNs, jitterPs, ap) => {
          const timing = { ...GHZ_GATED_TIMING, deadTimeNs: deadNs, jitterPs };
          const t = timedDecoyRates(linkAt(km, ap), timing, 1.1);
          const further = timedDecoyRates(linkAt(km + 5, ap), timing, 1.1);
          const ideal = timedDecoyRates(linkAt(km), IDEAL, 1.1);
          return (
            t.secretBitsPerSecond <= t.plobFibreBitsPerSecond &&
            further.secretBitsPerSecond <= t.secretBitsPerSecond &&
            t.secretBitsPerSecond <= ideal.secretBitsPerSecond * (1 + 1e-12)
          );
        },
      ),
      { seed: 20261205, numRuns: 200 },
    );
  });

  it('refuses a link or timing outside the model, naming the field', () => {
    expectQkdError(
      () => timedDecoyRates(linkAt(-1), IDEAL),
      'INVALID_PARAMETER',
      'fibre.distanceKm',
    );
    expectQkdError(
      () => timedDecoyRates(linkAt(10), { ...IDEAL, gateWidthPs: 2000 }),
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
    );
    // A saturated detector whose after-pulses make more than 0.1 noise per gate.
    const bright: DecoyBb84Link = {
      ...linkAt(0, 0.5),
      source: { ...DEFAULT_DECOY_SOURCE, signalMean: 2, decoyMean: 0.5 },
      detector: { ...DEFAULT_DETECTOR, efficiency: 1, afterpulseProb: 0.5 },
    };
    expectQkdError(() => timedDecoyRates(bright, IDEAL), 'INVALID_PARAMETER', 'timing');
    // Dark counts alone above 0.1 per gate (Y0 = 1 − 0.94² = 0.116): the detector is named.
    const noisy = { ...linkAt(10), detector: { ...DEFAULT_DETECTOR, darkCountProb: 0.06 } };
    expectQkdError(
      () => timedDecoyRates(noisy, IDEAL),
      'INVALID_PARAMETER',
      'detector.darkCountProb',
    );
    const faint = { ...linkAt(10), detector: { ...DEFAULT_DETECTOR, efficiency: 1e-5 } };
    expectQkdError(
      () => timedDecoyRates(faint, { ...IDEAL, gateWidthPs: 1, jitterPs: 100 }),
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
    );
  });
});

describe('timeToFillPool', () => {
  it('is bits / rate, 0 for an empty pool and Infinity for a link without key', () => {
    expect(timeToFillPool(1024 * 256, 1e4)).toBeCloseTo(26.2144, 10);
    expect(timeToFillPool(0, 0)).toBe(0);
    expect(timeToFillPool(256, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a negative or non-finite size or rate', () => {
    expectQkdError(() => timeToFillPool(-1, 1), 'INVALID_PARAMETER', 'bits');
    expectQkdError(() => timeToFillPool(Number.NaN, 1), 'INVALID_PARAMETER', 'bits');
    expectQkdError(() => timeToFillPool(1, -1), 'INVALID_PARAMETER', 'bitsPerSecond');
    expectQkdError(
      () => timeToFillPool(1, Number.POSITIVE_INFINITY),
      'INVALID_PARAMETER',
      'bitsPerSecond',
    );
  });
});
