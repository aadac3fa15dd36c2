import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GHZ_GATED_TIMING,
  gateModelOf,
  type LinkTiming,
  validateLinkTiming,
} from '../src/link-timing.js';
import { erfc, normalCdf } from '../src/normal.js';
import { expectQkdError } from './expect-error.js';

const timing = (t: Partial<LinkTiming>): LinkTiming => ({ ...GHZ_GATED_TIMING, ...t });

describe('the normal distribution behind the jitter model', () => {
  it('meets tabulated values of erfc and Φ to 1.2e-7 relative (Abramowitz & Stegun, table 7.1 / 26.1)', () => {
    const table: [number, number][] = [
      [0, 1],
      [0.5, 0.479500122],
      [1, 0.157299207],
      [2, 0.004677735],
      [3, 0.0000220905],
    ];
    for (const [x, v] of table) {
      expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1.2e-7);
      expect(Math.abs(erfc(-x) - (2 - v))).toBeLessThan(1.2e-7 * 2);
    }
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 8);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
  });
});

describe('gateModelOf: what a timing means per slot', () => {
  it('counts ⌈τ·R⌉ − 1 shut gates after a click', () => {
    expect(gateModelOf(timing({ deadTimeNs: 100 })).blockedGates).toBe(99);
    expect(gateModelOf(timing({ deadTimeNs: 1 })).blockedGates).toBe(0); // exactly one period
    expect(gateModelOf(timing({ deadTimeNs: 1.5 })).blockedGates).toBe(1);
    expect(gateModelOf(timing({ deadTimeNs: 0.2 })).blockedGates).toBe(0);
    expect(gateModelOf(timing({ deadTimeNs: 0 })).blockedGates).toBe(0);
    expect(gateModelOf(timing({ repetitionRateHz: 1e6, deadTimeNs: 10_000 })).blockedGates).toBe(9);
  });

  it('keeps erf(w / 2√2σ) of the photons in their window: 68.27 % for w = 2σ, 95.45 % for w = 4σ', () => {
    expect(gateModelOf(timing({ jitterPs: 50, gateWidthPs: 100 })).inWindowProb).toBeCloseTo(
      0.682689,
      6,
    );
    expect(gateModelOf(timing({ jitterPs: 25, gateWidthPs: 100 })).inWindowProb).toBeCloseTo(
      0.9545,
      6,
    );
    expect(gateModelOf(timing({ jitterPs: 0 })).inWindowProb).toBe(1);
  });

  it('spills Φ((T + w/2)/σ) − Φ((T − w/2)/σ) into each neighbour: 0.757 % for T = 1000, w = 100, σ = 450 ps', () => {
    const g = gateModelOf(timing({ jitterPs: 450, gateWidthPs: 100 }));
    expect(g.periodPs).toBe(1000);
    expect(g.spillProb).toBeCloseTo(normalCdf(1050 / 450) - normalCdf(950 / 450), 12);
    expect(g.spillProb).toBeGreaterThan(0.00756);
    expect(g.spillProb).toBeLessThan(0.00757);
    expect(gateModelOf(timing({ jitterPs: 0 })).spillProb).toBe(0);
  });

  it('never puts more than all the photons in the three windows it models', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (w, s) => {
          const g = gateModelOf(timing({ gateWidthPs: w, jitterPs: s }));
          return (
            g.inWindowProb >= 0 && g.spillProb >= 0 && g.inWindowProb + 2 * g.spillProb <= 1 + 1e-9
          );
        },
      ),
    );
  });
});

describe('validateLinkTiming refuses a timing outside the model, naming the field', () => {
  it('refuses each bad parameter', () => {
    expectQkdError(
      () => validateLinkTiming(undefined as unknown as LinkTiming),
      'INVALID_PARAMETER',
      'timing',
    );
    expectQkdError(
      () => validateLinkTiming(timing({ repetitionRateHz: 0 })),
      'INVALID_PARAMETER',
      'timing.repetitionRateHz',
    );
    expectQkdError(
      () => validateLinkTiming(timing({ repetitionRateHz: 2e10 })),
      'INVALID_PARAMETER',
      'timing.repetitionRateHz',
    );
    expectQkdError(
      () => validateLinkTiming(timing({ deadTimeNs: -1 })),
      'INVALID_PARAMETER',
      'timing.deadTimeNs',
    );
    expectQkdError(
      () => validateLinkTiming(timing({ jitterPs: Number.NaN })),
      'INVALID_PARAMETER',
      'timing.jitterPs',
    );
    // A window wider than the slot would overlap the next one.
    expectQkdError(
      () => validateLinkTiming(timing({ gateWidthPs: 1001 })),
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
    );
    expectQkdError(
      () => validateLinkTiming(timing({ gateWidthPs: 0.5 })),
      'INVALID_PARAMETER',
      'timing.gateWidthPs',
    );
  });

  it('refuses a dead time of more than 10⁶ gates and a jitter that puts 1 % of the detections two slots away', () => {
    expectQkdError(
      () =>
        validateLinkTiming(
          timing({ repetitionRateHz: 1e10, deadTimeNs: 200_000, gateWidthPs: 50 }),
        ),
      'INVALID_PARAMETER',
      'timing.deadTimeNs',
    );
    expect(() =>
      validateLinkTiming(timing({ repetitionRateHz: 1e10, deadTimeNs: 100_000, gateWidthPs: 50 })),
    ).not.toThrow();
    expectQkdError(
      () => validateLinkTiming(timing({ jitterPs: 1000 })),
      'INVALID_PARAMETER',
      'timing.jitterPs',
    );
    expect(() => validateLinkTiming(timing({ jitterPs: 450 }))).not.toThrow();
  });

  it('draws both edges where the text says: k = 10⁶ accepted, a far tail of 0.93 % accepted and 1.03 % refused', () => {
    // 100 000.1 ns at 10 GHz is 1 000 001 slots: exactly 10⁶ shut gates.
    const edge = timing({ repetitionRateHz: 1e10, deadTimeNs: 100_000.1, gateWidthPs: 50 });
    expect(gateModelOf(edge).blockedGates).toBe(1_000_000);
    expect(() => validateLinkTiming(edge)).not.toThrow();
    // Far tail 2·Φ(−(2T − w/2)/σ) with T = 1000, w = 100: 0.93 % at σ = 750, 1.03 % at σ = 760.
    expect(2 * normalCdf(-1950 / 750)).toBeCloseTo(0.00932, 5);
    expect(() => validateLinkTiming(timing({ jitterPs: 750 }))).not.toThrow();
    expectQkdError(
      () => validateLinkTiming(timing({ jitterPs: 760 })),
      'INVALID_PARAMETER',
      'timing.jitterPs',
    );
  });
});
